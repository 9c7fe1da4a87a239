import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { destinationAddress, sourceAddress, subscriberNumber } from './smpp-address.ts';
import { describeStatus, submitOutcome } from './smpp-status.ts';

describe('SMPP addresses', () => {
  test('origination: E.164 is international without the +, short codes network-specific, anything else alphanumeric', () => {
    assert.deepEqual(sourceAddress('+15550001111'), { addr: '15550001111', ton: 1, npi: 1 });
    assert.deepEqual(sourceAddress('447700900123'), { addr: '447700900123', ton: 1, npi: 1 });
    assert.deepEqual(sourceAddress('+4412'), { addr: '4412', ton: 1, npi: 1 });
    assert.deepEqual(sourceAddress('12345'), { addr: '12345', ton: 3, npi: 0 });
    assert.deepEqual(sourceAddress('PINION'), { addr: 'PINION', ton: 5, npi: 0 });
    assert.deepEqual(sourceAddress('Shop 24'), { addr: 'Shop 24', ton: 5, npi: 0 });
  });

  test('destination: E.164 without the +, TON 1 NPI 1', () => {
    assert.deepEqual(destinationAddress('+447700900123'), { addr: '447700900123', ton: 1, npi: 1 });
  });

  test('a subscriber number from the SMSC becomes E.164', () => {
    assert.equal(subscriberNumber('447700900123'), '+447700900123');
    assert.equal(subscriberNumber('+447700900123'), '+447700900123');
    assert.equal(subscriberNumber('00447700900123'), '+447700900123');
    assert.equal(subscriberNumber('ACME'), undefined);
    assert.equal(subscriberNumber('123'), undefined);
    assert.equal(subscriberNumber('1234567890123456'), undefined);
  });
});

describe('submit_sm_resp command_status', () => {
  test('0 accepts with the SMSC message id', () => {
    assert.deepEqual(submitOutcome(0, 'abc123'), { status: 'SUCCESSFUL', statusCode: 200, statusMessage: 'Accepted by the SMSC', providerMessageId: 'abc123' });
  });

  test('throttling, permanent refusals, temporary and unknown ones', () => {
    assert.equal(submitOutcome(0x58, '').status, 'THROTTLED');
    assert.equal(submitOutcome(0x14, '').status, 'THROTTLED');
    const invalid = submitOutcome(0x0b, '');
    assert.equal(invalid.status, 'PERMANENT_FAILURE');
    assert.equal(invalid.statusMessage, 'The SMSC answered submit_sm with command_status 0x0000000B (ESME_RINVDSTADR: invalid destination address)');
    for (const status of [0x01, 0x0a, 0x43, 0x50, 0x51, 0x66]) assert.equal(submitOutcome(status, '').status, 'PERMANENT_FAILURE', describeStatus(status));
    assert.equal(submitOutcome(0x04, '').status, 'TEMPORARY_FAILURE');
    assert.equal(submitOutcome(0x64, '').status, 'TEMPORARY_FAILURE');
    assert.equal(submitOutcome(0x08, '').status, 'UNKNOWN_FAILURE');
    assert.equal(submitOutcome(0x45, '').status, 'UNKNOWN_FAILURE');
    assert.equal(submitOutcome(0x400, '').statusMessage, 'The SMSC answered submit_sm with command_status 0x00000400');
  });
});

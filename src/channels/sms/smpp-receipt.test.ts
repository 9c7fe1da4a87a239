import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDeliveryReceipt, parseDeliveryReceipt, receiptIdCandidates, receiptVerdict } from './smpp-receipt.ts';

const TEXT = 'id:0A1B2C3D sub:001 dlvrd:001 submit date:2611231200 done date:2611231201 stat:DELIVRD err:000 text:Hello there';

describe('SMPP delivery receipts', () => {
  test('esm_class message type 0x04 is a receipt, whatever the other bits', () => {
    assert.equal(isDeliveryReceipt(0x04), true);
    assert.equal(isDeliveryReceipt(0x44), true);
    assert.equal(isDeliveryReceipt(0x00), false);
    assert.equal(isDeliveryReceipt(0x40), false);
    assert.equal(isDeliveryReceipt(0x08), false);
    assert.equal(isDeliveryReceipt(0x20), false);
  });

  test('the receipt text gives id, stat and err', () => {
    assert.deepEqual(parseDeliveryReceipt(TEXT), { id: '0A1B2C3D', stat: 'DELIVRD', error: '000' });
    assert.deepEqual(parseDeliveryReceipt('ID:77 SUB:001 DLVRD:000 SUBMIT DATE:2611231200 DONE DATE:2611231201 STAT:undeliv ERR:001 TEXT:x'), { id: '77', stat: 'UNDELIV', error: '001' });
    assert.deepEqual(parseDeliveryReceipt('id:9 stat:EXPIRED'), { id: '9', stat: 'EXPIRED' });
  });

  test('receipted_message_id and message_state win over the text', () => {
    assert.deepEqual(parseDeliveryReceipt(TEXT, { receiptedMessageId: 'abc', messageState: 5 }), { id: 'abc', stat: 'UNDELIV', error: '000' });
    assert.deepEqual(parseDeliveryReceipt('', { receiptedMessageId: 'abc', messageState: 2 }), { id: 'abc', stat: 'DELIVRD' });
    assert.deepEqual(parseDeliveryReceipt(TEXT, { receiptedMessageId: '' }), { id: '0A1B2C3D', stat: 'DELIVRD', error: '000' });
  });

  test('no id or no stat: not a receipt Pinion can use', () => {
    assert.equal(parseDeliveryReceipt('stat:DELIVRD err:000'), undefined);
    assert.equal(parseDeliveryReceipt('id:123 err:000'), undefined);
    assert.equal(parseDeliveryReceipt('hello'), undefined);
    // "text:" mentioning an id does not count: the field must start a word.
    assert.equal(parseDeliveryReceipt('stat:DELIVRD text:myid:5'), undefined);
  });

  test('final states map to record_status; intermediate ones say nothing', () => {
    assert.deepEqual(receiptVerdict('DELIVRD'), { delivered: true, recordStatus: 'DELIVERED' });
    assert.deepEqual(receiptVerdict('undeliv'), { delivered: false, recordStatus: 'UNREACHABLE' });
    assert.deepEqual(receiptVerdict('EXPIRED'), { delivered: false, recordStatus: 'TTL_EXPIRED' });
    assert.deepEqual(receiptVerdict('REJECTD'), { delivered: false, recordStatus: 'BLOCKED' });
    assert.deepEqual(receiptVerdict('DELETED'), { delivered: false, recordStatus: 'UNKNOWN' });
    assert.deepEqual(receiptVerdict('UNKNOWN'), { delivered: false, recordStatus: 'UNKNOWN' });
    for (const stat of ['ENROUTE', 'ACCEPTD', 'SCHEDULED', 'SKIPPED', 'WHATEVER']) assert.equal(receiptVerdict(stat), undefined, stat);
  });

  test('a decimal receipt id is also looked up in hexadecimal', () => {
    assert.deepEqual(receiptIdCandidates('255'), ['255', 'ff', 'FF']);
    assert.deepEqual(receiptIdCandidates('10'), ['10', 'a', 'A']);
    assert.deepEqual(receiptIdCandidates('7'), ['7']);
    assert.deepEqual(receiptIdCandidates('0A1B'), ['0A1B']);
    assert.deepEqual(receiptIdCandidates('12345678901234567890'), ['12345678901234567890', 'ab54a98ceb1f0ad2', 'AB54A98CEB1F0AD2']);
  });
});

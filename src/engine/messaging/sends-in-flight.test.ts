import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SendsInFlight } from './sends-in-flight.ts';

test('an id is in flight from its acceptance until its send settles, per transport, counted per send', () => {
  const inFlight = new SendsInFlight();
  inFlight.add('smpp', '1A');
  assert.equal(inFlight.has('smpp', '1A'), true);
  assert.equal(inFlight.has('http-gateway', '1A'), false, 'another transport');
  // Two sends that got the same id (an SMSC reusing ids): settled one at a time.
  inFlight.add('smpp', '1A');
  inFlight.settle([{ transport: 'smpp', providerMessageId: '1A' }]);
  assert.equal(inFlight.has('smpp', '1A'), true);
  inFlight.settle([{ transport: 'smpp', providerMessageId: '1A' }]);
  assert.equal(inFlight.has('smpp', '1A'), false);
  assert.equal(inFlight.size, 0);
  // Settling what is not in flight (a send that threw before it was noted) changes nothing.
  inFlight.settle([{ transport: 'smpp', providerMessageId: 'ZZ' }]);
  assert.equal(inFlight.size, 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSimulatorEmail, simulatedEmailOutcome, simulatedPhoneOutcome, SMS_SIMULATOR_NUMBERS } from './simulator-destinations.ts';

test('SES mailbox simulator addresses produce their outcomes and follow-ups; any other address is delivered', () => {
  assert.deepEqual(simulatedEmailOutcome('success@simulator.amazonses.com').followUps, [{ kind: 'delivered' }]);
  assert.equal(simulatedEmailOutcome('Bounce@Simulator.AmazonSES.com').followUps![0]!.kind, 'hardbounce');
  assert.deepEqual(simulatedEmailOutcome('complaint@simulator.amazonses.com').followUps!.map((f) => f.kind), ['delivered', 'complaint']);
  assert.deepEqual(simulatedEmailOutcome('ooto@simulator.amazonses.com').followUps!.map((f) => f.kind), ['delivered', 'softbounce']);
  assert.equal(simulatedEmailOutcome('throttled@simulator.amazonses.com').status, 'THROTTLED');
  assert.equal(simulatedEmailOutcome('tempfail@simulator.amazonses.com').status, 'TEMPORARY_FAILURE');
  assert.equal(simulatedEmailOutcome('reject@simulator.amazonses.com').status, 'PERMANENT_FAILURE');
  assert.deepEqual(simulatedEmailOutcome('bounce@example.com').followUps, [{ kind: 'delivered' }]);
  assert.equal(isSimulatorEmail('bounce@example.com'), false);
  assert.equal(isSimulatorEmail('x@notsimulator.amazonses.com'), false);
});

test('SMS simulator numbers produce delivered, failed, opted-out, temporary, throttled and unknown outcomes', () => {
  assert.deepEqual(simulatedPhoneOutcome(SMS_SIMULATOR_NUMBERS.delivered).followUps, [{ kind: 'delivered' }]);
  assert.equal(simulatedPhoneOutcome(SMS_SIMULATOR_NUMBERS.failed).followUps![0]!.kind, 'failed');
  assert.equal(simulatedPhoneOutcome(SMS_SIMULATOR_NUMBERS.optedOut).status, 'OPT_OUT');
  assert.equal(simulatedPhoneOutcome(SMS_SIMULATOR_NUMBERS.temporaryFailure).status, 'TEMPORARY_FAILURE');
  assert.equal(simulatedPhoneOutcome(SMS_SIMULATOR_NUMBERS.throttled).status, 'THROTTLED');
  assert.equal(simulatedPhoneOutcome(SMS_SIMULATOR_NUMBERS.unknownFailure).status, 'UNKNOWN_FAILURE');
  assert.equal(simulatedPhoneOutcome('+14155550123').status, 'SUCCESSFUL');
});

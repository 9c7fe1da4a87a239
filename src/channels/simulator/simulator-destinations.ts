import type { DeliveryOutcome, FollowUp } from '../delivery-outcome.ts';
import type { PushOutcome } from '../transport.ts';
import { outcomes } from '../delivery-outcome.ts';

/**
 * Destinations with fixed outcomes, so that every result and event can be produced on purpose in
 * development and tests. Whatever transport is configured, these never leave Pinion.
 *
 * Email: Amazon SES's mailbox simulator addresses (success@, bounce@, ooto@, complaint@,
 * suppressionlist@simulator.amazonses.com), which code written for Pinpoint already uses, plus
 * three of Pinion's own for outcomes SES cannot simulate: throttled@, tempfail@ and reject@.
 *
 * SMS and voice: numbers in +1 206 555-01xx, the range North American numbering reserves for
 * fiction, so no real subscriber is ever reached by mistake.
 *
 * Push: device tokens that start with `simulator-unregistered` (the token is gone: the endpoint
 * goes INACTIVE), `simulator-throttled` or `simulator-failure`; any other token is delivered.
 */
export const EMAIL_SIMULATOR_DOMAIN = 'simulator.amazonses.com';

export const SMS_SIMULATOR_NUMBERS = {
  delivered: '+12065550100',
  failed: '+12065550101',
  optedOut: '+12065550102',
  temporaryFailure: '+12065550103',
  throttled: '+12065550104',
  unknownFailure: '+12065550105',
} as const;

const SMS_NUMBERS = new Set<string>(Object.values(SMS_SIMULATOR_NUMBERS));

export function isSimulatorEmail(address: string): boolean {
  return address.toLowerCase().endsWith(`@${EMAIL_SIMULATOR_DOMAIN}`);
}

export function isSimulatorNumber(address: string): boolean {
  return SMS_NUMBERS.has(address);
}

/** The outcome of an email to `address` in the simulator (any other address: delivered). */
export function simulatedEmailOutcome(address: string): DeliveryOutcome {
  const local = isSimulatorEmail(address) ? address.slice(0, address.indexOf('@')).toLowerCase() : '';
  const accepted = (followUps: readonly FollowUp[]): DeliveryOutcome => outcomes.accepted('', undefined, followUps);
  switch (local) {
    case 'bounce':
      return accepted([{ kind: 'hardbounce', reason: '550 5.1.1 user unknown (simulated)' }]);
    case 'suppressionlist':
      return accepted([{ kind: 'hardbounce', reason: 'address is on the suppression list (simulated)' }]);
    case 'ooto':
      return accepted([{ kind: 'delivered' }, { kind: 'softbounce', reason: 'out of the office (simulated auto-reply)' }]);
    case 'complaint':
      return accepted([{ kind: 'delivered' }, { kind: 'complaint' }]);
    case 'throttled':
      return outcomes.throttled('Sending rate exceeded (simulated)');
    case 'tempfail':
      return outcomes.temporary('451 4.3.0 mail server temporarily unavailable (simulated)');
    case 'reject':
      return outcomes.permanent('554 5.7.1 message rejected (simulated)');
    default:
      return accepted([{ kind: 'delivered' }]);
  }
}

/** The outcome of an SMS or voice message to `number` in the simulator (any other number: delivered). */
export function simulatedPhoneOutcome(number: string): DeliveryOutcome {
  switch (number) {
    case SMS_SIMULATOR_NUMBERS.failed:
      return outcomes.accepted('', undefined, [{ kind: 'failed', reason: 'UNREACHABLE' }]);
    case SMS_SIMULATOR_NUMBERS.optedOut:
      return outcomes.optOut('The destination phone number has opted out (simulated)');
    case SMS_SIMULATOR_NUMBERS.temporaryFailure:
      return outcomes.temporary('The carrier is temporarily unavailable (simulated)');
    case SMS_SIMULATOR_NUMBERS.throttled:
      return outcomes.throttled('Sending rate exceeded (simulated)');
    case SMS_SIMULATOR_NUMBERS.unknownFailure:
      return outcomes.unknown('The carrier answered with an unknown error (simulated)');
    default:
      return outcomes.accepted('', undefined, [{ kind: 'delivered' }]);
  }
}

export function isSimulatorToken(token: string): boolean {
  return token.startsWith('simulator-');
}

/** The outcome of a push notification to `token` in the simulator. */
export function simulatedPushOutcome(token: string): PushOutcome {
  if (token.startsWith('simulator-unregistered')) return { outcome: outcomes.permanent('The device token is no longer registered (simulated)', 410), tokenInvalid: true };
  if (token.startsWith('simulator-throttled')) return { outcome: outcomes.throttled('Too many notifications to this device (simulated)') };
  if (token.startsWith('simulator-failure')) return { outcome: outcomes.unknown('The push service failed (simulated)') };
  return { outcome: outcomes.accepted('', undefined, [{ kind: 'delivered' }]) };
}

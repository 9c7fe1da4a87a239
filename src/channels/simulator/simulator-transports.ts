import type { DeliveryOutcome } from '../delivery-outcome.ts';
import type { EmailTransport, OutboundEmail, OutboundPush, OutboundSms, OutboundVoice, PushOutcome, PushTransport, SmsTransport, VoiceTransport } from '../transport.ts';
import { simulatedEmailOutcome, simulatedPhoneOutcome, simulatedPushOutcome } from './simulator-destinations.ts';

/**
 * The simulator: nothing leaves the machine. The message log keeps what it took (the outbox a
 * person can read with `pinion outbox`), and the destination decides the outcome.
 */
export const SIMULATOR = 'simulator';

export class SimulatorEmailTransport implements EmailTransport {
  readonly name = SIMULATOR;
  send(message: OutboundEmail): Promise<DeliveryOutcome> {
    return Promise.resolve(simulatedEmailOutcome(message.to));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class SimulatorSmsTransport implements SmsTransport {
  readonly name = SIMULATOR;
  send(message: OutboundSms): Promise<DeliveryOutcome> {
    return Promise.resolve(simulatedPhoneOutcome(message.destination));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class SimulatorVoiceTransport implements VoiceTransport {
  readonly name = SIMULATOR;
  send(message: OutboundVoice): Promise<DeliveryOutcome> {
    return Promise.resolve(simulatedPhoneOutcome(message.destination));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Push in the simulator: every token is delivered, except the fixed ones of simulatedPushOutcome. */
export class SimulatorPushTransport implements PushTransport {
  readonly name = SIMULATOR;
  send(message: OutboundPush): Promise<PushOutcome> {
    return Promise.resolve(simulatedPushOutcome(message.token));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

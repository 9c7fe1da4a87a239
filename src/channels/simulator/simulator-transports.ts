import type { DeliveryOutcome } from '../delivery-outcome.ts';
import type { EmailTransport, OutboundEmail, OutboundSms, SmsTransport } from '../transport.ts';
import { simulatedEmailOutcome, simulatedPhoneOutcome } from './simulator-destinations.ts';

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

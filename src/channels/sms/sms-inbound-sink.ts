import type { DeliveryReceipt } from './smpp-receipt.ts';

/** An inbound (mobile-originated) SMS that is not a receipt. */
export interface InboundSms {
  /** The subscriber's number, E.164. */
  readonly from: string;
  /** The number (or short code) it was sent to, as the SMSC gave it. */
  readonly to: string;
  readonly text: string;
}

/**
 * Where an SMS transport hands what comes back from the network: delivery receipts and inbound
 * messages. Implemented by the engine (engine/messaging/sms-inbound.ts), which owns the message
 * log, the endpoints and the opt-out record; the transport only speaks its protocol.
 */
export interface SmsInboundSink {
  /**
   * A receipt for a message the transport named `transport` accepted; throws when it could not be
   * recorded (the SMSC should send it again). An error with `expected: true` is a normal race (the
   * receipt came before its send was recorded; see expected-refusal.ts).
   */
  receipt(transport: string, receipt: DeliveryReceipt): Promise<void>;
  /** Handles keywords; answers the texts to send back to the subscriber (none, or one). */
  inbound(message: InboundSms): Promise<readonly string[]>;
}

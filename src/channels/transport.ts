import type { DeliveryOutcome } from './delivery-outcome.ts';

/** One email to one recipient, composed and rendered. */
export interface OutboundEmail {
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly replyTo?: readonly string[];
  /** RawEmail: the whole MIME message as the caller built it (From/To taken from it as given). */
  readonly raw?: Buffer;
  readonly subject?: string;
  readonly html?: string;
  readonly text?: string;
  /** Extra headers (SimpleEmail.Headers, List-Unsubscribe …), in order. */
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** Where bounces go (EmailMessage.FeedbackForwardingAddress): the envelope sender. */
  readonly feedbackAddress?: string;
}

/** One SMS to one number. */
export interface OutboundSms {
  readonly messageId: string;
  readonly destination: string;
  readonly body: string;
  readonly originationNumber?: string;
  readonly senderId?: string;
  /** TRANSACTIONAL | PROMOTIONAL */
  readonly messageType: string;
  readonly keyword?: string;
  readonly entityId?: string;
  readonly templateId?: string;
}

export interface EmailTransport {
  /** Recorded with each message: smtp, simulator … */
  readonly name: string;
  send(message: OutboundEmail): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}

export interface SmsTransport {
  readonly name: string;
  send(message: OutboundSms): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}

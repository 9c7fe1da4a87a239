import type { DeliveryOutcome } from '../../channels/delivery-outcome.ts';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { RecipientSettings } from '../../domain/messages/recipients.ts';

/**
 * One message to send: a recipient resolved to a channel and an address. `refused` holds the
 * outcome when it must not be sent at all (opted out, inactive, duplicate, bad address …).
 */
export interface PlannedDelivery {
  readonly channel: string;
  readonly address: string;
  readonly endpoint?: StoredEndpoint;
  readonly settings: RecipientSettings;
  readonly refused?: DeliveryOutcome;
}

/** What became of one planned delivery, in Pinpoint's result terms. */
export interface DeliveryResult {
  readonly outcome: DeliveryOutcome;
  /** Set when the message was handed to a transport. */
  readonly messageId?: string;
  readonly address: string;
  /** The device's new push token, when the service gave one (Pinpoint's UpdatedToken). */
  readonly updatedToken?: string;
}

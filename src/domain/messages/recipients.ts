import { MessageRequestError } from './message-request-error.ts';

/**
 * The recipients of SendMessages (Addresses and Endpoints) and SendUsersMessages (Users), in
 * request order. Pinpoint takes at most 100 recipients per request (addresses and endpoints
 * together; users for SendUsersMessages).
 */
export const MAX_RECIPIENTS = 100;

/** Per-recipient settings: AddressConfiguration and EndpointSendConfiguration share these. */
export interface RecipientSettings {
  BodyOverride?: string;
  TitleOverride?: string;
  RawContent?: string;
  Context?: Record<string, string>;
  Substitutions?: Record<string, string[]>;
}

export interface AddressRecipient {
  readonly kind: 'address';
  readonly address: string;
  readonly channelType: string;
  readonly settings: RecipientSettings;
}

export interface EndpointRecipient {
  readonly kind: 'endpoint';
  readonly endpointId: string;
  readonly settings: RecipientSettings;
}

export type Recipient = AddressRecipient | EndpointRecipient;

export const SENDABLE_CHANNELS = new Set(['EMAIL', 'SMS', 'VOICE', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'GCM', 'BAIDU', 'ADM', 'CUSTOM']);

export function recipientsOf(request: {
  Addresses?: Record<string, RecipientSettings & { ChannelType?: string }>;
  Endpoints?: Record<string, RecipientSettings>;
}): Recipient[] {
  const addresses = Object.entries(request.Addresses ?? {});
  const endpoints = Object.entries(request.Endpoints ?? {});
  const count = addresses.length + endpoints.length;
  if (count === 0) throw new MessageRequestError('MessageRequest', 'MessageRequest must name at least one recipient in Addresses or Endpoints');
  if (count > MAX_RECIPIENTS) {
    throw new MessageRequestError('MessageRequest', `MessageRequest names ${count} recipients in Addresses and Endpoints; the limit is ${MAX_RECIPIENTS}`);
  }
  const recipients: Recipient[] = [];
  for (const [index, [address, settings]] of addresses.entries()) {
    // Named by position, never by the address itself: addresses are personal data, and error
    // messages reach logs and the audit trail.
    const member = `MessageRequest.Addresses (entry ${index + 1})`;
    if (address.length === 0) throw new MessageRequestError('MessageRequest.Addresses', 'MessageRequest.Addresses has an empty address');
    if (settings.ChannelType === undefined) throw new MessageRequestError(`${member}.ChannelType`, `${member}.ChannelType is required: it says which channel delivers to the address`);
    if (!SENDABLE_CHANNELS.has(settings.ChannelType)) {
      throw new MessageRequestError(`${member}.ChannelType`, `${member}.ChannelType ${settings.ChannelType} cannot be sent to with SendMessages`);
    }
    recipients.push({ kind: 'address', address, channelType: settings.ChannelType, settings });
  }
  for (const [endpointId, settings] of endpoints) {
    if (endpointId.length === 0) throw new MessageRequestError('MessageRequest.Endpoints', 'MessageRequest.Endpoints has an empty endpoint id');
    recipients.push({ kind: 'endpoint', endpointId, settings });
  }
  return recipients;
}

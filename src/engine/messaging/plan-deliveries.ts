import { outcomes } from '../../channels/delivery-outcome.ts';
import { addressProblem } from '../../domain/endpoints/endpoint-address.ts';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { Recipient, RecipientSettings } from '../../domain/messages/recipients.ts';
import type { PlannedDelivery } from './planned-delivery.ts';

/**
 * Turns recipients into deliveries, in order. Pinpoint's rules: an opted-out endpoint gets
 * OPT_OUT, an inactive one is not messaged, and an address that an earlier recipient of the same
 * request already gets (same channel and address) is a DUPLICATE and is not sent twice. A bad
 * address fails that recipient, never the request. SMS and voice to a number in
 * `optedOutNumbers` (it replied STOP) get OPT_OUT, endpoint or bare address alike.
 */
export function planDeliveries(recipients: readonly Recipient[], endpoints: ReadonlyMap<string, StoredEndpoint>, optedOutNumbers: ReadonlySet<string> = new Set()): PlannedDelivery[] {
  const seen = new Set<string>();
  return recipients.map((recipient) => {
    if (recipient.kind === 'address') return checked(recipient.channelType, recipient.address, recipient.settings, undefined, seen, optedOutNumbers);
    const endpoint = endpoints.get(recipient.endpointId);
    if (!endpoint) return refused('', recipient.settings, outcomes.permanent('The endpoint does not exist', 404));
    const channel = endpoint.ChannelType ?? '';
    const address = endpoint.Address ?? '';
    if (endpoint.OptOut === 'ALL') return refused(channel, recipient.settings, outcomes.optOut('The endpoint has opted out of all messages'), endpoint, address);
    if (endpoint.EndpointStatus === 'INACTIVE') return refused(channel, recipient.settings, outcomes.permanent('The endpoint is INACTIVE'), endpoint, address);
    if (channel === '' || address === '') return refused(channel, recipient.settings, outcomes.permanent('The endpoint has no ChannelType or no Address to send to'), endpoint, address);
    return checked(channel, address, recipient.settings, endpoint, seen, optedOutNumbers);
  });
}

function checked(channel: string, address: string, settings: RecipientSettings, endpoint: StoredEndpoint | undefined, seen: Set<string>, optedOutNumbers: ReadonlySet<string>): PlannedDelivery {
  const problem = addressProblem(channel, address);
  if (problem !== undefined) return refused(channel, settings, outcomes.permanent(`The address ${problem}`), endpoint, address);
  if ((channel === 'SMS' || channel === 'VOICE') && optedOutNumbers.has(address)) {
    return refused(channel, settings, outcomes.optOut('The number has opted out of messages (it replied STOP)'), endpoint, address);
  }
  // Email addresses are compared without regard to case (the domain is case-insensitive, and
  // relays treat local parts so in practice); phone numbers and tokens exactly.
  const key = `${channel}\u0000${channel === 'EMAIL' ? address.toLowerCase() : address}`;
  if (seen.has(key)) return refused(channel, settings, outcomes.duplicate('Another recipient of this request has the same address'), endpoint, address);
  seen.add(key);
  return { channel, address, settings, ...(endpoint ? { endpoint } : {}) };
}

function refused(channel: string, settings: RecipientSettings, outcome: PlannedDelivery['refused'] & object, endpoint?: StoredEndpoint, address = ''): PlannedDelivery {
  return { channel, address, settings, refused: outcome, ...(endpoint ? { endpoint } : {}) };
}

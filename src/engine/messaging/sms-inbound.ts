import type { DeliveryReceipt } from '../../channels/sms/smpp-receipt.ts';
import { receiptIdCandidates, receiptVerdict } from '../../channels/sms/smpp-receipt.ts';
import type { InboundSms, SmsInboundSink } from '../../channels/sms/sms-inbound-sink.ts';
import { matchKeyword } from '../../channels/sms/sms-keywords.ts';
import type { EndpointsRepository, EventLogEntry } from '../../storage/endpoints-repository.ts';
import { ProjectMissingError } from '../../storage/endpoints-repository.ts';
import type { MessageRecord, MessagesRepository } from '../../storage/messages-repository.ts';
import type { SmsOptOutsRepository } from '../../storage/sms-opt-outs-repository.ts';
import type { Tenant } from '../../storage/tenant.ts';
import { loggedMessageFacts, sendEvent } from './delivery-events.ts';
import { ReceiptTooEarlyError } from './sends-in-flight.ts';
import type { SendsInFlight } from './sends-in-flight.ts';

export interface SmsReplies {
  /** PINION_SMS_STOP_REPLY: the one confirmation of an opt-out. */
  readonly stop: string;
  /** PINION_SMS_START_REPLY: the one confirmation of an opt-in. */
  readonly start: string;
  /** PINION_SMS_HELP_REPLY: the answer to HELP. */
  readonly help: string;
}

export interface SmsInboundServices {
  readonly messages: Pick<MessagesRepository, 'findByProviderId' | 'updateStatus' | 'appendEvents'>;
  readonly endpoints: Pick<EndpointsRepository, 'setAddressOptOut'>;
  readonly smsOptOuts: SmsOptOutsRepository;
  /** Every tenant of the deployment's account (one per served region): a keyword covers them all. */
  readonly tenants: readonly Tenant[];
  readonly replies: SmsReplies;
  readonly now: () => Date;
  readonly logger: { info(object: object, message: string): void; debug(object: object, message: string): void };
  /** Sends not recorded yet: a receipt for one of them is refused for now (ReceiptTooEarlyError). */
  readonly inFlight?: Pick<SendsInFlight, 'has'>;
}

/** Message log statuses a receipt writes; a message already in one of them has had its final word. */
const RECEIPT_STATUSES = new Set(['DELIVERED', 'UNREACHABLE', 'TTL_EXPIRED', 'BLOCKED', 'UNKNOWN']);

/**
 * What comes back from the SMS network, recorded the way Pinpoint would:
 *
 * - A delivery receipt updates the message's status in the message log and appends `_SMS.SUCCESS`
 *   (record_status DELIVERED) or `_SMS.FAILURE` (record_status UNREACHABLE, TTL_EXPIRED, BLOCKED or
 *   UNKNOWN from the receipt's stat) to the event log, which the event stream carries on. A
 *   receipt for a message already settled by an earlier receipt is ignored (SMSCs repeat them).
 * - An inbound STOP (or a synonym) opts the number out of SMS and voice on every endpoint of every
 *   project in every region of the account and records the number; START (YES, UNSTOP) undoes
 *   both; HELP is answered. STOP and START are confirmed once: only when something changed, so a
 *   repeated keyword gets no second reply. Other inbound messages are not kept: Pinpoint hands
 *   two-way SMS to an SNS topic, not to the event stream, and Pinion has no SNS.
 */
export class SmsInbound implements SmsInboundSink {
  readonly #services: SmsInboundServices;

  constructor(services: SmsInboundServices) {
    this.#services = services;
  }

  async receipt(transport: string, receipt: DeliveryReceipt): Promise<void> {
    const verdict = receiptVerdict(receipt.stat);
    if (!verdict) return;
    const { messages, logger } = this.#services;
    let found: Awaited<ReturnType<MessagesRepository['findByProviderId']>>;
    for (const id of receiptIdCandidates(receipt.id)) {
      found = await messages.findByProviderId(transport, id);
      if (found) break;
    }
    if (!found) {
      // Sooner than its send's record: the network is to deliver it again (SMPP's "try again later", HTTP 503).
      if (receiptIdCandidates(receipt.id).some((id) => this.#services.inFlight?.has(transport, id))) throw new ReceiptTooEarlyError(transport);
      logger.debug({ transport, stat: receipt.stat }, 'sms: a delivery receipt names no message Pinion sent; ignored');
      return;
    }
    const { tenant, appId, message } = found;
    if (message.channel !== 'SMS' || RECEIPT_STATUSES.has(message.deliveryStatus)) return;
    const detail = `stat:${receipt.stat}${receipt.error !== undefined ? ` err:${receipt.error}` : ''}`;
    await messages.updateStatus(tenant, appId, message.id, {
      deliveryStatus: verdict.recordStatus,
      statusCode: verdict.delivered ? 200 : 400,
      statusMessage: verdict.delivered ? `Delivered (${detail})` : `Not delivered (${detail})`,
    });
    const event = receiptEvent(tenant, appId, message, verdict.delivered ? undefined : verdict.recordStatus, verdict.delivered ? undefined : detail, this.#services.now());
    try {
      await messages.appendEvents(tenant, appId, [event]);
    } catch (error) {
      // The project was deleted since: nothing to record it in.
      if (!(error instanceof ProjectMissingError)) throw error;
    }
  }

  async inbound(message: InboundSms): Promise<readonly string[]> {
    const keyword = matchKeyword(message.text);
    const { endpoints, smsOptOuts, tenants, replies, logger } = this.#services;
    if (keyword === 'HELP') {
      logger.info({ keyword }, 'sms: inbound keyword');
      return [replies.help];
    }
    if (keyword === undefined) {
      logger.debug({}, 'sms: an inbound message without a keyword was not kept');
      return [];
    }
    const now = this.#services.now().toISOString();
    let endpointsChanged = 0;
    let recordChanged = false;
    for (const tenant of tenants) {
      const changed = await endpoints.setAddressOptOut(tenant, ['SMS', 'VOICE'], message.from, keyword === 'STOP' ? 'ALL' : 'NONE', now);
      endpointsChanged += changed.length;
      const recorded = keyword === 'STOP' ? await smsOptOuts.add(tenant, message.from, now) : await smsOptOuts.remove(tenant, message.from);
      recordChanged ||= recorded;
    }
    const confirm = endpointsChanged > 0 || recordChanged;
    logger.info({ keyword, endpointsChanged, confirmed: confirm }, 'sms: inbound keyword');
    if (!confirm) return [];
    return [keyword === 'STOP' ? replies.stop : replies.start];
  }
}

/**
 * The receipt's event, in the format of the send's own events. The message log keeps neither the
 * request id nor the body, so sender_request_id, number_of_message_parts and message_type are left
 * out rather than guessed; a failure's record_status is the receipt's.
 */
function receiptEvent(tenant: Tenant, appId: string, message: MessageRecord, failureStatus: string | undefined, detail: string | undefined, at: Date): EventLogEntry {
  const entry = sendEvent(
    loggedMessageFacts(tenant, appId, message, 'SMS'),
    failureStatus === undefined ? 'delivered' : 'failed',
    detail,
    at.getTime(),
  )!;
  const record = JSON.parse(entry.record) as { attributes: Record<string, string> };
  delete record.attributes.sender_request_id;
  delete record.attributes.number_of_message_parts;
  delete record.attributes.message_type;
  if (failureStatus !== undefined) record.attributes.record_status = failureStatus;
  return { ...entry, record: JSON.stringify(record) };
}

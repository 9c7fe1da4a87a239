import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { FollowUp } from '../../channels/delivery-outcome.ts';
import { smsPartCount } from '../../domain/messages/sms-parts.ts';
import type { EventLogEntry } from '../../storage/endpoints-repository.ts';
import type { MessageRecord } from '../../storage/messages-repository.ts';
import type { Tenant } from '../../storage/tenant.ts';
import type { ComposedEmail, ComposedMessage, ComposedSms } from './composed-message.ts';

/**
 * Event-stream records of transactional sends, in Pinpoint's format (developer guide, "Email
 * events" and "SMS events"): the same envelope as app events (event_version 3.1, application,
 * client, device, session, attributes, awsAccountId) plus the channel's facets or attributes.
 *
 * client_id is the endpoint id for sends to endpoints; for sends to bare addresses it is the
 * account id, as Pinpoint's SMS example shows. No price metric is written: Pinion does not bill.
 */
export interface SentMessageFacts {
  readonly accountId: string;
  readonly appId: string;
  readonly requestId: string;
  readonly messageId: string;
  readonly endpointId?: string;
  readonly address: string;
  readonly sentAt: number;
  readonly message?: ComposedMessage;
  /** The channel when nothing was composed (a rendering failure). */
  readonly channel: string;
  /** The request's and recipient's Context: Pinpoint adds it to the attributes of email and SMS events. */
  readonly context?: Readonly<Record<string, string>>;
  /** Who opened, clicked or unsubscribed (email engagement events). */
  readonly interaction?: { readonly ipAddress: string; readonly userAgent: string; readonly link?: string };
}

/**
 * The facts of a message known from the message log alone, for events that come after the send
 * (receipts, bounces, opens): the log keeps neither the request id nor the content.
 */
export function loggedMessageFacts(tenant: Tenant, appId: string, message: MessageRecord, channel: string): SentMessageFacts {
  return {
    accountId: tenant.accountId,
    appId,
    requestId: '',
    messageId: message.id,
    address: message.address,
    sentAt: Date.parse(message.createdDate),
    channel,
    ...(message.endpointId !== undefined ? { endpointId: message.endpointId } : {}),
  };
}

export type SendEventKind = 'send' | 'rejected' | 'rendering_failure' | 'open' | 'click' | FollowUp['kind'];

const EMAIL_EVENTS: Record<SendEventKind, { type: string; feedback: string } | undefined> = {
  send: { type: '_email.send', feedback: 'received' },
  delivered: { type: '_email.delivered', feedback: 'delivered' },
  hardbounce: { type: '_email.hardbounce', feedback: 'hardbounce' },
  softbounce: { type: '_email.softbounce', feedback: 'softbounce' },
  complaint: { type: '_email.complaint', feedback: 'complaint' },
  rejected: { type: '_email.rejected', feedback: 'rejected' },
  rendering_failure: { type: '_email.rendering_failure', feedback: 'rendering_failure' },
  failed: { type: '_email.hardbounce', feedback: 'hardbounce' },
  optout: { type: '_email.unsubscribe', feedback: 'unsubscribe' },
  open: { type: '_email.open', feedback: 'opened' },
  click: { type: '_email.click', feedback: '' },
};

const SMS_EVENTS: Record<SendEventKind, { type: string; status: string } | undefined> = {
  send: { type: '_SMS.BUFFERED', status: 'SUCCESSFUL' },
  delivered: { type: '_SMS.SUCCESS', status: 'DELIVERED' },
  failed: { type: '_SMS.FAILURE', status: 'UNREACHABLE' },
  rejected: { type: '_SMS.FAILURE', status: 'BLOCKED' },
  optout: { type: '_SMS.OPTOUT', status: 'OPTED_OUT' },
  rendering_failure: { type: '_SMS.FAILURE', status: 'INVALID_MESSAGE' },
  hardbounce: undefined,
  softbounce: undefined,
  complaint: undefined,
  open: undefined,
  click: undefined,
};

export function sendEvent(facts: SentMessageFacts, kind: SendEventKind, detail?: string, at = facts.sentAt): EventLogEntry | undefined {
  const envelope = {
    event_timestamp: facts.sentAt,
    arrival_timestamp: at,
    event_version: '3.1',
    application: { app_id: facts.appId, sdk: {} },
    client: { client_id: facts.endpointId ?? facts.accountId },
    device: { platform: {} },
    session: {},
  };
  let record: Record<string, unknown> | undefined;
  let eventType: string;
  if (facts.channel === 'EMAIL') {
    const event = EMAIL_EVENTS[kind];
    if (!event) return undefined;
    eventType = event.type;
    record = {
      event_type: eventType,
      ...envelope,
      // A click's feedback is the link clicked (developer guide, "Email events").
      attributes: { ...facts.context, feedback: kind === 'click' ? (facts.interaction?.link ?? '') : event.feedback },
      client_context: { custom: { legacy_identifier: facts.appId } },
      awsAccountId: facts.accountId,
      facets: { email_channel: { mail_event: { mail: mailFacet(facts), ...emailDetail(kind, facts, detail) } } },
    };
  } else if (facts.channel === 'SMS') {
    const event = SMS_EVENTS[kind];
    if (!event) return undefined;
    eventType = event.type;
    const sms = facts.message?.channel === 'SMS' ? (facts.message as ComposedSms) : undefined;
    const attributes: Record<string, string> = {
      ...facts.context,
      sender_request_id: facts.requestId,
      destination_phone_number: facts.address,
      record_status: event.status,
      iso_country_code: parsePhoneNumberFromString(facts.address)?.country ?? '',
      treatment_id: '0',
      number_of_message_parts: String(smsPartCount(sms?.body ?? '')),
      message_id: facts.messageId,
      message_type: sms?.messageType === 'PROMOTIONAL' ? 'Promotional' : 'Transactional',
    };
    if (sms?.originationNumber !== undefined) attributes.origination_phone_number = sms.originationNumber;
    if (detail !== undefined) attributes.record_status_reason = detail;
    record = { event_type: eventType, ...envelope, attributes, awsAccountId: facts.accountId };
  } else {
    // Push, voice and custom sends: Pinion's own records in the same envelope (Pinpoint streams
    // no transactional events for these channels), named _push.*, _voice.* and _custom.*.
    const family = facts.channel === 'VOICE' ? '_voice' : facts.channel === 'CUSTOM' ? '_custom' : '_push';
    eventType = `${family}.${kind}`;
    record = {
      event_type: eventType,
      ...envelope,
      attributes: { message_id: facts.messageId, channel_type: facts.channel, ...(detail !== undefined ? { reason: detail } : {}) },
      awsAccountId: facts.accountId,
    };
  }
  return { endpointId: facts.endpointId ?? facts.messageId, eventType, eventTimestamp: facts.sentAt, arrivalTimestamp: at, record: JSON.stringify(record) };
}

function mailFacet(facts: SentMessageFacts): Record<string, unknown> {
  const email = facts.message?.channel === 'EMAIL' ? (facts.message as ComposedEmail) : undefined;
  const from = email?.from ?? '';
  const headers = [
    { name: 'From', value: from },
    { name: 'To', value: facts.address },
    ...(email?.subject !== undefined ? [{ name: 'Subject', value: email.subject }] : []),
    ...(email?.headers ?? []),
  ];
  return {
    message_id: facts.messageId,
    message_send_timestamp: facts.sentAt,
    from_address: from,
    destination: [facts.address],
    headers_truncated: false,
    headers,
    common_headers: { from, to: [facts.address], ...(email?.subject !== undefined ? { subject: email.subject } : {}) },
  };
}

function emailDetail(kind: SendEventKind, facts: SentMessageFacts, detail: string | undefined): Record<string, unknown> {
  switch (kind) {
    case 'send':
      return { send: {} };
    case 'delivered':
      return { delivery: { smtp_response: detail ?? '250 ok', recipients: [facts.address] } };
    case 'hardbounce':
    case 'failed':
      return { bounce: { bounce_type: 'Permanent', bounced_recipients: [{ email_address: facts.address, diagnostic_code: detail ?? '' }] } };
    case 'softbounce':
      return { bounce: { bounce_type: 'Transient', bounced_recipients: [{ email_address: facts.address, diagnostic_code: detail ?? '' }] } };
    case 'complaint':
      return { complaint: { complained_recipients: [{ email_address: facts.address }] } };
    case 'rejected':
      return { reject: { reason: detail ?? '' } };
    case 'rendering_failure':
      return { rendering_failure: { error_message: detail ?? '' } };
    case 'optout':
      return { unsubscribe: facts.interaction ? { ip_address: facts.interaction.ipAddress, user_agent: facts.interaction.userAgent } : {} };
    case 'open':
      return { open: { ip_address: facts.interaction?.ipAddress ?? '', user_agent: facts.interaction?.userAgent ?? '' } };
    case 'click':
      return { click: { ip_address: facts.interaction?.ipAddress ?? '', user_agent: facts.interaction?.userAgent ?? '', link: facts.interaction?.link ?? '' } };
  }
}

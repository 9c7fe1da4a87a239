import type { DirectMessageConfiguration } from '@aws-sdk/client-pinpoint';
import type { DeliveryOutcome } from '../../channels/delivery-outcome.ts';
import { outcomes } from '../../channels/delivery-outcome.ts';
import { isSimulatorEmail, isSimulatorNumber, isSimulatorToken } from '../../channels/simulator/simulator-destinations.ts';
import { SIMULATOR } from '../../channels/simulator/simulator-transports.ts';
import { pushFamilyOf } from '../../channels/transports.ts';
import type { Transports } from '../../channels/transports.ts';
import type { EventLogEntry } from '../../storage/endpoints-repository.ts';
import type { MessageRecord } from '../../storage/messages-repository.ts';
import type { Tenant } from '../../storage/tenant.ts';
import type { ComposedEmail, ComposedMessage, ComposedPush, ComposedSms, ComposedVoice } from './composed-message.ts';
import { composeMessage } from './compose-message.ts';
import { definedFields } from './defined-fields.ts';
import { trackEmail } from './track-email.ts';
import type { EmailTrackingSettings } from './track-email.ts';
import type { MessageTemplates } from './compose-message.ts';
import type { SendEventKind, SentMessageFacts } from './delivery-events.ts';
import { sendEvent } from './delivery-events.ts';
import type { DeliveryResult, PlannedDelivery } from './planned-delivery.ts';

/** A project's channel as the send path needs it (from the channels repository). */
export interface ChannelState {
  readonly enabled: boolean;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Opens the channel's sealed credentials (push channels); throws when they do not open. */
  readonly credentials: () => Readonly<Record<string, string>> | undefined;
}

/** The channel's sealed credentials did not open: nothing was sent. */
class ChannelCredentialsError extends Error {
  constructor(
    readonly channel: string,
    cause: unknown,
  ) {
    super(`the ${channel} channel's credentials cannot be opened`, { cause });
    this.name = 'ChannelCredentialsError';
  }
}

interface Dispatched {
  readonly transport: string;
  readonly outcome: DeliveryOutcome;
  /** A push service said the token is gone. */
  readonly tokenInvalid?: boolean;
  /** A push service gave the device a new token (answered as UpdatedToken). */
  readonly updatedToken?: string;
}

export interface SendJob {
  readonly tenant: Tenant;
  readonly appId: string;
  readonly requestId: string;
  readonly traceId?: string;
  /** The request's Context (each recipient's own Context wins key by key). */
  readonly context?: Readonly<Record<string, string>>;
  readonly configuration: DirectMessageConfiguration;
  readonly templates: MessageTemplates;
  /** By ChannelType (EMAIL, SMS, …); absent: the project has no such channel. */
  readonly channels: ReadonlyMap<string, ChannelState>;
  readonly deliveries: readonly PlannedDelivery[];
}

export interface SendServices {
  readonly transports: Transports;
  readonly now: () => Date;
  readonly newMessageId: () => string;
  readonly randomUUID: () => string;
  /** Open/click tracking and one-click unsubscribe links in email; absent: none. */
  readonly tracking?: EmailTrackingSettings;
  /** Told when a transport throws instead of answering an outcome (the message is then UNKNOWN_FAILURE). */
  readonly transportFailed?: (error: unknown, channel: string) => void;
  /** A transport took a message under its own id (receipts will name it); called before the send is recorded. */
  readonly accepted?: (transport: string, providerMessageId: string) => void;
}

export interface SendOutput {
  /** One per planned delivery, same order. */
  readonly results: readonly DeliveryResult[];
  /** For the message log, with the events, in one transaction. */
  readonly messages: readonly MessageRecord[];
  readonly events: readonly EventLogEntry[];
  /** Endpoints whose push tokens a service called gone: they become INACTIVE. */
  readonly inactiveEndpoints: readonly string[];
  /** Endpoints whose push service gave the device a new token: their Address becomes that token. */
  readonly replacedTokens: readonly { readonly endpointId: string; readonly channel: string; readonly previous: string; readonly token: string }[];
  /** Addresses a carrier or relay reported as opted out: every endpoint with them opts out. */
  readonly optedOutAddresses: readonly { readonly channel: string; readonly address: string }[];
}

/** Sends through the transports at once, this many at a time (each transport also has its rate limit). */
const CONCURRENT_SENDS = 16;

/** Channels that need no project channel to send (the custom channel is the caller's webhook). */
const CHANNEL_FREE = new Set(['CUSTOM']);

/**
 * Characters of rendered content (every part of every message, tracking links included) one
 * request may produce. A part may render to 10 MB from a few bytes of template (`{{ljust "" 10000000}}`),
 * and messages and their events stay in memory until they are recorded: without a budget, sixty
 * recipients of one small request exhausted the heap and took the server down. A recipient whose
 * message would pass the budget is not sent to.
 */
export const MAX_RENDERED_CHARS_PER_SEND = 64 * 1024 * 1024;

/**
 * Template work (loop iterations, partial and helper calls) one request's renders may do in all:
 * ten renders at the per-render limit. One render at that limit takes 60–170 ms on this project's
 * VM; without a budget, 100 recipients of a three-part email held the event loop for half a minute.
 */
export const MAX_RENDER_STEPS_PER_SEND = 2_000_000;

export async function deliverMessages(job: SendJob, services: SendServices): Promise<SendOutput> {
  const messages: MessageRecord[] = [];
  const events: EventLogEntry[] = [];
  const inactive: string[] = [];
  const replaced: { endpointId: string; channel: string; previous: string; token: string }[] = [];
  const optedOut: { channel: string; address: string }[] = [];
  let rendered = 0;
  const renderBudget = { stepsLeft: MAX_RENDER_STEPS_PER_SEND };
  const results = await mapLimit(job.deliveries, CONCURRENT_SENDS, async (delivery): Promise<DeliveryResult> => {
    if (delivery.refused) return { outcome: delivery.refused, address: delivery.address };
    const sentAt = services.now();
    const channel = job.channels.get(delivery.channel);
    if (!CHANNEL_FREE.has(delivery.channel) && !channel?.enabled) {
      return { outcome: outcomes.permanent(`The ${delivery.channel} channel is not enabled for the project`), address: delivery.address };
    }
    const messageId = services.newMessageId();
    const context = { ...job.context, ...delivery.settings.Context };
    const facts = (message?: ComposedMessage): SentMessageFacts => ({
      accountId: job.tenant.accountId,
      appId: job.appId,
      requestId: job.requestId,
      messageId,
      address: delivery.address,
      sentAt: sentAt.getTime(),
      channel: delivery.channel,
      ...(delivery.endpoint ? { endpointId: delivery.endpoint.Id } : {}),
      ...(message ? { message } : {}),
      ...(Object.keys(context).length > 0 ? { context } : {}),
    });
    const composition = composeMessage({
      channel: delivery.channel,
      address: delivery.address,
      settings: delivery.settings,
      configuration: job.configuration,
      templates: job.templates,
      render: { html: false, now: sentAt, randomUUID: services.randomUUID, budget: renderBudget },
      ...(delivery.endpoint ? { endpoint: delivery.endpoint } : {}),
    });
    if (!composition.ok) {
      if (composition.rendering) push(events, sendEvent(facts(), 'rendering_failure', composition.reason));
      return { outcome: outcomes.permanent(composition.reason), address: delivery.address };
    }
    const defaulted = withChannelDefaults(composition.message, channel);
    const message =
      defaulted.channel === 'EMAIL' && services.tracking
        ? trackEmail(defaulted as ComposedEmail, services.tracking, { accountId: job.tenant.accountId, region: job.tenant.region, appId: job.appId, messageId })
        : defaulted;
    const size = renderedChars(message);
    if (rendered + size > MAX_RENDERED_CHARS_PER_SEND) {
      const reason = `The messages of this request render to more than ${MAX_RENDERED_CHARS_PER_SEND} characters in all; this one was not sent`;
      push(events, sendEvent(facts(), 'rendering_failure', reason));
      return { outcome: outcomes.permanent(reason), address: delivery.address };
    }
    rendered += size;
    let dispatched: Dispatched;
    try {
      dispatched = await dispatch(message, delivery.address, messageId, services.transports, channel, context);
    } catch (error) {
      // Transports answer outcomes; one that throws anyway must not lose the request's other
      // messages (already sent, or still being sent) from the message log.
      services.transportFailed?.(error, delivery.channel);
      dispatched =
        error instanceof ChannelCredentialsError
          ? { transport: 'none', outcome: outcomes.unknown(`The ${error.channel} channel's credentials cannot be opened`) }
          : { transport: 'unknown', outcome: outcomes.unknown('The transport failed unexpectedly; the message may or may not have been sent') };
    }
    const { transport, outcome, tokenInvalid, updatedToken } = dispatched;
    if (outcome.providerMessageId !== undefined) services.accepted?.(transport, outcome.providerMessageId);
    if (tokenInvalid && delivery.endpoint) inactive.push(delivery.endpoint.Id);
    if (updatedToken !== undefined && updatedToken !== delivery.address && delivery.endpoint) {
      replaced.push({ endpointId: delivery.endpoint.Id, channel: delivery.channel, previous: delivery.address, token: updatedToken });
    }
    if (outcome.status === 'OPT_OUT') optedOut.push({ channel: delivery.channel, address: delivery.address });
    const record: MessageRecord = {
      id: messageId,
      channel: delivery.channel,
      transport,
      address: delivery.address,
      ...(outcome.providerMessageId !== undefined ? { providerMessageId: outcome.providerMessageId } : {}),
      deliveryStatus: outcome.status,
      statusCode: outcome.statusCode,
      statusMessage: outcome.statusMessage,
      createdDate: sentAt.toISOString(),
      ...(delivery.endpoint ? { endpointId: delivery.endpoint.Id } : {}),
      ...(job.traceId !== undefined ? { traceId: job.traceId } : {}),
      ...(transport === SIMULATOR ? { content: outboxContent(message) } : {}),
    };
    messages.push(record);
    const arrived = services.now().getTime();
    for (const [kind, detail] of eventsFor(outcome)) push(events, sendEvent(facts(message), kind, detail, arrived));
    return {
      outcome,
      address: delivery.address,
      ...(outcome.status === 'SUCCESSFUL' ? { messageId } : {}),
      ...(updatedToken !== undefined ? { updatedToken } : {}),
    };
  });
  return { results, messages, events, inactiveEndpoints: inactive, replacedTokens: replaced, optedOutAddresses: optedOut };
}

function push(events: EventLogEntry[], event: EventLogEntry | undefined): void {
  if (event) events.push(event);
}

/** The project's channel fills what the message leaves out: the email From, the SMS sender. */
function withChannelDefaults(message: ComposedMessage, channel: ChannelState | undefined): ComposedMessage {
  const settings = channel?.settings ?? {};
  if (message.channel === 'EMAIL') {
    const email = message as ComposedEmail;
    const from = email.from ?? (typeof settings.FromAddress === 'string' ? settings.FromAddress : undefined);
    // The channel's ConfigurationSet travels as SES's SMTP header, so a relay that is SES's SMTP
    // interface applies it (its event publishing); other relays ignore an X- header.
    const configurationSet = typeof settings.ConfigurationSet === 'string' && settings.ConfigurationSet !== '' ? settings.ConfigurationSet : undefined;
    const named = email.headers.some((header) => header.name.toLowerCase() === 'x-ses-configuration-set');
    return {
      ...email,
      ...(from !== undefined ? { from } : {}),
      ...(configurationSet !== undefined && !named && !email.raw ? { headers: [...email.headers, { name: 'X-SES-CONFIGURATION-SET', value: configurationSet }] } : {}),
    };
  }
  if (message.channel === 'SMS') {
    const sms = message as ComposedSms;
    const senderId = sms.senderId ?? (typeof settings.SenderId === 'string' ? settings.SenderId : undefined);
    const originationNumber = sms.originationNumber ?? (typeof settings.ShortCode === 'string' ? settings.ShortCode : undefined);
    return { ...sms, ...(senderId !== undefined ? { senderId } : {}), ...(originationNumber !== undefined ? { originationNumber } : {}) };
  }
  return message;
}

async function dispatch(
  message: ComposedMessage,
  address: string,
  messageId: string,
  transports: Transports,
  channel: ChannelState | undefined,
  context: Readonly<Record<string, string>>,
): Promise<Dispatched> {
  if (message.channel === 'EMAIL') {
    const email = message as ComposedEmail;
    if (email.from === undefined && email.raw === undefined) {
      return { transport: SIMULATOR, outcome: outcomes.permanent('No FromAddress: set one on the email channel or in EmailMessage.FromAddress') };
    }
    const transport = isSimulatorEmail(address) ? transports.simulatorEmail : transports.email;
    const domain = email.from?.slice(email.from.lastIndexOf('@') + 1) || 'pinion.invalid';
    const outcome = await transport.send({
      id: messageId,
      messageId: `<${messageId}@${domain}>`,
      from: email.from ?? '',
      to: address,
      headers: email.headers,
      ...definedFields({ replyTo: email.replyTo, raw: email.raw, subject: email.subject, html: email.html, text: email.text, feedbackAddress: email.feedbackAddress }),
    });
    return { transport: transport.name, outcome };
  }
  if (message.channel === 'SMS') {
    const sms = message as ComposedSms;
    const transport = isSimulatorNumber(address) ? transports.simulatorSms : transports.sms;
    const outcome = await transport.send({
      messageId,
      destination: address,
      body: sms.body,
      messageType: sms.messageType,
      ...definedFields({ originationNumber: sms.originationNumber, senderId: sms.senderId, keyword: sms.keyword, entityId: sms.entityId, templateId: sms.templateId }),
    });
    return { transport: transport.name, outcome };
  }
  if (message.channel === 'VOICE') {
    const voice = message as ComposedVoice;
    const transport = isSimulatorNumber(address) ? transports.simulatorVoice : transports.voice;
    const outcome = await transport.send({
      messageId,
      destination: address,
      body: voice.body,
      ssml: /^\s*<speak[\s>]/i.test(voice.body),
      ...definedFields({ originationNumber: voice.originationNumber, languageCode: voice.languageCode, voiceId: voice.voiceId }),
    });
    return { transport: transport.name, outcome };
  }
  const family = pushFamilyOf(message.channel);
  if (family === undefined) {
    // The custom channel's deliveries go to the caller's webhook from campaigns and journeys;
    // a direct send to a custom address has nowhere else to go than the simulator outbox.
    return { transport: SIMULATOR, outcome: outcomes.accepted('', undefined, [{ kind: 'delivered' }]) };
  }
  const push = message as ComposedPush;
  let credentials: Readonly<Record<string, string>>;
  try {
    credentials = channel?.credentials() ?? {};
  } catch (error) {
    // The sealed credentials do not open (a master key left the keyring): the operator's
    // problem, answered without detail and logged by the send loop.
    throw new ChannelCredentialsError(message.channel, error);
  }
  const transport = isSimulatorToken(address) ? transports.simulatorPush : transports.push[family];
  const answer = await transport.send({
    messageId,
    channel: push.channel,
    ...(Object.keys(context).length > 0 ? { context } : {}),
    token: address,
    channelSettings: channel?.settings ?? {},
    credentials,
    ...definedFields({ title: push.title, body: push.body, action: push.action, url: push.url, silentPush: push.silentPush, data: push.data, rawContent: push.rawContent, options: push.options }),
  });
  return {
    transport: transport.name,
    outcome: answer.outcome,
    ...(answer.tokenInvalid ? { tokenInvalid: true } : {}),
    ...(answer.updatedToken !== undefined ? { updatedToken: answer.updatedToken } : {}),
  };
}

/** The events an outcome produces, in order: the send, then what the transport already knows. */
function eventsFor(outcome: DeliveryOutcome): [SendEventKind, string | undefined][] {
  if (outcome.status === 'SUCCESSFUL') {
    return [['send', undefined], ...(outcome.followUps ?? []).map((f): [SendEventKind, string | undefined] => [f.kind, 'reason' in f ? f.reason : undefined])];
  }
  if (outcome.status === 'PERMANENT_FAILURE') return [['rejected', outcome.statusMessage]];
  if (outcome.status === 'OPT_OUT') return [['optout', outcome.statusMessage]];
  return [];
}

/** Characters a composed message holds: its text parts and raw MIME (headers and data are the request's own). */
function renderedChars(message: ComposedMessage): number {
  let size = 0;
  for (const value of Object.values(message)) {
    if (typeof value === 'string' || Buffer.isBuffer(value)) size += value.length;
  }
  return size;
}

/** What the simulator outbox shows of a message: everything rendered (raw MIME as base64). */
function outboxContent(message: ComposedMessage): Record<string, unknown> {
  if (message.channel === 'EMAIL' && (message as ComposedEmail).raw) {
    const { raw, ...rest } = message as ComposedEmail;
    return { ...rest, raw: raw!.toString('base64') };
  }
  return { ...message };
}


async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

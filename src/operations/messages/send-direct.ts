import { randomUUID } from 'node:crypto';
import type { DirectMessageConfiguration, EndpointMessageResult, TemplateConfiguration } from '@aws-sdk/client-pinpoint';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import { MessageRequestError } from '../../domain/messages/message-request-error.ts';
import type { Recipient } from '../../domain/messages/recipients.ts';
import type { ChannelState, SendOutput } from '../../engine/messaging/deliver-messages.ts';
import { deliverMessages } from '../../engine/messaging/deliver-messages.ts';
import type { MessageTemplates, TemplateContent } from '../../engine/messaging/compose-message.ts';
import { planDeliveries } from '../../engine/messaging/plan-deliveries.ts';
import type { DeliveryResult } from '../../engine/messaging/planned-delivery.ts';
import { inExistingApp } from '../apps/app-response.ts';
import { openChannelCredentials } from '../channels/channel-credentials.ts';
import { channelTypes } from '../channels/channel-response.ts';
import { pushTokenReplacement } from '../endpoints/endpoint-write-plan.ts';
import type { OperationContext } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';


export interface DirectSend {
  readonly appId: string;
  readonly configuration: DirectMessageConfiguration;
  readonly templateConfiguration?: TemplateConfiguration;
  readonly traceId?: string;
  /** The request's Context: added to push payloads' data.pinpoint and to email and SMS events. */
  readonly context?: Readonly<Record<string, string>>;
  readonly recipients: readonly Recipient[];
}

/**
 * The shared path of SendMessages and SendUsersMessages: checks the project, loads what the
 * recipients and templates name, sends, and records messages and events together. Answers one
 * result per recipient, in order.
 */
export async function sendDirect(context: OperationContext, send: DirectSend): Promise<DeliveryResult[]> {
  const { tenant, repositories } = context;
  if (!(await repositories.apps.get(tenant, send.appId))) throw pinpointErrors.notFound('Application not found');
  const templates = await loadTemplates(context, send.templateConfiguration);
  const endpointIds = [...new Set(send.recipients.flatMap((r) => (r.kind === 'endpoint' ? [r.endpointId] : [])))];
  const endpoints = new Map<string, StoredEndpoint>();
  for (const endpoint of await Promise.all(endpointIds.map((id) => repositories.endpoints.get(tenant, send.appId, id)))) {
    if (endpoint) endpoints.set(endpoint.Id, endpoint);
  }
  // Numbers that replied STOP (the record covers numbers no endpoint has): SMS and voice to them are refused.
  const phoneNumbers = send.recipients.flatMap((r) => {
    const channel = r.kind === 'address' ? r.channelType : endpoints.get(r.endpointId)?.ChannelType;
    const address = r.kind === 'address' ? r.address : endpoints.get(r.endpointId)?.Address;
    return (channel === 'SMS' || channel === 'VOICE') && address !== undefined ? [address] : [];
  });
  const optedOutNumbers = await repositories.smsOptOuts.find(tenant, phoneNumbers);
  const channels = new Map<string, ChannelState>();
  for (const channel of await repositories.channels.list(tenant, send.appId)) {
    channels.set(channelTypes[channel.kind], { enabled: channel.enabled, settings: channel.settings, credentials: () => openChannelCredentials(context, channel) });
  }
  // The transports' ids, noted as each message is accepted, until the send is recorded.
  const inFlight = context.messaging.inFlight;
  const accepted: { transport: string; providerMessageId: string }[] = [];
  let output: SendOutput;
  try {
    output = await deliverMessages(
      {
        tenant,
        appId: send.appId,
        requestId: context.requestId,
        configuration: send.configuration,
        templates,
        channels,
        deliveries: planDeliveries(send.recipients, endpoints, optedOutNumbers),
        ...(send.traceId !== undefined ? { traceId: send.traceId } : {}),
        ...(send.context !== undefined ? { context: send.context } : {}),
      },
      {
        transports: context.messaging.transports,
        now: context.now,
        newMessageId: context.newId,
        randomUUID,
        ...(context.messaging.tracking ? { tracking: context.messaging.tracking } : {}),
        // The error's name and code only: a transport's message may quote a URL that holds a key.
        transportFailed: (error, channel) =>
          context.logger.error({ channel, error: error instanceof Error ? error.name : typeof error, code: (error as { code?: unknown } | undefined)?.code }, 'messaging: a transport threw instead of answering an outcome'),
        ...(inFlight
          ? {
              accepted: (transport: string, providerMessageId: string) => {
                accepted.push({ transport, providerMessageId });
                inFlight.add(transport, providerMessageId);
              },
            }
          : {}),
      },
    );
    if (output.messages.length > 0 || output.events.length > 0) {
      const { messages, events } = output;
      await inExistingApp(() => repositories.messages.record(tenant, send.appId, messages, events));
    }
  } finally {
    inFlight?.settle(accepted);
  }
  const modified = context.now().toISOString();
  if (output.inactiveEndpoints.length > 0) await repositories.endpoints.markInactive(tenant, send.appId, output.inactiveEndpoints, modified);
  for (const { endpointId, channel, previous, token } of output.replacedTokens) {
    // The messages are sent and answered as sent; a token that cannot be stored is logged, not an error.
    await repositories.endpoints.write(tenant, pushTokenReplacement(send.appId, endpointId, channel, previous, token, modified, context.requestId)).catch((error: unknown) =>
      context.logger.warn({ endpointId, error: error instanceof Error ? error.name : typeof error }, 'messaging: the endpoint could not take the push token its service reported'),
    );
  }
  for (const { channel, address } of output.optedOutAddresses) {
    // A carrier's opt-out covers the number for SMS and voice in every project of this account and
    // region, and is remembered like an inbound STOP, so sends to the bare number are refused too.
    await repositories.endpoints.setAddressOptOut(tenant, channel === 'EMAIL' ? ['EMAIL'] : ['SMS', 'VOICE'], address, 'ALL', modified);
    if (channel !== 'EMAIL') await repositories.smsOptOuts.add(tenant, address, modified);
  }
  return [...output.results];
}

const TEMPLATE_TYPES = [
  ['EmailTemplate', 'EMAIL'],
  ['SMSTemplate', 'SMS'],
  ['VoiceTemplate', 'VOICE'],
  ['PushTemplate', 'PUSH'],
] as const;

async function loadTemplates(context: OperationContext, configuration: TemplateConfiguration | undefined): Promise<MessageTemplates> {
  const loaded: Partial<Record<'EMAIL' | 'SMS' | 'VOICE' | 'PUSH', TemplateContent>> = {};
  for (const [member, type] of TEMPLATE_TYPES) {
    const reference = configuration?.[member];
    if (!reference) continue;
    const path = `MessageRequest.TemplateConfiguration.${member}`;
    if (reference.Name === undefined || reference.Name === '') throw pinpointErrors.badRequest(`${path}.Name is required`);
    let version: number | undefined;
    if (reference.Version !== undefined) {
      if (!/^[1-9]\d{0,8}$/.test(reference.Version)) throw pinpointErrors.badRequest(`${path}.Version must be a version number such as 1, got '${reference.Version.slice(0, 20)}'`);
      version = Number(reference.Version);
    }
    const template = await context.repositories.templates.get(context.tenant, reference.Name, type, version);
    if (!template) {
      throw pinpointErrors.notFound(`Template ${reference.Name.slice(0, 128)} of type ${type}${version !== undefined ? ` version ${version}` : ''} not found`);
    }
    loaded[type] = { content: template.content, ...(template.defaultSubstitutions !== undefined ? { defaultSubstitutions: template.defaultSubstitutions } : {}) };
  }
  return loaded;
}

/** A request-wide problem found while reading recipients: 400 naming the member. */
export function asBadRequest<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MessageRequestError) throw pinpointErrors.badRequest(error.message, error);
    throw error;
  }
}

export function toEndpointResult(result: DeliveryResult): EndpointMessageResult {
  return {
    Address: result.address,
    DeliveryStatus: result.outcome.status,
    StatusCode: result.outcome.statusCode,
    StatusMessage: result.outcome.statusMessage,
    ...(result.messageId !== undefined ? { MessageId: result.messageId } : {}),
    ...(result.updatedToken !== undefined ? { UpdatedToken: result.updatedToken } : {}),
  };
}

import type { MessageRecord } from '../../storage/messages-repository.ts';
import { SIMULATOR } from '../../channels/simulator/simulator-transports.ts';
import { decodeListingToken, encodeListingToken, parsePageSize } from '../apps/page-token.ts';
import type { OperationHandler } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

/**
 * The simulator outbox (Pinion extension, spec/pinion-extensions-pinpoint.json): what the
 * simulator took instead of delivering, readable by a person in development.
 */

interface OutboxMessage {
  ApplicationId: string;
  MessageId: string;
  ChannelType: string;
  Address: string;
  EndpointId?: string;
  DeliveryStatus: string;
  StatusCode: number;
  StatusMessage?: string;
  TraceId?: string;
  CreationDate: string;
  Content: Record<string, unknown>;
}

/** Stored content fields (composed-message.ts) → the model's OutboxMessageContent members. */
const CONTENT_FIELDS: Record<string, string> = {
  from: 'From',
  replyTo: 'ReplyTo',
  subject: 'Subject',
  html: 'HtmlPart',
  text: 'TextPart',
  raw: 'RawEmail',
  headers: 'Headers',
  body: 'Body',
  title: 'Title',
  action: 'Action',
  url: 'Url',
  data: 'Data',
  silentPush: 'SilentPush',
  rawContent: 'RawContent',
  messageType: 'MessageType',
  originationNumber: 'OriginationNumber',
  senderId: 'SenderId',
  keyword: 'Keyword',
  languageCode: 'LanguageCode',
  voiceId: 'VoiceId',
};

function toOutboxMessage(appId: string, record: MessageRecord): OutboxMessage {
  const content: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record.content ?? {})) {
    const member = CONTENT_FIELDS[field];
    if (member === undefined || value === undefined) continue;
    content[member] = field === 'headers' && Array.isArray(value) ? value.map((h: { name: string; value: string }) => ({ Name: h.name, Value: h.value })) : value;
  }
  return {
    ApplicationId: appId,
    MessageId: record.id,
    ChannelType: record.channel,
    Address: record.address,
    DeliveryStatus: record.deliveryStatus,
    StatusCode: record.statusCode,
    CreationDate: record.createdDate,
    Content: content,
    ...(record.endpointId !== undefined ? { EndpointId: record.endpointId } : {}),
    ...(record.statusMessage !== '' ? { StatusMessage: record.statusMessage } : {}),
    ...(record.traceId !== undefined ? { TraceId: record.traceId } : {}),
  };
}

export const listOutboxMessages: OperationHandler<{ ApplicationId: string; PageSize?: string; Token?: string }> = async (input, context) => {
  const appId = input.ApplicationId;
  const limit = parsePageSize(input.PageSize);
  const after = input.Token !== undefined ? decodeListingToken('outbox', input.Token) : undefined;
  if (!(await context.repositories.apps.get(context.tenant, appId))) throw pinpointErrors.notFound('Application not found');
  const page = await context.repositories.messages.list(context.tenant, appId, {
    limit: limit + 1,
    transport: SIMULATOR,
    ...(after ? { after: { createdDate: after.creationDate, id: after.id } } : {}),
  });
  const items = page.slice(0, limit);
  const last = items.at(-1);
  return {
    OutboxMessagesResponse: {
      Item: items.map((record) => toOutboxMessage(appId, record)),
      ...(page.length > limit && last ? { NextToken: encodeListingToken('outbox', { creationDate: last.createdDate, id: last.id }) } : {}),
    },
  };
};

export const getOutboxMessage: OperationHandler<{ ApplicationId: string; MessageId: string }> = async (input, context) => {
  const record = await context.repositories.messages.get(context.tenant, input.ApplicationId, input.MessageId);
  // Messages that went to a real transport keep no content: they are not in the outbox.
  if (!record || record.transport !== SIMULATOR) throw pinpointErrors.notFound('Message not found in the outbox');
  return { OutboxMessage: toOutboxMessage(input.ApplicationId, record) };
};

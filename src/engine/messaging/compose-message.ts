import type { DirectMessageConfiguration } from '@aws-sdk/client-pinpoint';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { RecipientSettings } from '../../domain/messages/recipients.ts';
import type { MessageVariables, RenderOptions } from '../../domain/templates/rendering/index.ts';
import { messageVariables, renderMessagePart } from '../../domain/templates/rendering/index.ts';
import { definedFields } from './defined-fields.ts';
import { pushOptionsOf } from './push-options.ts';
import type { ComposedMessage, Composition } from './composed-message.ts';

/** A template version chosen by TemplateConfiguration: its content as the template request wrote it. */
export interface TemplateContent {
  readonly content: Record<string, unknown>;
  readonly defaultSubstitutions?: string;
}

export interface MessageTemplates {
  readonly EMAIL?: TemplateContent;
  readonly SMS?: TemplateContent;
  readonly VOICE?: TemplateContent;
  readonly PUSH?: TemplateContent;
}

export interface ComposeInput {
  readonly channel: string;
  readonly address: string;
  readonly endpoint?: StoredEndpoint;
  readonly settings: RecipientSettings;
  readonly configuration: DirectMessageConfiguration;
  readonly templates: MessageTemplates;
  readonly render: RenderOptions;
}

const PUSH_CHANNELS = new Set(['APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'GCM', 'BAIDU', 'ADM']);

class RenderFailure extends Error {}

/**
 * Renders one recipient's message. Explicit message content wins field by field; the template
 * fills what the message leaves out; BodyOverride and TitleOverride of the recipient win over
 * both. Every text field is rendered with the recipient's variables (Substitutions: template
 * defaults < message < recipient; the endpoint's own fields). A template that does not render
 * fails this recipient only.
 */
export function composeMessage(input: ComposeInput): Composition {
  try {
    const message = composeFor(input);
    return message ? { ok: true, message } : { ok: false, reason: `MessageConfiguration has no message content for the ${input.channel} channel`, rendering: false };
  } catch (error) {
    if (error instanceof RenderFailure) return { ok: false, reason: error.message, rendering: true };
    throw error;
  }
}

function composeFor(input: ComposeInput): ComposedMessage | undefined {
  const { configuration: config, settings } = input;
  switch (input.channel) {
    case 'EMAIL':
      return composeEmail(input);
    case 'SMS': {
      const sms = config.SMSMessage;
      const template = input.templates.SMS;
      const source = settings.BodyOverride ?? sms?.Body ?? text(template, 'Body') ?? config.DefaultMessage?.Body;
      if (source === undefined) return undefined;
      const vars = variables(input, template, sms?.Substitutions ?? config.DefaultMessage?.Substitutions);
      return {
        channel: 'SMS',
        body: render(source, vars, input, false, 'SMS body'),
        messageType: sms?.MessageType ?? 'TRANSACTIONAL',
        ...definedFields({ originationNumber: sms?.OriginationNumber, senderId: sms?.SenderId, keyword: sms?.Keyword, entityId: sms?.EntityId, templateId: sms?.TemplateId }),
      };
    }
    case 'VOICE': {
      const voice = config.VoiceMessage;
      const template = input.templates.VOICE;
      const source = settings.BodyOverride ?? voice?.Body ?? text(template, 'Body') ?? config.DefaultMessage?.Body;
      if (source === undefined) return undefined;
      const vars = variables(input, template, voice?.Substitutions ?? config.DefaultMessage?.Substitutions);
      return {
        channel: 'VOICE',
        body: render(source, vars, input, false, 'voice body'),
        ...definedFields({ languageCode: voice?.LanguageCode ?? text(template, 'LanguageCode'), voiceId: voice?.VoiceId ?? text(template, 'VoiceId'), originationNumber: voice?.OriginationNumber }),
      };
    }
    default:
      return PUSH_CHANNELS.has(input.channel) || input.channel === 'CUSTOM' ? composePush(input) : undefined;
  }
}

function composeEmail(input: ComposeInput): ComposedMessage | undefined {
  const email = input.configuration.EmailMessage;
  const template = input.templates.EMAIL;
  const simple = email?.SimpleEmail;
  const vars = variables(input, template, email?.Substitutions);
  const base = {
    channel: 'EMAIL' as const,
    headers: (simple?.Headers ?? []).filter((h) => h.Name !== undefined).map((h) => ({ name: h.Name!, value: h.Value ?? '' })),
    ...definedFields({ from: email?.FromAddress, feedbackAddress: email?.FeedbackForwardingAddress }),
    ...(email?.ReplyToAddresses && email.ReplyToAddresses.length > 0 ? { replyTo: email.ReplyToAddresses } : {}),
  };
  if (email?.RawEmail?.Data !== undefined) return { ...base, raw: Buffer.from(email.RawEmail.Data) };
  const subject = input.settings.TitleOverride ?? simple?.Subject?.Data ?? text(template, 'Subject');
  const html = simple?.HtmlPart?.Data ?? text(template, 'HtmlPart');
  const textPart = input.settings.BodyOverride ?? simple?.TextPart?.Data ?? text(template, 'TextPart') ?? email?.Body;
  if (html === undefined && textPart === undefined) return undefined;
  return {
    ...base,
    ...(subject !== undefined ? { subject: render(subject, vars, input, false, 'email subject') } : {}),
    ...(html !== undefined ? { html: render(html, vars, input, true, 'email HTML part') } : {}),
    ...(textPart !== undefined ? { text: render(textPart, vars, input, false, 'email text part') } : {}),
  };
}

function composePush(input: ComposeInput): ComposedMessage | undefined {
  const config = input.configuration;
  const specific = platformMessage(config, input.channel);
  const fallback = config.DefaultPushNotificationMessage;
  const template = input.templates.PUSH;
  const templatePart = template ? platformTemplate(template.content, input.channel) : undefined;
  const rawContent = input.settings.RawContent ?? specific?.RawContent ?? (typeof templatePart?.RawContent === 'string' ? templatePart.RawContent : undefined);
  const vars = variables(input, template, specific?.Substitutions ?? fallback?.Substitutions);
  const title = input.settings.TitleOverride ?? specific?.Title ?? fallback?.Title ?? str(templatePart?.Title);
  const body = input.settings.BodyOverride ?? specific?.Body ?? fallback?.Body ?? str(templatePart?.Body) ?? config.DefaultMessage?.Body;
  if (rawContent === undefined && title === undefined && body === undefined && !(specific?.SilentPush ?? fallback?.SilentPush)) return undefined;
  return {
    channel: input.channel,
    ...(title !== undefined ? { title: render(title, vars, input, false, 'push title') } : {}),
    ...(body !== undefined ? { body: render(body, vars, input, false, 'push body') } : {}),
    ...(rawContent !== undefined ? { rawContent: render(rawContent, vars, input, false, 'push raw content') } : {}),
    ...definedFields({ action: specific?.Action ?? fallback?.Action, url: specific?.Url ?? fallback?.Url, silentPush: specific?.SilentPush ?? fallback?.SilentPush }),
    ...((specific?.Data ?? fallback?.Data) ? { data: specific?.Data ?? fallback?.Data } : {}),
    ...definedFields({ options: pushOptionsOf(config, input.channel, templatePart) }),
  };
}

interface PlatformMessage {
  Title?: string;
  Body?: string;
  Action?: string;
  Url?: string;
  SilentPush?: boolean;
  Data?: Record<string, string>;
  RawContent?: string;
  Substitutions?: Record<string, string[]>;
}

function platformMessage(config: DirectMessageConfiguration, channel: string): PlatformMessage | undefined {
  if (channel.startsWith('APNS')) return config.APNSMessage;
  if (channel === 'GCM') return config.GCMMessage;
  if (channel === 'BAIDU') return config.BaiduMessage;
  if (channel === 'ADM') return config.ADMMessage;
  return undefined;
}

/** The push template's part for the platform (APNS, GCM, Baidu, ADM), else its Default part. */
function platformTemplate(content: Record<string, unknown>, channel: string): Record<string, unknown> | undefined {
  const key = channel.startsWith('APNS') ? 'APNS' : channel === 'GCM' ? 'GCM' : channel === 'BAIDU' ? 'Baidu' : channel === 'ADM' ? 'ADM' : undefined;
  const specific = key !== undefined ? content[key] : undefined;
  const chosen = specific ?? content.Default;
  return chosen !== null && typeof chosen === 'object' ? (chosen as Record<string, unknown>) : undefined;
}

function variables(input: ComposeInput, template: TemplateContent | undefined, messageSubstitutions: Record<string, string[]> | undefined): MessageVariables {
  return messageVariables({
    ...(input.endpoint ? { endpoint: input.endpoint as unknown as Parameters<typeof messageVariables>[0]['endpoint'] } : {}),
    address: input.address,
    ...definedFields({ defaultSubstitutions: template?.defaultSubstitutions, messageSubstitutions, recipientSubstitutions: input.settings.Substitutions }),
  });
}

function render(source: string, vars: MessageVariables, input: ComposeInput, html: boolean, what: string): string {
  const outcome = renderMessagePart(source, vars, { ...input.render, html });
  if (!outcome.ok) throw new RenderFailure(`The ${what} could not be rendered: ${outcome.reason}`);
  return outcome.text;
}

function text(template: TemplateContent | undefined, field: string): string | undefined {
  return str(template?.content[field]);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}


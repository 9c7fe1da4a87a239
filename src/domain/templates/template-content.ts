import type { EmailTemplateRequest, InAppTemplateRequest, PushNotificationTemplateRequest, SMSTemplateRequest, VoiceTemplateRequest } from '@aws-sdk/client-pinpoint';

/** Pinpoint's message template types (the TemplateType enum; the last part of a template's ARN). */
export const templateTypes = ['EMAIL', 'SMS', 'PUSH', 'VOICE', 'INAPP'] as const;
export type TemplateType = (typeof templateTypes)[number];

export function isTemplateType(value: string): value is TemplateType {
  return (templateTypes as readonly string[]).includes(value);
}

/**
 * What one template version stores: the type's request shape as the API wrote it, less `tags`
 * (tags belong to the template's ARN, not to a version).
 */
export type EmailTemplateContent = Omit<EmailTemplateRequest, 'tags'>;
export type SmsTemplateContent = Omit<SMSTemplateRequest, 'tags'>;
export type PushTemplateContent = Omit<PushNotificationTemplateRequest, 'tags'>;
export type VoiceTemplateContent = Omit<VoiceTemplateRequest, 'tags'>;
export type InAppTemplateContent = Omit<InAppTemplateRequest, 'tags'>;

export interface TemplateContentByType {
  EMAIL: EmailTemplateContent;
  SMS: SmsTemplateContent;
  PUSH: PushTemplateContent;
  VOICE: VoiceTemplateContent;
  INAPP: InAppTemplateContent;
}

export type TemplateContent = TemplateContentByType[TemplateType];

/**
 * Template names, as Pinpoint documents them: start with a letter or digit, then letters, digits,
 * `_` or `-`, at most 128 characters; case-sensitive.
 */
export const templateNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function templateNameProblem(name: string): string | undefined {
  if (templateNamePattern.test(name)) return undefined;
  const shown = name.length > 64 ? `${name.slice(0, 64)}…` : name;
  return `Template name '${shown}' is not valid: a template name starts with a letter or digit and has at most 128 letters, digits, underscores (_) and hyphens (-)`;
}

/** Message template quotas (Amazon Pinpoint developer guide, "Message template quotas"). */
export const templateLimits = {
  /** Templates per account and region (Pinpoint: 10,000 per account, can be raised there). */
  templates: 10_000,
  /** Versions per template (not adjustable in Pinpoint). */
  versions: 5_000,
  /** Subject + HtmlPart + TextPart of an email template. */
  emailCharacters: 500_000,
  /** Headers of an email template (model: "You can have up to 15 Headers"); name and value lengths from the model. */
  emailHeaders: 15,
  emailHeaderName: 126,
  emailHeaderValue: 870,
  smsBody: 1_600,
  voiceBody: 10_000,
  /** Characters of all the template parts of one push platform section together. */
  push: { Default: 2_000, APNS: 2_000, ADM: 4_000, Baidu: 4_000, GCM: 4_000 },
  /** In-app: at most 5 messages (a carousel); the console's per-field limits. */
  inAppContents: 5,
  inAppHeader: 64,
  inAppBody: 150,
  inAppButtonText: 64,
  inAppCustomConfig: 10,
  /** The console's limit on a (version) description. */
  description: 500,
} as const;

/** The push platform sections of a PushNotificationTemplateRequest, in the order they are checked. */
export const pushPlatforms = ['Default', 'APNS', 'GCM', 'ADM', 'Baidu'] as const;
export type PushPlatform = (typeof pushPlatforms)[number];

/**
 * The members of a push platform section that are template text (rendered with the message
 * variables). Action is an enum and Sound names a file in the app, so neither is rendered; both
 * still count towards the section's character limit.
 */
export const pushRenderedMembers = ['Title', 'Body', 'RawContent', 'Url', 'MediaUrl', 'ImageUrl', 'ImageIconUrl', 'SmallImageIconUrl'] as const;

/**
 * The text members of a template version that are rendered with message variables, as
 * [member path, text] pairs (paths as the request names them, e.g. `APNS.Body`,
 * `Headers[2].Value`). In-app templates have none: Pinpoint's in-app messages do not support
 * message variables, so their text is sent as written.
 */
export function renderedParts(type: TemplateType, content: TemplateContent): [string, string][] {
  const parts: [string, string][] = [];
  const add = (path: string, value: unknown) => {
    if (typeof value === 'string') parts.push([path, value]);
  };
  switch (type) {
    case 'EMAIL': {
      const email = content as EmailTemplateContent;
      add('Subject', email.Subject);
      add('HtmlPart', email.HtmlPart);
      add('TextPart', email.TextPart);
      for (const [i, header] of (email.Headers ?? []).entries()) add(`Headers[${i}].Value`, header?.Value);
      break;
    }
    case 'SMS':
    case 'VOICE':
      add('Body', (content as SmsTemplateContent | VoiceTemplateContent).Body);
      break;
    case 'PUSH': {
      const push = content as PushTemplateContent;
      for (const platform of pushPlatforms) {
        const section = push[platform] as Record<string, unknown> | undefined;
        if (!section) continue;
        for (const member of pushRenderedMembers) add(`${platform}.${member}`, section[member]);
      }
      break;
    }
    case 'INAPP':
      break;
  }
  return parts;
}

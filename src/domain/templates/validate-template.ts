import type { InAppMessageButton, InAppMessageContent, MessageHeader } from '@aws-sdk/client-pinpoint';
import { characterCount, isStorableText } from '../storable-text.ts';
import { templateSyntaxProblem } from './rendering/index.ts';
import { pushPlatforms, renderedParts, templateLimits } from './template-content.ts';
import type { EmailTemplateContent, InAppTemplateContent, PushTemplateContent, TemplateContent, TemplateContentByType, TemplateType } from './template-content.ts';

/**
 * What is wrong with the content of a template request beyond what the model checks (types,
 * enums, required members): Pinpoint's size quotas, message-variable syntax of every rendered
 * part, DefaultSubstitutions, in-app content rules, and text that neither database stores
 * faithfully. Pure: every problem names the member, prefixed with `requestMember`
 * (e.g. `SMSTemplateRequest.Body`); the caller picks the error.
 */
export function templateContentProblems<T extends TemplateType>(type: T, requestMember: string, content: TemplateContentByType[T]): string[] {
  const problems: string[] = [];
  const at = (path: string) => `${requestMember}.${path}`;

  const unstorable = unstorablePath(content, '');
  if (unstorable !== undefined) problems.push(`${at(unstorable)} must not contain NUL characters or unpaired surrogates`);

  const common = content as { TemplateDescription?: string; DefaultSubstitutions?: string };
  if (common.TemplateDescription !== undefined && characterCount(common.TemplateDescription) > templateLimits.description) {
    problems.push(`${at('TemplateDescription')} has ${count(characterCount(common.TemplateDescription))} characters; a template description can have at most ${count(templateLimits.description)}`);
  }
  if (common.DefaultSubstitutions !== undefined) {
    const problem = defaultSubstitutionsProblem(common.DefaultSubstitutions);
    if (problem) problems.push(`${at('DefaultSubstitutions')} ${problem}`);
  }

  switch (type) {
    case 'EMAIL':
      problems.push(...emailProblems(content as EmailTemplateContent, at));
      break;
    case 'SMS':
      problems.push(...bodyLimitProblems(content as { Body?: string }, templateLimits.smsBody, 'an SMS template', at));
      break;
    case 'VOICE':
      problems.push(...bodyLimitProblems(content as { Body?: string }, templateLimits.voiceBody, 'a voice template', at));
      break;
    case 'PUSH':
      problems.push(...pushProblems(content as PushTemplateContent, at));
      break;
    case 'INAPP':
      problems.push(...inAppProblems(content as InAppTemplateContent, at));
      break;
  }

  for (const [path, text] of renderedParts(type, content as TemplateContent)) {
    const problem = templateSyntaxProblem(text);
    if (problem !== undefined) problems.push(`${at(path)} is not a valid message template: ${problem}`);
  }
  return problems;
}

/** DefaultSubstitutions must be the JSON text of an object whose values are strings. */
export function defaultSubstitutionsProblem(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'must be a JSON object of message variables and their default values, and is not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `must be a JSON object of message variables and their default values, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}`;
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') return `must map each message variable to a string; '${key.length > 64 ? `${key.slice(0, 64)}…` : key}' maps to ${Array.isArray(item) ? 'an array' : item === null ? 'null' : `a ${typeof item}`}`;
  }
  return undefined;
}

function emailProblems(content: EmailTemplateContent, at: (path: string) => string): string[] {
  const problems: string[] = [];
  const total = [content.Subject, content.HtmlPart, content.TextPart].reduce((sum, part) => sum + (part === undefined ? 0 : characterCount(part)), 0);
  if (total > templateLimits.emailCharacters) {
    problems.push(
      `${at('Subject')}, ${at('HtmlPart')} and ${at('TextPart')} have ${count(total)} characters together; an email template can have at most ${count(templateLimits.emailCharacters)}`,
    );
  }
  const headers: (MessageHeader | null)[] = content.Headers ?? [];
  if (headers.length > templateLimits.emailHeaders) problems.push(`${at('Headers')} has ${headers.length} headers; an email template can have at most ${templateLimits.emailHeaders}`);
  for (const [i, header] of headers.entries()) {
    const path = `Headers[${i}]`;
    const name = header?.Name;
    if (name === undefined || name === '') problems.push(`${at(`${path}.Name`)} is required`);
    else if (characterCount(name) > templateLimits.emailHeaderName) problems.push(`${at(`${path}.Name`)} has ${characterCount(name)} characters; a header name can have at most ${templateLimits.emailHeaderName}`);
    // RFC 5322 field names: printable US-ASCII except the colon.
    else if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) problems.push(`${at(`${path}.Name`)} '${name.slice(0, 64)}' is not a header name: use printable ASCII characters other than ':' and space`);
    const value = header?.Value;
    if (value !== undefined) {
      if (characterCount(value) > templateLimits.emailHeaderValue) problems.push(`${at(`${path}.Value`)} has ${characterCount(value)} characters; a header value can have at most ${templateLimits.emailHeaderValue}`);
      if (/[\r\n]/.test(value)) problems.push(`${at(`${path}.Value`)} must not contain line breaks`);
    }
  }
  return problems;
}

function bodyLimitProblems(content: { Body?: string }, limit: number, what: string, at: (path: string) => string): string[] {
  if (content.Body === undefined) return [];
  const n = characterCount(content.Body);
  return n > limit ? [`${at('Body')} has ${count(n)} characters; ${what} can have at most ${count(limit)}`] : [];
}

function pushProblems(content: PushTemplateContent, at: (path: string) => string): string[] {
  const problems: string[] = [];
  for (const platform of pushPlatforms) {
    const section = content[platform] as Record<string, unknown> | undefined;
    if (!section) continue;
    let total = 0;
    for (const [member, value] of Object.entries(section)) if (typeof value === 'string' && member !== 'Action') total += characterCount(value);
    const limit = templateLimits.push[platform];
    if (total > limit) {
      problems.push(`${at(platform)} has ${count(total)} characters in its template parts together; the ${platform} part of a push notification template can have at most ${count(limit)}`);
    }
  }
  return problems;
}

function inAppProblems(content: InAppTemplateContent, at: (path: string) => string): string[] {
  const problems: string[] = [];
  const entries: (InAppMessageContent | null)[] = content.Content ?? [];
  if (entries.length === 0) problems.push(`${at('Content')} is required: an in-app template has 1 to ${templateLimits.inAppContents} messages`);
  if (entries.length > templateLimits.inAppContents) problems.push(`${at('Content')} has ${entries.length} messages; an in-app template (a carousel) can have at most ${templateLimits.inAppContents}`);
  for (const [i, entry] of entries.entries()) {
    const path = `Content[${i}]`;
    if (!entry) {
      problems.push(`${at(path)} must be a message, not null`);
      continue;
    }
    // "Each modal must contain a message, a header, and background color" (InAppTemplateRequest.Content).
    if (!entry.BodyConfig) problems.push(`${at(`${path}.BodyConfig`)} is required: each in-app message has a body`);
    if (!entry.HeaderConfig) problems.push(`${at(`${path}.HeaderConfig`)} is required: each in-app message has a header`);
    if (entry.BackgroundColor === undefined || entry.BackgroundColor === '') problems.push(`${at(`${path}.BackgroundColor`)} is required: each in-app message has a background color`);
    const header = entry.HeaderConfig?.Header;
    if (header !== undefined && characterCount(header) > templateLimits.inAppHeader) problems.push(`${at(`${path}.HeaderConfig.Header`)} has ${characterCount(header)} characters; an in-app header can have at most ${templateLimits.inAppHeader}`);
    const body = entry.BodyConfig?.Body;
    if (body !== undefined && characterCount(body) > templateLimits.inAppBody) problems.push(`${at(`${path}.BodyConfig.Body`)} has ${characterCount(body)} characters; an in-app message body can have at most ${templateLimits.inAppBody}`);
    for (const button of ['PrimaryBtn', 'SecondaryBtn'] as const) {
      const value = entry[button];
      if (value) problems.push(...buttonProblems(value, `${path}.${button}`, at));
    }
  }
  const custom = Object.keys(content.CustomConfig ?? {}).length;
  if (custom > templateLimits.inAppCustomConfig) problems.push(`${at('CustomConfig')} has ${custom} entries; an in-app template can have at most ${templateLimits.inAppCustomConfig}`);
  return problems;
}

function buttonProblems(button: InAppMessageButton, path: string, at: (path: string) => string): string[] {
  const problems: string[] = [];
  const text = button.DefaultConfig?.Text;
  if (text !== undefined && characterCount(text) > templateLimits.inAppButtonText) problems.push(`${at(`${path}.DefaultConfig.Text`)} has ${characterCount(text)} characters; a button text can have at most ${templateLimits.inAppButtonText}`);
  for (const config of ['DefaultConfig', 'Android', 'IOS', 'Web'] as const) {
    const value = button[config];
    if (value && value.ButtonAction !== 'CLOSE' && (value.Link === undefined || value.Link === '')) {
      problems.push(`${at(`${path}.${config}.Link`)} is required when ButtonAction is ${value.ButtonAction}`);
    }
  }
  return problems;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The path of the first text (key or value) that neither database stores faithfully. */
function unstorablePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path === '' ? '(a value)' : path;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorablePath(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return `${path === '' ? '' : `${path}.`}(a name)`;
      const found = unstorablePath(item, path === '' ? key : `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

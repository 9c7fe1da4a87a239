import { templateArn } from '../../domain/arn.ts';
import { isTemplateType, templateNameProblem, templateTypes } from '../../domain/templates/template-content.ts';
import type { TemplateType } from '../../domain/templates/template-content.ts';
import type { TemplateVersionRecord } from '../../storage/templates-repository.ts';
import type { OperationContext } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

/** What differs between the five template types on the wire. */
export interface TemplateKind {
  readonly type: TemplateType;
  /** The request payload member, e.g. EmailTemplateRequest. */
  readonly requestMember: 'EmailTemplateRequest' | 'SMSTemplateRequest' | 'PushNotificationTemplateRequest' | 'VoiceTemplateRequest' | 'InAppTemplateRequest';
  /** The Get answer's payload member, e.g. EmailTemplateResponse. */
  readonly responseMember: 'EmailTemplateResponse' | 'SMSTemplateResponse' | 'PushNotificationTemplateResponse' | 'VoiceTemplateResponse' | 'InAppTemplateResponse';
  /** The Create answer's payload member (the in-app one has its own name in the model). */
  readonly createBodyMember: 'CreateTemplateMessageBody' | 'TemplateCreateMessageBody';
}

export const templateKinds: Readonly<Record<TemplateType, TemplateKind>> = {
  EMAIL: { type: 'EMAIL', requestMember: 'EmailTemplateRequest', responseMember: 'EmailTemplateResponse', createBodyMember: 'CreateTemplateMessageBody' },
  SMS: { type: 'SMS', requestMember: 'SMSTemplateRequest', responseMember: 'SMSTemplateResponse', createBodyMember: 'CreateTemplateMessageBody' },
  PUSH: { type: 'PUSH', requestMember: 'PushNotificationTemplateRequest', responseMember: 'PushNotificationTemplateResponse', createBodyMember: 'CreateTemplateMessageBody' },
  VOICE: { type: 'VOICE', requestMember: 'VoiceTemplateRequest', responseMember: 'VoiceTemplateResponse', createBodyMember: 'CreateTemplateMessageBody' },
  INAPP: { type: 'INAPP', requestMember: 'InAppTemplateRequest', responseMember: 'InAppTemplateResponse', createBodyMember: 'TemplateCreateMessageBody' },
};

/**
 * A stored version as GetXTemplate answers it (EmailTemplateResponse, …): the version's content
 * (the request members, less tags) with the template's identity, dates, version and tags.
 * CreationDate is the template's; LastModifiedDate is the version's.
 */
export function toTemplateResponse(context: OperationContext, record: TemplateVersionRecord, tags: Record<string, string>): Record<string, unknown> {
  return {
    ...record.content,
    Arn: templateArn(context.tenant, record.name, record.type),
    CreationDate: record.creationDate,
    LastModifiedDate: record.lastModifiedDate,
    TemplateName: record.name,
    TemplateType: record.type,
    Version: String(record.version),
    tags,
  };
}

/** The template name of a request, refused with 400 unless it is one Pinpoint accepts. */
export function templateName(name: string): string {
  const problem = templateNameProblem(name);
  if (problem) throw pinpointErrors.badRequest(problem);
  return name;
}

/** A template-type path label or query value: one of the TemplateType values, exactly. */
export function templateType(text: string, member: string): TemplateType {
  if (isTemplateType(text)) return text;
  throw pinpointErrors.badRequest(`${member} must be one of ${templateTypes.join(', ')}, got '${text.slice(0, 32)}'`);
}

/** A version identifier: a whole number from 1. `member` names where it came from. */
export function parseTemplateVersion(text: string, member: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text)) throw pinpointErrors.badRequest(`${member} must be a template version number (a whole number from 1), got '${text.slice(0, 32)}'`);
  return Number(text);
}

/** The version query parameter, when given (an empty value counts as not given). */
export function versionParameter(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : parseTemplateVersion(text, 'version');
}

export function templateNotFound(): never {
  throw pinpointErrors.notFound('Template not found');
}

export function versionNotFound(name: string, type: TemplateType, version: number): never {
  throw pinpointErrors.notFound(`Template ${name} (${type}) has no version ${version}`);
}

/** The given version, or the active one, of an existing template; Pinpoint's 404 otherwise. */
export async function requireTemplate(context: OperationContext, name: string, type: TemplateType, version?: number): Promise<TemplateVersionRecord> {
  const record = await context.repositories.templates.get(context.tenant, name, type, version);
  if (record) return record;
  if (version !== undefined && (await context.repositories.templates.get(context.tenant, name, type))) versionNotFound(name, type, version);
  return templateNotFound();
}

export function templateTags(context: OperationContext, name: string, type: TemplateType): Promise<Record<string, string>> {
  return context.repositories.tags.list(context.tenant, templateArn(context.tenant, name, type));
}

/** The MessageBody that Update, Delete and UpdateTemplateActiveVersion answer. */
export function accepted(context: OperationContext): { MessageBody: { Message: string; RequestID: string } } {
  return { MessageBody: { Message: 'Accepted', RequestID: context.requestId } };
}

import type {
  CreateEmailTemplateCommandInput,
  CreateEmailTemplateCommandOutput,
  CreateInAppTemplateCommandInput,
  CreateInAppTemplateCommandOutput,
  CreatePushTemplateCommandInput,
  CreatePushTemplateCommandOutput,
  CreateSmsTemplateCommandInput,
  CreateSmsTemplateCommandOutput,
  CreateVoiceTemplateCommandInput,
  CreateVoiceTemplateCommandOutput,
} from '@aws-sdk/client-pinpoint';
import { templateArn } from '../../domain/arn.ts';
import { templateLimits } from '../../domain/templates/template-content.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { templateKinds, templateName } from './template-response.ts';
import type { TemplateKind } from './template-response.ts';
import { templateWriteOf } from './write-template.ts';

/**
 * CreateXTemplate: version 1 of a new template, active at once, with the request's tags on the
 * template's ARN. A name is unique per type: an email and an SMS template may share one.
 */
function createTemplate(kind: TemplateKind): OperationHandler<Record<string, unknown>, Record<string, unknown>> {
  return async (input, context) => {
    const name = templateName(input.TemplateName as string);
    const { content, tags } = templateWriteOf(kind, input, true);
    const arn = templateArn(context.tenant, name, kind.type);
    const result = await context.repositories.templates.create(
      context.tenant,
      { name, type: kind.type, arn, creationDate: context.now().toISOString(), content },
      tags,
      templateLimits.templates,
    );
    if (result.outcome === 'exists') throw pinpointErrors.badRequest('Template already exists');
    if (result.outcome === 'template-limit') {
      throw pinpointErrors.badRequest(`An account can have at most ${result.limit.toLocaleString('en-US')} message templates in a region; delete templates it no longer needs`);
    }
    return { [kind.createBodyMember]: { Arn: arn, Message: 'Created', RequestID: context.requestId } };
  };
}

export const createEmailTemplate: OperationHandler<CreateEmailTemplateCommandInput, Output<CreateEmailTemplateCommandOutput>> = createTemplate(templateKinds.EMAIL) as OperationHandler;
export const createSmsTemplate: OperationHandler<CreateSmsTemplateCommandInput, Output<CreateSmsTemplateCommandOutput>> = createTemplate(templateKinds.SMS) as OperationHandler;
export const createPushTemplate: OperationHandler<CreatePushTemplateCommandInput, Output<CreatePushTemplateCommandOutput>> = createTemplate(templateKinds.PUSH) as OperationHandler;
export const createVoiceTemplate: OperationHandler<CreateVoiceTemplateCommandInput, Output<CreateVoiceTemplateCommandOutput>> = createTemplate(templateKinds.VOICE) as OperationHandler;
export const createInAppTemplate: OperationHandler<CreateInAppTemplateCommandInput, Output<CreateInAppTemplateCommandOutput>> = createTemplate(templateKinds.INAPP) as OperationHandler;

import type {
  GetEmailTemplateCommandInput,
  GetEmailTemplateCommandOutput,
  GetInAppTemplateCommandInput,
  GetInAppTemplateCommandOutput,
  GetPushTemplateCommandInput,
  GetPushTemplateCommandOutput,
  GetSmsTemplateCommandInput,
  GetSmsTemplateCommandOutput,
  GetVoiceTemplateCommandInput,
  GetVoiceTemplateCommandOutput,
} from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { requireTemplate, templateKinds, templateName, templateTags, toTemplateResponse, versionParameter } from './template-response.ts';
import type { TemplateKind } from './template-response.ts';

/** GetXTemplate: the active version, or the version the `version` parameter names. */
function getTemplate(kind: TemplateKind): OperationHandler<Record<string, unknown>, Record<string, unknown>> {
  return async (input, context) => {
    const name = templateName(input.TemplateName as string);
    const version = versionParameter(input.Version as string | undefined);
    const record = await requireTemplate(context, name, kind.type, version);
    return { [kind.responseMember]: toTemplateResponse(context, record, await templateTags(context, name, kind.type)) };
  };
}

export const getEmailTemplate: OperationHandler<GetEmailTemplateCommandInput, Output<GetEmailTemplateCommandOutput>> = getTemplate(templateKinds.EMAIL) as OperationHandler;
export const getSmsTemplate: OperationHandler<GetSmsTemplateCommandInput, Output<GetSmsTemplateCommandOutput>> = getTemplate(templateKinds.SMS) as OperationHandler;
export const getPushTemplate: OperationHandler<GetPushTemplateCommandInput, Output<GetPushTemplateCommandOutput>> = getTemplate(templateKinds.PUSH) as OperationHandler;
export const getVoiceTemplate: OperationHandler<GetVoiceTemplateCommandInput, Output<GetVoiceTemplateCommandOutput>> = getTemplate(templateKinds.VOICE) as OperationHandler;
export const getInAppTemplate: OperationHandler<GetInAppTemplateCommandInput, Output<GetInAppTemplateCommandOutput>> = getTemplate(templateKinds.INAPP) as OperationHandler;

import type {
  DeleteEmailTemplateCommandInput,
  DeleteEmailTemplateCommandOutput,
  DeleteInAppTemplateCommandInput,
  DeleteInAppTemplateCommandOutput,
  DeletePushTemplateCommandInput,
  DeletePushTemplateCommandOutput,
  DeleteSmsTemplateCommandInput,
  DeleteSmsTemplateCommandOutput,
  DeleteVoiceTemplateCommandInput,
  DeleteVoiceTemplateCommandOutput,
} from '@aws-sdk/client-pinpoint';
import { templateArn } from '../../domain/arn.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { accepted, templateKinds, templateName, templateNotFound, versionNotFound, versionParameter } from './template-response.ts';
import type { TemplateKind } from './template-response.ts';

/**
 * DeleteXTemplate: without `version`, the template with all its versions and its tags; with it,
 * that one version. The active version cannot be deleted on its own (a template always has an
 * active version): make another one active first, or delete the whole template.
 */
function deleteTemplate(kind: TemplateKind): OperationHandler<Record<string, unknown>, Record<string, unknown>> {
  return async (input, context) => {
    const name = templateName(input.TemplateName as string);
    const version = versionParameter(input.Version as string | undefined);
    if (version === undefined) {
      const deleted = await context.repositories.templates.delete(context.tenant, name, kind.type, templateArn(context.tenant, name, kind.type));
      return deleted ? accepted(context) : templateNotFound();
    }
    const result = await context.repositories.templates.deleteVersion(context.tenant, name, kind.type, version, context.now().toISOString());
    switch (result.outcome) {
      case 'deleted':
        return accepted(context);
      case 'no-template':
        return templateNotFound();
      case 'no-version':
        return versionNotFound(name, kind.type, version);
      case 'active':
        throw pinpointErrors.badRequest(
          `version ${version} is the active version of template ${name} (${kind.type}) and cannot be deleted on its own: make another version active first (UpdateTemplateActiveVersion), or leave version out to delete the template`,
        );
    }
  };
}

export const deleteEmailTemplate: OperationHandler<DeleteEmailTemplateCommandInput, Output<DeleteEmailTemplateCommandOutput>> = deleteTemplate(templateKinds.EMAIL) as OperationHandler;
export const deleteSmsTemplate: OperationHandler<DeleteSmsTemplateCommandInput, Output<DeleteSmsTemplateCommandOutput>> = deleteTemplate(templateKinds.SMS) as OperationHandler;
export const deletePushTemplate: OperationHandler<DeletePushTemplateCommandInput, Output<DeletePushTemplateCommandOutput>> = deleteTemplate(templateKinds.PUSH) as OperationHandler;
export const deleteVoiceTemplate: OperationHandler<DeleteVoiceTemplateCommandInput, Output<DeleteVoiceTemplateCommandOutput>> = deleteTemplate(templateKinds.VOICE) as OperationHandler;
export const deleteInAppTemplate: OperationHandler<DeleteInAppTemplateCommandInput, Output<DeleteInAppTemplateCommandOutput>> = deleteTemplate(templateKinds.INAPP) as OperationHandler;

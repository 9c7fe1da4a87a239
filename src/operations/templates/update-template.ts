import type {
  UpdateEmailTemplateCommandInput,
  UpdateEmailTemplateCommandOutput,
  UpdateInAppTemplateCommandInput,
  UpdateInAppTemplateCommandOutput,
  UpdatePushTemplateCommandInput,
  UpdatePushTemplateCommandOutput,
  UpdateSmsTemplateCommandInput,
  UpdateSmsTemplateCommandOutput,
  UpdateVoiceTemplateCommandInput,
  UpdateVoiceTemplateCommandOutput,
} from '@aws-sdk/client-pinpoint';
import { templateLimits } from '../../domain/templates/template-content.ts';
import type { TemplateWrite } from '../../storage/templates-repository.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { accepted, templateKinds, templateName, templateNotFound, versionNotFound, versionParameter } from './template-response.ts';
import type { TemplateKind } from './template-response.ts';
import { templateWriteOf } from './write-template.ts';

/**
 * UpdateXTemplate, as Pinpoint documents it: with create-new-version=true the request becomes a
 * new version (the highest number given so far + 1) and the active version stays; otherwise it
 * overwrites the latest existing version, whose number `version` may name (any other existing
 * version is refused, "so that race conditions don't occur"). The request replaces the version's
 * content: members it leaves out are gone from that version. Tags in the request are ignored.
 */
function updateTemplate(kind: TemplateKind): OperationHandler<Record<string, unknown>, Record<string, unknown>> {
  return async (input, context) => {
    const name = templateName(input.TemplateName as string);
    const version = versionParameter(input.Version as string | undefined);
    const createNewVersion = input.CreateNewVersion === true;
    if (createNewVersion && version !== undefined) {
      throw pinpointErrors.badRequest(`version (${version}) cannot be given with create-new-version=true: a new version gets the next number`);
    }
    const { content } = templateWriteOf(kind, input, false);
    const write: TemplateWrite = createNewVersion
      ? { mode: 'new-version', maxVersions: templateLimits.versions }
      : { mode: 'overwrite', ...(version !== undefined ? { expectedVersion: version } : {}) };
    const result = await context.repositories.templates.write(context.tenant, name, kind.type, write, content, context.now().toISOString());
    switch (result.outcome) {
      case 'written':
        return accepted(context);
      case 'no-template':
        return templateNotFound();
      case 'no-version':
        return versionNotFound(name, kind.type, version!);
      case 'not-latest':
        throw pinpointErrors.badRequest(
          `version ${version} is not the latest version of template ${name} (${kind.type}); only the latest version (${result.latest}) can be updated in place: name it, leave version out, or use create-new-version=true`,
        );
      case 'version-limit':
        throw pinpointErrors.badRequest(`Template ${name} (${kind.type}) already has ${result.limit.toLocaleString('en-US')} versions, the most a template can have; delete versions it no longer needs`);
    }
  };
}

export const updateEmailTemplate: OperationHandler<UpdateEmailTemplateCommandInput, Output<UpdateEmailTemplateCommandOutput>> = updateTemplate(templateKinds.EMAIL) as OperationHandler;
export const updateSmsTemplate: OperationHandler<UpdateSmsTemplateCommandInput, Output<UpdateSmsTemplateCommandOutput>> = updateTemplate(templateKinds.SMS) as OperationHandler;
export const updatePushTemplate: OperationHandler<UpdatePushTemplateCommandInput, Output<UpdatePushTemplateCommandOutput>> = updateTemplate(templateKinds.PUSH) as OperationHandler;
export const updateVoiceTemplate: OperationHandler<UpdateVoiceTemplateCommandInput, Output<UpdateVoiceTemplateCommandOutput>> = updateTemplate(templateKinds.VOICE) as OperationHandler;
export const updateInAppTemplate: OperationHandler<UpdateInAppTemplateCommandInput, Output<UpdateInAppTemplateCommandOutput>> = updateTemplate(templateKinds.INAPP) as OperationHandler;

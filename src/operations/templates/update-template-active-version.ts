import type { UpdateTemplateActiveVersionCommandInput, UpdateTemplateActiveVersionCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { accepted, templateName, templateNotFound, templateType, versionNotFound } from './template-response.ts';

/**
 * UpdateTemplateActiveVersion: makes an existing version the one messages use by default.
 * TemplateActiveVersionRequest.Version is `latest` (the latest existing version) or a version
 * number that exists.
 */
export const updateTemplateActiveVersion: OperationHandler<UpdateTemplateActiveVersionCommandInput, Output<UpdateTemplateActiveVersionCommandOutput>> = async (input, context) => {
  const name = templateName(input.TemplateName!);
  const type = templateType(input.TemplateType!, 'template-type');
  const requested = input.TemplateActiveVersionRequest?.Version;
  if (requested === undefined || requested === '') {
    throw pinpointErrors.badRequest("TemplateActiveVersionRequest.Version is required: 'latest' or the number of an existing version");
  }
  if (requested !== 'latest' && !/^[1-9]\d{0,8}$/.test(requested)) {
    throw pinpointErrors.badRequest(`TemplateActiveVersionRequest.Version must be 'latest' or a version number (a whole number from 1), got '${requested.slice(0, 32)}'`);
  }
  const version = requested === 'latest' ? 'latest' : Number(requested);
  const result = await context.repositories.templates.setActiveVersion(context.tenant, name, type, version, context.now().toISOString());
  switch (result.outcome) {
    case 'set':
      return accepted(context);
    case 'no-template':
      return templateNotFound();
    case 'no-version':
      return versionNotFound(name, type, version as number);
  }
};

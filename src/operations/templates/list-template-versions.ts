import type { ListTemplateVersionsCommandInput, ListTemplateVersionsCommandOutput, TemplateVersionResponse } from '@aws-sdk/client-pinpoint';
import { parsePageSize } from '../apps/page-token.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { decodeVersionsToken, encodeVersionsToken } from './page-tokens.ts';
import { requireTemplate, templateName, templateType } from './template-response.ts';

/**
 * ListTemplateVersions: a template's versions, newest first (as Pinpoint's console lists them), a
 * page at a time. CreationDate and LastModifiedDate are the version's own. The model has no
 * "is active" flag: GetXTemplate without a version answers the active one.
 */
export const listTemplateVersions: OperationHandler<ListTemplateVersionsCommandInput, Output<ListTemplateVersionsCommandOutput>> = async (input, context) => {
  const name = templateName(input.TemplateName!);
  const type = templateType(input.TemplateType!, 'template-type');
  const limit = parsePageSize(input.PageSize);
  const before = input.NextToken === undefined || input.NextToken === '' ? undefined : decodeVersionsToken(input.NextToken, name, type);
  await requireTemplate(context, name, type);
  const rows = await context.repositories.templates.listVersions(context.tenant, name, type, { limit: limit + 1, ...(before !== undefined ? { before } : {}) });
  const page = rows.slice(0, limit);
  const Item: TemplateVersionResponse[] = page.map((record) => {
    const { TemplateDescription } = record.content as { TemplateDescription?: string };
    return {
      CreationDate: record.versionCreationDate,
      LastModifiedDate: record.lastModifiedDate,
      TemplateName: record.name,
      TemplateType: record.type,
      Version: String(record.version),
      ...(record.defaultSubstitutions !== undefined ? { DefaultSubstitutions: record.defaultSubstitutions } : {}),
      ...(TemplateDescription !== undefined ? { TemplateDescription } : {}),
    };
  });
  const last = page[page.length - 1];
  return {
    TemplateVersionsResponse: {
      Item,
      ...(rows.length > limit && last ? { NextToken: encodeVersionsToken(name, type, last.version) } : {}),
    },
  };
};

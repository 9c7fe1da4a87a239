import type { ListTemplatesCommandInput, ListTemplatesCommandOutput, TemplateResponse } from '@aws-sdk/client-pinpoint';
import { isStorableText } from '../../domain/storable-text.ts';
import { parsePageSize } from '../apps/page-token.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { decodeTemplatesToken, encodeTemplatesToken } from './page-tokens.ts';
import { templateType } from './template-response.ts';

/**
 * ListTemplates: the account's templates in the region, in creation order, a page at a time;
 * `prefix` keeps names that start with it (case-sensitive), `template-type` one type. Each item
 * carries what Pinpoint's TemplateResponse documents for listings (name, type, dates, the active
 * version); Arn, tags, TemplateDescription and DefaultSubstitutions are "not included in a
 * TemplateResponse object" and come from GetXTemplate.
 */
export const listTemplates: OperationHandler<ListTemplatesCommandInput, Output<ListTemplatesCommandOutput>> = async (input, context) => {
  const limit = parsePageSize(input.PageSize);
  const type = input.TemplateType === undefined || input.TemplateType === '' ? undefined : templateType(input.TemplateType, 'template-type');
  const prefix = input.Prefix;
  if (prefix !== undefined && !isStorableText(prefix)) throw pinpointErrors.badRequest('prefix must not contain NUL characters or unpaired surrogates');
  const after = input.NextToken === undefined || input.NextToken === '' ? undefined : decodeTemplatesToken(input.NextToken);
  const rows = await context.repositories.templates.list(context.tenant, {
    limit: limit + 1,
    ...(after ? { after } : {}),
    ...(prefix !== undefined && prefix !== '' ? { prefix } : {}),
    ...(type ? { type } : {}),
  });
  const page = rows.slice(0, limit);
  const Item: TemplateResponse[] = page.map((template) => ({
    CreationDate: template.creationDate,
    LastModifiedDate: template.lastModifiedDate,
    TemplateName: template.name,
    TemplateType: template.type,
    Version: String(template.activeVersion),
  }));
  const last = page[page.length - 1];
  return {
    TemplatesResponse: {
      Item,
      ...(rows.length > limit && last ? { NextToken: encodeTemplatesToken({ creationDate: last.creationDate, name: last.name, type: last.type }) } : {}),
    },
  };
};

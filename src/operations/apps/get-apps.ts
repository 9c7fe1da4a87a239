import type { GetAppsCommandInput, GetAppsCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { toApplicationResponse } from './app-response.ts';
import { decodeAppCursor, encodeAppCursor, parsePageSize } from './page-token.ts';

/** Apps in creation order (then id), a page at a time; NextToken only when more remain. */
export const getApps: OperationHandler<GetAppsCommandInput, Output<GetAppsCommandOutput>> = async (input, context) => {
  const limit = parsePageSize(input.PageSize);
  const after = input.Token === undefined || input.Token === '' ? undefined : decodeAppCursor(input.Token);
  const rows = await context.repositories.apps.list(context.tenant, { limit: limit + 1, ...(after ? { after } : {}) });
  const page = rows.slice(0, limit);
  const items = await Promise.all(
    page.map(async (app) => toApplicationResponse(app, await context.repositories.tags.list(context.tenant, app.arn))),
  );
  const last = page[page.length - 1];
  return {
    ApplicationsResponse: {
      Item: items,
      ...(rows.length > limit && last ? { NextToken: encodeAppCursor(last) } : {}),
    },
  };
};

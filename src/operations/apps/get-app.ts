import type { GetAppCommandInput, GetAppCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { requireApp, toApplicationResponse } from './app-response.ts';

export const getApp: OperationHandler<GetAppCommandInput, Output<GetAppCommandOutput>> = async (input, context) => {
  const app = await requireApp(context, input.ApplicationId!);
  const tags = await context.repositories.tags.list(context.tenant, app.arn);
  return { ApplicationResponse: toApplicationResponse(app, tags) };
};

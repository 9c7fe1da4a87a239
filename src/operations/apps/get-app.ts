import type { GetAppCommandInput, GetAppCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { toApplicationResponse } from './app-response.ts';

export const getApp: OperationHandler<GetAppCommandInput, Output<GetAppCommandOutput>> = async (input, context) => {
  const found = await context.repositories.apps.getWithTags(context.tenant, input.ApplicationId!);
  if (!found) throw pinpointErrors.notFound('Application not found');
  return { ApplicationResponse: toApplicationResponse(found.app, found.tags) };
};

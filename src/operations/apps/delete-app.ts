import type { DeleteAppCommandInput, DeleteAppCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp, toApplicationResponse } from './app-response.ts';

/** Deletes the app and everything under it; answers with the app as it was. */
export const deleteApp: OperationHandler<DeleteAppCommandInput, Output<DeleteAppCommandOutput>> = async (input, context) => {
  const app = await requireApp(context, input.ApplicationId!);
  const tags = await context.repositories.tags.list(context.tenant, app.arn);
  const deleted = await context.repositories.apps.delete(context.tenant, app.id);
  // A concurrent delete may have won between the read and the delete.
  if (!deleted) throw pinpointErrors.notFound('Application not found');
  return { ApplicationResponse: toApplicationResponse(deleted, tags) };
};

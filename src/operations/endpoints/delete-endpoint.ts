import type { DeleteEndpointCommandInput, DeleteEndpointCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';
import { toEndpointResponse } from './endpoint-response.ts';

/** Answers the endpoint as it was before it was deleted. */
export const deleteEndpoint: OperationHandler<DeleteEndpointCommandInput, Output<DeleteEndpointCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  await requireApp(context, appId);
  const endpoint = await context.repositories.endpoints.delete(context.tenant, appId, input.EndpointId!);
  if (!endpoint) throw pinpointErrors.notFound('Resource not found');
  return { EndpointResponse: toEndpointResponse(appId, endpoint) };
};

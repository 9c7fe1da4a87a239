import type { DeleteUserEndpointsCommandInput, DeleteUserEndpointsCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';
import { toEndpointResponse } from './endpoint-response.ts';

/** Deletes every endpoint of the user and answers them as they were; 404 when the user id has none. */
export const deleteUserEndpoints: OperationHandler<DeleteUserEndpointsCommandInput, Output<DeleteUserEndpointsCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  await requireApp(context, appId);
  const endpoints = await context.repositories.endpoints.deleteByUser(context.tenant, appId, input.UserId!);
  if (endpoints.length === 0) throw pinpointErrors.notFound('Resource not found');
  return { EndpointsResponse: { Item: endpoints.map((endpoint) => toEndpointResponse(appId, endpoint)) } };
};

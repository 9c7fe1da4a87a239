import type { GetUserEndpointsCommandInput, GetUserEndpointsCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';
import { toEndpointResponse } from './endpoint-response.ts';

/** The user's endpoints, oldest first; 404 when the user id has none. */
export const getUserEndpoints: OperationHandler<GetUserEndpointsCommandInput, Output<GetUserEndpointsCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  await requireApp(context, appId);
  const endpoints = await context.repositories.endpoints.listByUser(context.tenant, appId, input.UserId!);
  if (endpoints.length === 0) throw pinpointErrors.notFound('Resource not found');
  return { EndpointsResponse: { Item: endpoints.map((endpoint) => toEndpointResponse(appId, endpoint)) } };
};

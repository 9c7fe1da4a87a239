import type { GetEndpointCommandInput, GetEndpointCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';
import { toEndpointResponse } from './endpoint-response.ts';

export const getEndpoint: OperationHandler<GetEndpointCommandInput, Output<GetEndpointCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const endpoint = await context.repositories.endpoints.get(context.tenant, appId, input.EndpointId!);
  if (!endpoint) {
    await requireApp(context, appId);
    throw pinpointErrors.notFound('Resource not found');
  }
  return { EndpointResponse: toEndpointResponse(appId, endpoint) };
};

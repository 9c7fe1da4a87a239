import type { EndpointResponse } from '@aws-sdk/client-pinpoint';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { OperationContext } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

export function toEndpointResponse(appId: string, endpoint: StoredEndpoint): EndpointResponse {
  return { ...endpoint, ApplicationId: appId } as EndpointResponse;
}

/** Every endpoint operation names a project; an unknown one is 404 before anything is read or written. */
export async function requireApp(context: OperationContext, appId: string): Promise<void> {
  if (!(await context.repositories.apps.get(context.tenant, appId))) throw pinpointErrors.notFound('Application not found');
}

/** The answer of UpdateEndpoint and UpdateEndpointsBatch: Pinpoint accepts and says so. */
export function accepted(context: OperationContext): { MessageBody: { Message: string; RequestID: string } } {
  return { MessageBody: { Message: 'Accepted', RequestID: context.requestId } };
}

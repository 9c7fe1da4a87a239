import type { EndpointResponse } from '@aws-sdk/client-pinpoint';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { OperationContext } from '../operation-context.ts';

export function toEndpointResponse(appId: string, endpoint: StoredEndpoint): EndpointResponse {
  return { ...endpoint, ApplicationId: appId } as EndpointResponse;
}

/** The answer of UpdateEndpoint and UpdateEndpointsBatch: Pinpoint accepts and says so. */
export function accepted(context: OperationContext): { MessageBody: { Message: string; RequestID: string } } {
  return { MessageBody: { Message: 'Accepted', RequestID: context.requestId } };
}

import type { EndpointResponse } from '@aws-sdk/client-pinpoint';
import type { StoredEndpoint } from './stored-endpoint.ts';

/** A stored endpoint as Pinpoint answers it (GetEndpoint, exports): its members plus ApplicationId. */
export function toEndpointResponse(appId: string, endpoint: StoredEndpoint): EndpointResponse {
  return { ...endpoint, ApplicationId: appId } as EndpointResponse;
}

import type { OperationContext } from '../operation-context.ts';

export { toEndpointResponse } from '../../domain/endpoints/endpoint-response.ts';

/** The answer of UpdateEndpoint and UpdateEndpointsBatch: Pinpoint accepts and says so. */
export function accepted(context: OperationContext): { MessageBody: { Message: string; RequestID: string } } {
  return { MessageBody: { Message: 'Accepted', RequestID: context.requestId } };
}

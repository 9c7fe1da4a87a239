import type { UpdateEndpointsBatchCommandInput, UpdateEndpointsBatchCommandOutput } from '@aws-sdk/client-pinpoint';
import { endpointLimits } from '../../domain/endpoints/endpoint-limits.ts';
import { boundedProblems, endpointIdProblem, endpointPatchProblems } from '../../domain/endpoints/endpoint-patch.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';
import { accepted } from './endpoint-response.ts';
import { asBadRequest, endpointWrite } from './endpoint-write-plan.ts';
import type { EndpointChange } from '../../domain/endpoints/merge-changes.ts';

/** All or nothing: one bad item refuses the request and no endpoint of it is written. */
export const updateEndpointsBatch: OperationHandler<UpdateEndpointsBatchCommandInput, Output<UpdateEndpointsBatchCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const items = input.EndpointBatchRequest!.Item!;
  if (items.length === 0) throw pinpointErrors.badRequest('EndpointBatchRequest.Item: must contain at least one endpoint');
  if (items.length > endpointLimits.batchItems) {
    throw pinpointErrors.badRequest(`EndpointBatchRequest.Item: a batch can have at most ${endpointLimits.batchItems} endpoints, got ${items.length}`);
  }
  const problems: string[] = [];
  const changes: EndpointChange[] = items.map((item, index) => {
    const path = `EndpointBatchRequest.Item[${index}]`;
    const { Id: id, ...patch } = item;
    if (id === undefined) problems.push(`${path}.Id: is required`);
    else {
      const idProblem = endpointIdProblem(id);
      if (idProblem) problems.push(`${path}.Id: ${idProblem}`);
    }
    problems.push(...endpointPatchProblems(patch, path));
    return { id: id ?? '', patch, path };
  });
  if (problems.length > 0) throw pinpointErrors.badRequest(boundedProblems(problems).join('; '));
  await requireApp(context, appId);
  await context.repositories.endpoints.write(context.tenant, endpointWrite(appId, changes, context.now().toISOString(), context.requestId)).catch((error: unknown) => {
    throw asBadRequest(error);
  });
  return accepted(context);
};

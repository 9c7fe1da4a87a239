import type { UpdateEndpointCommandInput, UpdateEndpointCommandOutput } from '@aws-sdk/client-pinpoint';
import { endpointIdProblem, endpointPatchProblems } from '../../domain/endpoints/endpoint-patch.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';
import { accepted } from './endpoint-response.ts';
import { asBadRequest, endpointWrite } from './endpoint-write-plan.ts';

export const updateEndpoint: OperationHandler<UpdateEndpointCommandInput, Output<UpdateEndpointCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const id = input.EndpointId!;
  const idProblem = endpointIdProblem(id);
  const problems = [...(idProblem ? [`EndpointId: ${idProblem}`] : []), ...endpointPatchProblems(input.EndpointRequest!, 'EndpointRequest')];
  if (problems.length > 0) throw pinpointErrors.badRequest(problems.join('; '));
  await requireApp(context, appId);
  await context.repositories.endpoints
    .write(context.tenant, endpointWrite(appId, [{ id, patch: input.EndpointRequest!, path: 'EndpointRequest' }], context.now().toISOString(), context.requestId))
    .catch((error: unknown) => {
      throw asBadRequest(error);
    });
  return accepted(context);
};

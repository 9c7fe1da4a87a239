import { endpointLimits } from '../../domain/endpoints/endpoint-limits.ts';
import { boundedProblems } from '../../domain/endpoints/endpoint-patch.ts';
import { mergeChanges } from '../../domain/endpoints/merge-changes.ts';
import type { EndpointChange } from '../../domain/endpoints/merge-changes.ts';
import { decideUserLimit, userEndpointLimitReason } from '../../domain/endpoints/user-limit.ts';
import { ApiError } from '../../protocol/api-error.ts';
import { AttributeKeyLimitError, ProjectMissingError, UserEndpointsBusyError } from '../../storage/endpoints-repository.ts';
import type { EndpointWrite } from '../../storage/endpoints-repository.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

/** The per-user limit as Pinpoint applies it; a refusal is a 400 with a machine-readable Reason. */
export const enforceUserLimit: EndpointWrite['enforceUserLimit'] = (userId, others, incoming, joining) => {
  const decision = decideUserLimit(userId, others, incoming, joining);
  if ('refuse' in decision) throw new ApiError('BadRequestException', 400, decision.refuse, { extra: { Reason: userEndpointLimitReason } });
  return decision;
};

/** The write for UpdateEndpoint / UpdateEndpointsBatch: any problem refuses the whole request. */
export function endpointWrite(appId: string, changes: readonly EndpointChange[], now: string, requestId: string): EndpointWrite {
  return {
    appId,
    ids: [...new Set(changes.map((change) => change.id))],
    merge: (existing) => {
      const { merged, problems } = mergeChanges(changes, existing, now, requestId);
      if (problems.size > 0) throw pinpointErrors.badRequest(boundedProblems([...problems.values()].flat()).join('; '));
      return merged;
    },
    deactivateSameAddress: true,
    enforceUserLimit,
    attributeKeyLimit: endpointLimits.attributeKeysPerProject,
  };
}

/**
 * The write that gives an endpoint the new token its push service reported (FCM's canonical
 * registration id, ADM's). Only an endpoint that still exists on the same channel with the token
 * the message went to is changed, and only its Address: its status stays (an endpoint made
 * INACTIVE meanwhile is not revived); one deleted or re-registered meanwhile is left as it is
 * (never re-created).
 */
export function pushTokenReplacement(appId: string, endpointId: string, channel: string, previous: string, token: string, now: string, requestId: string): EndpointWrite {
  return {
    appId,
    ids: [endpointId],
    merge: (existing) => {
      const current = existing.get(endpointId);
      if (current?.Address !== previous || current.ChannelType !== channel) return [];
      const patch = { Address: token, EndpointStatus: current.EndpointStatus };
      const { merged, problems } = mergeChanges([{ id: endpointId, patch, path: 'UpdatedToken' }], existing, now, requestId);
      return problems.size > 0 ? [] : merged;
    },
    deactivateSameAddress: true,
    enforceUserLimit,
    attributeKeyLimit: endpointLimits.attributeKeysPerProject,
  };
}

/** The storage's refusals as Pinpoint's errors: quota 400, missing project 404, contention 409. */
export function asBadRequest(error: unknown): unknown {
  if (error instanceof AttributeKeyLimitError) {
    return pinpointErrors.badRequest(
      `A project can have at most ${error.limit} attribute names across Attributes, Metrics and User.UserAttributes; this request would make it ${error.wouldHave} (names it adds: ${error.newNames.slice(0, 10).join(', ')}${error.newNames.length > 10 ? ', …' : ''}). Remove unused names with RemoveAttributes.`,
      error,
    );
  }
  if (error instanceof ProjectMissingError) return pinpointErrors.notFound('Application not found');
  if (error instanceof UserEndpointsBusyError) {
    return pinpointErrors.conflict('Endpoints of the same user are being updated by another request; retry this request');
  }
  return error;
}

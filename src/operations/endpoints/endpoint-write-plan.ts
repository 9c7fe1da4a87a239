import { endpointLimits } from '../../domain/endpoints/endpoint-limits.ts';
import { boundedProblems } from '../../domain/endpoints/endpoint-patch.ts';
import type { EndpointPatch } from '../../domain/endpoints/endpoint-patch.ts';
import { mergedEndpointProblems, mergeEndpoint } from '../../domain/endpoints/merge-endpoint.ts';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import { decideUserLimit, userEndpointLimitReason } from '../../domain/endpoints/user-limit.ts';
import { ApiError } from '../../protocol/api-error.ts';
import { AttributeKeyLimitError, ProjectMissingError, UserEndpointsBusyError } from '../../storage/endpoints-repository.ts';
import type { EndpointWrite } from '../../storage/endpoints-repository.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

export interface EndpointChange {
  id: string;
  patch: EndpointPatch;
  /** Where the patch sits in the request, for messages: "EndpointBatchRequest.Item[3]". */
  path: string;
}

/**
 * Of two endpoints written together with the same channel and address, the later one wins and
 * the earlier goes INACTIVE, as if they had been written one after the other.
 */
function retireEarlierDuplicates(endpoints: StoredEndpoint[]): void {
  const last = new Map<string, StoredEndpoint>();
  for (const endpoint of endpoints) {
    if (endpoint.Address === undefined || endpoint.ChannelType === undefined || endpoint.EndpointStatus !== 'ACTIVE') continue;
    const key = `${endpoint.ChannelType}\u0000${endpoint.Address}`;
    const earlier = last.get(key);
    if (earlier) earlier.EndpointStatus = 'INACTIVE';
    last.set(key, endpoint);
  }
}

/** Applies the changes in order (an id given twice gets both patches, the later on top). */
export function mergeChanges(changes: readonly EndpointChange[], existing: ReadonlyMap<string, StoredEndpoint>, now: string, requestId: string): { merged: StoredEndpoint[]; problems: Map<string, string[]> } {
  const byId = new Map<string, StoredEndpoint>();
  const paths = new Map<string, string>();
  for (const change of changes) {
    byId.set(change.id, mergeEndpoint(byId.get(change.id) ?? existing.get(change.id), change.id, change.patch, now, requestId));
    paths.set(change.id, change.path);
  }
  const merged = [...byId.values()];
  retireEarlierDuplicates(merged);
  // Checked once each endpoint is final (the size check serializes it; storage reuses that text).
  const problems = new Map<string, string[]>();
  for (const endpoint of merged) {
    const found = mergedEndpointProblems(endpoint, paths.get(endpoint.Id)!);
    if (found.length > 0) problems.set(endpoint.Id, found);
  }
  return { merged, problems };
}

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

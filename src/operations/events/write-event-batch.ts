import { endpointLimits } from '../../domain/endpoints/endpoint-limits.ts';
import type { EndpointPatch } from '../../domain/endpoints/endpoint-patch.ts';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { AppEvent } from '../../domain/events/app-event.ts';
import { buildEventRecord, eventRecordJson } from '../../domain/events/event-record.ts';
import { ApiError } from '../../protocol/api-error.ts';
import type { EndpointWrite, EventLogEntry } from '../../storage/endpoints-repository.ts';
import { mergeChanges } from '../../domain/endpoints/merge-changes.ts';
import { asBadRequest, enforceUserLimit } from '../endpoints/endpoint-write-plan.ts';
import type { OperationContext } from '../operation-context.ts';

export interface EventBatchItem {
  endpointId: string;
  /** {} when the item only names the endpoint: then the endpoint is not rewritten. */
  patch: EndpointPatch;
  /** The events that passed validation, by their id in the request. */
  events: [string, AppEvent][];
}

function isEmpty(patch: EndpointPatch): boolean {
  return Object.values(patch).every((value) => value === undefined);
}

function messageOf(error: unknown): string | undefined {
  const refusal = asBadRequest(error);
  return refusal instanceof ApiError && refusal.status === 400 ? refusal.message : undefined;
}

/**
 * Writes the batch in one transaction. If the write as a whole is refused (a quota), each
 * endpoint is retried alone so that only the ones at fault are refused. Returns the refused
 * endpoints with the reason.
 */
export async function writeEventBatch(context: OperationContext, appId: string, items: readonly EventBatchItem[]): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  if (items.length === 0) return refused;
  try {
    await context.repositories.endpoints.write(context.tenant, eventWrite(context, appId, items, refused));
    return refused;
  } catch (error) {
    if (messageOf(error) === undefined) throw asBadRequest(error);
    if (items.length === 1) {
      refused.set(items[0]!.endpointId, messageOf(error)!);
      return refused;
    }
  }
  for (const item of items) {
    if (refused.has(item.endpointId)) continue;
    try {
      await context.repositories.endpoints.write(context.tenant, eventWrite(context, appId, [item], refused));
    } catch (error) {
      const message = messageOf(error);
      if (message === undefined) throw asBadRequest(error);
      refused.set(item.endpointId, message);
    }
  }
  return refused;
}

function eventWrite(context: OperationContext, appId: string, items: readonly EventBatchItem[], refused: Map<string, string>): EndpointWrite {
  const now = context.now();
  const changes = items.filter((item) => !isEmpty(item.patch)).map((item) => ({ id: item.endpointId, patch: item.patch, path: 'Endpoint' }));
  return {
    appId,
    ids: items.map((item) => item.endpointId),
    merge: (existing) => {
      const { merged, problems } = mergeChanges(changes, existing, now.toISOString(), context.requestId);
      for (const [id, found] of problems) refused.set(id, found.join('; '));
      return merged.filter((endpoint) => !problems.has(endpoint.Id));
    },
    deactivateSameAddress: true,
    enforceUserLimit,
    attributeKeyLimit: endpointLimits.attributeKeysPerProject,
    events: (merged, existing) => {
      const entries: EventLogEntry[] = [];
      const arrival = now.getTime();
      for (const item of items) {
        if (refused.has(item.endpointId)) continue;
        const endpoint: StoredEndpoint | { Id: string } = merged.get(item.endpointId) ?? existing.get(item.endpointId) ?? { Id: item.endpointId };
        for (const [, event] of item.events) {
          const record = buildEventRecord({ accountId: context.tenant.accountId, appId, endpoint, event, arrivalTimestamp: arrival });
          entries.push({ endpointId: item.endpointId, eventType: record.event_type, eventTimestamp: record.event_timestamp, arrivalTimestamp: arrival, record: eventRecordJson(record) });
        }
      }
      return entries;
    },
  };
}

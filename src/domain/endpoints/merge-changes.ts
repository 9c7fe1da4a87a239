import type { EndpointPatch } from './endpoint-patch.ts';
import { mergedEndpointProblems, mergeEndpoint } from './merge-endpoint.ts';
import type { StoredEndpoint } from './stored-endpoint.ts';

/**
 * Endpoint changes merged over the stored endpoints as UpdateEndpointsBatch applies them (and
 * import jobs, which must behave exactly the same): pure.
 */

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


import { endpointLimits, pushChannels } from './endpoint-limits.ts';
import type { StoredEndpoint } from './stored-endpoint.ts';

export interface UserEndpointLimitSummary {
  id: string;
  channelType: string | undefined;
  modifiedDate: string;
}

export type UserLimitDecision = { readonly deactivate: string[] } | { readonly refuse: string };

/** The machine-readable reason given with a refusal (an extra member of the error body). */
export const userEndpointLimitReason = 'ENDPOINTS_PER_USER_LIMIT_EXCEEDED';

/**
 * At most 15 ACTIVE endpoints per user id. When endpoints joining a user would exceed that: if
 * they are all push endpoints (device tokens that come and go), the user's oldest other endpoints
 * go INACTIVE; otherwise the write is refused.
 */
export function decideUserLimit(
  userId: string,
  others: readonly UserEndpointLimitSummary[],
  incoming: readonly StoredEndpoint[],
  joining: readonly StoredEndpoint[],
): UserLimitDecision {
  const limit = endpointLimits.endpointsPerUser;
  const excess = others.length + incoming.length - limit;
  if (excess <= 0) return { deactivate: [] };
  const refusal = `Exceeded maximum endpoint per user count: user ${userId} would have ${others.length + incoming.length} active endpoints; the limit is ${limit}`;
  if (joining.some((endpoint) => !pushChannels.has(endpoint.ChannelType ?? ''))) return { refuse: refusal };
  if (excess > others.length) return { refuse: refusal };
  const oldestFirst = [...others].sort((a, b) => (a.modifiedDate < b.modifiedDate ? -1 : a.modifiedDate > b.modifiedDate ? 1 : a.id < b.id ? -1 : 1));
  return { deactivate: oldestFirst.slice(0, excess).map((endpoint) => endpoint.id) };
}

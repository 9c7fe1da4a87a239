import { endpointLimits, pushChannels } from './endpoint-limits.ts';
import type { StoredEndpoint } from './stored-endpoint.ts';

/** Another endpoint of the user (any status), as the limit looks at it. */
export interface UserEndpointLimitSummary {
  id: string;
  channelType: string | undefined;
  effectiveDate: string;
}

/**
 * `retire`: how many of the user's endpoints must go INACTIVE and lose their user id, and the
 * candidates, oldest first (a candidate being written by a concurrent request is passed over).
 */
export type UserLimitDecision = { readonly retire: number; readonly candidates: string[] } | { readonly refuse: string };

/** The machine-readable reason given with a refusal (an extra member of the error body). */
export const userEndpointLimitReason = 'ENDPOINTS_PER_USER_LIMIT_EXCEEDED';

/**
 * At most 15 endpoints per user id (Pinpoint's "Manage the maximum number of endpoints"). When
 * endpoints joining a user would exceed that: if they are all push endpoints and the user has
 * enough other push endpoints, the ones with the oldest EffectiveDate are retired; otherwise the
 * write is refused.
 */
export function decideUserLimit(
  userId: string,
  others: readonly UserEndpointLimitSummary[],
  incoming: readonly StoredEndpoint[],
  joining: readonly StoredEndpoint[],
): UserLimitDecision {
  const limit = endpointLimits.endpointsPerUser;
  const total = others.length + incoming.length;
  const excess = total - limit;
  if (excess <= 0) return { retire: 0, candidates: [] };
  // The user id is not quoted: it is personal data, and messages reach logs and the audit trail.
  const refusal = `Exceeded maximum endpoint per user count: the user would have ${total} endpoints; the limit is ${limit}`;
  if (joining.some((endpoint) => !pushChannels.has(endpoint.ChannelType ?? ''))) return { refuse: refusal };
  const pushOthers = others.filter((endpoint) => pushChannels.has(endpoint.channelType ?? ''));
  if (pushOthers.length < excess) return { refuse: `${refusal}, and it has no older push endpoint to retire` };
  // EffectiveDate is kept as the client wrote it (any ISO-8601 offset): compare the instants.
  const instant = (endpoint: UserEndpointLimitSummary) => Date.parse(endpoint.effectiveDate);
  const oldestFirst = [...pushOthers].sort((a, b) => instant(a) - instant(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { retire: excess, candidates: oldestFirst.map((endpoint) => endpoint.id) };
}

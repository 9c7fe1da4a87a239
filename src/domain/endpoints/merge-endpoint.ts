import { addressProblem } from './endpoint-address.ts';
import { cohortIdOf } from './cohort-id.ts';
import { endpointLimits } from './endpoint-limits.ts';
import type { EndpointPatch } from './endpoint-patch.ts';
import type { StoredEndpoint } from './stored-endpoint.ts';

/**
 * Attributes given replace those of the same name; an attribute given with no values is removed
 * (an attribute without values selects nothing and only uses quota).
 */
function mergeLists(stored: Record<string, string[]> | undefined, given: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  if (given === undefined) return stored;
  const merged: Record<string, string[]> = { ...stored };
  for (const [name, values] of Object.entries(given)) {
    if (values.length === 0) delete merged[name];
    // defineProperty: an attribute named "__proto__" is an attribute, not a prototype change.
    else Object.defineProperty(merged, name, { value: values, enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(merged).length === 0 ? undefined : merged;
}

function mergeFields<T extends object>(stored: T | undefined, given: T | undefined): T | undefined {
  if (given === undefined) return stored;
  const merged = { ...stored, ...given };
  return Object.keys(merged).length === 0 ? undefined : merged;
}

/**
 * Pinpoint's create-or-update: fields given replace the stored ones (maps merged by name, the
 * nested Demographic, Location and User merged by field); the endpoint is ACTIVE unless the
 * request says otherwise; EffectiveDate is the request's or now; RequestId is the request's, or
 * the id of the API request that made this update (Pinpoint: "the most recent request to update
 * the endpoint").
 */
export function mergeEndpoint(stored: StoredEndpoint | undefined, id: string, patch: EndpointPatch, now: string, requestId?: string): StoredEndpoint {
  const user = patch.User === undefined
    ? stored?.User
    : mergeFields(stored?.User, {
        ...(patch.User.UserId !== undefined ? { UserId: patch.User.UserId } : {}),
        ...(patch.User.UserAttributes !== undefined ? { UserAttributes: mergeLists(stored?.User?.UserAttributes, patch.User.UserAttributes) } : {}),
      });
  if (user && user.UserAttributes === undefined) delete user.UserAttributes;
  // Built field by field, leaving out what is undefined (deleting keys afterwards would make
  // every endpoint object a slow dictionary-mode object, on the hottest write path).
  const merged = { Id: id } as StoredEndpoint;
  const put = <K extends keyof StoredEndpoint>(key: K, value: StoredEndpoint[K] | undefined) => {
    if (value !== undefined) merged[key] = value;
  };
  put('ChannelType', patch.ChannelType ?? stored?.ChannelType);
  put('Address', patch.Address ?? stored?.Address);
  put('Attributes', mergeLists(stored?.Attributes, patch.Attributes));
  put('Metrics', mergeFields(stored?.Metrics, patch.Metrics));
  put('Demographic', mergeFields(stored?.Demographic, patch.Demographic));
  put('Location', mergeFields(stored?.Location, patch.Location));
  put('User', user);
  merged.OptOut = patch.OptOut ?? stored?.OptOut ?? 'NONE';
  merged.EndpointStatus = patch.EndpointStatus ?? 'ACTIVE';
  merged.EffectiveDate = patch.EffectiveDate ?? now;
  merged.CreationDate = stored?.CreationDate ?? now;
  merged.CohortId = cohortIdOf(id);
  put('RequestId', patch.RequestId ?? requestId ?? stored?.RequestId);
  return merged;
}

const serialized = new WeakMap<StoredEndpoint, string>();

/**
 * The endpoint as JSON text, made once per endpoint object (the size check and the stored
 * document use the same text). Only for endpoints no longer changed after this call.
 */
export function endpointJson(endpoint: StoredEndpoint): string {
  let text = serialized.get(endpoint);
  if (text === undefined) {
    text = JSON.stringify(endpoint);
    serialized.set(endpoint, text);
  }
  return text;
}

/** What is wrong with the endpoint as it would be stored, as "path: problem". */
export function mergedEndpointProblems(endpoint: StoredEndpoint, path: string): string[] {
  const problems: string[] = [];
  if (endpoint.Address !== undefined) {
    const problem = addressProblem(endpoint.ChannelType, endpoint.Address);
    if (problem) problems.push(`${path}.Address: ${problem}${endpoint.ChannelType ? ` for channel ${endpoint.ChannelType}` : ''}`);
  }
  const bytes = Buffer.byteLength(endpointJson(endpoint), 'utf8');
  if (bytes > endpointLimits.endpointBytes) {
    problems.push(`${path}: the endpoint would be ${bytes} bytes; an endpoint can be at most ${endpointLimits.endpointBytes} bytes (15 KB)`);
  }
  return problems;
}

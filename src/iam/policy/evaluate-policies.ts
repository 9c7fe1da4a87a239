/**
 * Same-account policy evaluation, as the IAM User Guide's "Policy evaluation logic" describes it:
 *
 * 1. A matching Deny statement in any policy (identity, resource, trust, session) → explicit deny.
 * 2. With session policies present (role sessions), the request needs an Allow from a session
 *    policy AND an Allow from an identity or resource-based policy — except that a resource-based
 *    (or trust) Allow naming the exact session ARN as principal is not limited by the session
 *    policy (User Guide, "Session policies": such permissions are added after the session exists).
 * 3. Otherwise an Allow from any identity or resource-based policy → allowed.
 * 4. Otherwise implicit deny.
 * Trust policies are evaluated as resource-based policies. Identity and session statements carry
 * no principal; resource and trust statements apply only when their Principal/NotPrincipal covers
 * the caller.
 *
 * Everything a statement needs was compiled by parse-policy.ts; the work here is a handful of Set
 * lookups and closure calls per statement. Once a Deny has matched, Allow statements are skipped,
 * since they can no longer change the answer or appear in `matched`.
 */
import type { AuthorizationQuery, CompiledStatement, ContextKeys, Decision, MatchedStatement, PolicySource, PrincipalMatch } from './policy-types.ts';

export type {
  AuthorizationQuery,
  Decision,
  MatchedStatement,
  PolicySource,
  PrincipalDescription,
  RequestContext,
} from './policy-types.ts';
export { referencedConditionKeys } from './parse-policy.ts';

export function evaluate(query: AuthorizationQuery, sources: readonly PolicySource[]): Decision {
  const names = actionNames(query);
  const keys = query.context.keys;
  let denies: MatchedStatement[] | undefined;
  const allows: MatchedStatement[] = [];
  let sessionPresent = false;
  let sessionAllows = false;
  let baseAllows = false; // identity or resource-based
  let directSessionAllows = false; // resource-based naming the exact session ARN
  let delegatedToAccount = false; // resource-based Allow covering the caller only through its account

  for (const source of sources) {
    const isSession = source.kind === 'session';
    const isResourceBased = source.kind === 'resource' || source.kind === 'trust';
    if (isSession) sessionPresent = true;
    for (const statement of source.policy.statements) {
      const isDeny = statement.effect === 'Deny';
      if (denies !== undefined && !isDeny) continue;
      const match = statementApplies(statement, names, query, keys, isResourceBased);
      if (match === 0) continue;
      const entry = matchedEntry(source.id, statement);
      if (isDeny) {
        (denies ??= []).push(entry);
        continue;
      }
      allows.push(entry);
      // An account-wide grant delegates to the account's own policies: it adds no permission.
      if (match === 3) {
        delegatedToAccount = true;
        continue;
      }
      if (isSession) sessionAllows = true;
      else baseAllows = true;
      if (match === 2) directSessionAllows = true;
    }
  }

  if (denies !== undefined) return { decision: 'explicitDeny', matched: denies };
  const allowed = sessionPresent ? (sessionAllows && baseAllows) || directSessionAllows : baseAllows;
  const delegation = delegatedToAccount ? { delegatedToAccount: true } : {};
  return allowed ? { decision: 'allowed', matched: allows, ...delegation } : { decision: 'implicitDeny', matched: [], ...delegation };
}

/** The lowercased action plus its aliases; actions compare case-insensitively. */
function actionNames(query: AuthorizationQuery): readonly string[] {
  const primary = query.action.toLowerCase();
  if (query.actionAliases === undefined || query.actionAliases.length === 0) return [primary];
  return [primary, ...query.actionAliases.map((alias) => alias.toLowerCase())];
}

/** 0 when the statement does not apply; otherwise the principal match (1, or 2 for an exact session ARN). */
function statementApplies(
  statement: CompiledStatement,
  names: readonly string[],
  query: AuthorizationQuery,
  keys: ContextKeys,
  isResourceBased: boolean,
): PrincipalMatch {
  if (!statement.action(names)) return 0;
  if (statement.resource !== undefined && !statement.resource(query.resource, keys)) return 0;
  let match: PrincipalMatch = 1;
  if (isResourceBased) {
    // A resource-based statement without a principal element cannot grant anyone anything.
    if (statement.principal === undefined) return 0;
    match = statement.principal(query.principal);
    if (match === 0) return 0;
  }
  for (const condition of statement.conditions) if (!condition.test(keys)) return 0;
  return match;
}

function matchedEntry(sourceId: string, statement: CompiledStatement): MatchedStatement {
  return statement.sid === undefined
    ? { sourceId, statementIndex: statement.index, effect: statement.effect }
    : { sourceId, statementIndex: statement.index, sid: statement.sid, effect: statement.effect };
}

/**
 * Principal / NotPrincipal of resource-based and trust policies.
 *
 * Forms (IAM User Guide, "AWS JSON policy elements: Principal"):
 * - `"*"` and `{"AWS": "*"}`: everyone.
 * - `{"AWS": "123456789012"}` or `{"AWS": "arn:aws:iam::123456789012:root"}`: the account, i.e. any
 *   IAM principal of that account (not a service principal).
 * - `{"AWS": user ARN}`: that user. `{"AWS": role ARN}`: the role and every session of it (AWS
 *   checks the session's role). `{"AWS": assumed-role session ARN}`: that session only.
 * - `{"Service": "pinpoint.amazonaws.com"}`: that service principal (case-insensitive, as DNS).
 * - `{"Federated": ...}` and `{"CanonicalUser": ...}`: equality with the caller's ARN only.
 * AWS refuses wildcards inside a principal ARN ("You cannot use a wildcard to match part of a
 * principal name or ARN"), so anything other than a lone `*` containing `*` or `?` is refused.
 */
import type { Compiled, PrincipalDescription, PrincipalMatch, PrincipalTest } from './policy-types.ts';
import { compiled, malformed } from './policy-types.ts';

const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
const PRINCIPAL_ARN = /^arn:[^:]+:(iam|sts)::\d{12}:[^*?]+$/;

interface PrincipalSet {
  any: boolean;
  readonly accounts: Set<string>;
  readonly arns: Set<string>;
  readonly services: Set<string>;
}

function invalid(type: string, value: unknown): Compiled<never> {
  return malformed(`Invalid principal in policy: ${JSON.stringify(type)}:${JSON.stringify(value)}`);
}

/** Validates and compiles a Principal (negated = NotPrincipal) element. */
export function compilePrincipal(element: unknown, negated: boolean): Compiled<PrincipalTest> {
  const set: PrincipalSet = { any: false, accounts: new Set(), arns: new Set(), services: new Set() };
  if (element === '*') {
    set.any = true;
  } else if (typeof element === 'object' && element !== null && !Array.isArray(element)) {
    const entries = Object.entries(element as Record<string, unknown>);
    if (entries.length === 0) return malformed('Invalid principal in policy: {}');
    for (const [type, raw] of entries) {
      if (!PRINCIPAL_TYPES.has(type)) return invalid(type, raw);
      const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
      if (values === undefined || values.length === 0) return invalid(type, raw);
      for (const value of values) {
        if (typeof value !== 'string' || value === '') return invalid(type, value);
        const added = addPrincipal(set, type, value);
        if (!added) return invalid(type, value);
      }
    }
  } else {
    return malformed(`Invalid principal in policy: ${JSON.stringify(element)}`);
  }
  return compiled(negated ? negate(set) : positive(set));
}

function addPrincipal(set: PrincipalSet, type: string, value: string): boolean {
  if (value === '*') {
    // {"AWS": "*"} is everyone; a "*" for other types is too, as AWS treats them.
    set.any = true;
    return true;
  }
  if (value.includes('*') || value.includes('?')) return false;
  if (type === 'AWS') {
    if (ACCOUNT_ID.test(value)) {
      set.accounts.add(value);
      return true;
    }
    const root = ROOT_ARN.exec(value);
    if (root) {
      set.accounts.add(root[1]!);
      return true;
    }
    if (!PRINCIPAL_ARN.test(value)) return false;
    set.arns.add(value);
    return true;
  }
  if (type === 'Service') {
    set.services.add(value.toLowerCase());
    return true;
  }
  // Federated / CanonicalUser: opaque identifiers compared with the caller's ARN.
  set.arns.add(value);
  return true;
}

/**
 * 2 when the statement names this exact role session, 1 when it names the caller (or everyone),
 * 3 when it covers the caller only through its account, else 0.
 */
function matchSet(set: PrincipalSet, principal: PrincipalDescription): PrincipalMatch {
  if (principal.service !== undefined) {
    return set.any || set.services.has(principal.service.toLowerCase()) ? 1 : 0;
  }
  if (set.arns.has(principal.arn)) return principal.roleArn !== undefined ? 2 : 1;
  if (set.any) return 1;
  if (principal.roleArn !== undefined && set.arns.has(principal.roleArn)) return 1;
  if (set.accounts.has(principal.accountId)) return 3;
  return 0;
}

function positive(set: PrincipalSet): PrincipalTest {
  if (set.any) return () => 1;
  return (principal) => matchSet(set, principal);
}

function negate(set: PrincipalSet): PrincipalTest {
  return (principal) => (matchSet(set, principal) === 0 ? 1 : 0);
}

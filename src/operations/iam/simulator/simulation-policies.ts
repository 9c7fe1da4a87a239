/**
 * The policies of a simulation, each with what the results need besides the compiled policy: the
 * SourcePolicyId and SourcePolicyType to report, where each statement sits in the text, and which
 * condition keys each statement reads (as written).
 */
import type { PolicySourceType } from '@aws-sdk/client-iam';
import { parsePolicyDocument } from '../../../iam/policy/parse-policy.ts';
import type { CompiledPolicy } from '../../../iam/policy/policy-types.ts';
import type { EffectivePolicy } from '../../../storage/iam-repository.ts';
import { iamErrors } from '../iam-errors.ts';
import type { StatementKeys } from './policy-keys.ts';
import { statementKeys } from './policy-keys.ts';
import type { StatementSpan } from './statement-positions.ts';
import { findStatementSpans } from './statement-positions.ts';

export interface SimulationPolicy {
  readonly id: string;
  readonly type: PolicySourceType;
  readonly kind: 'identity' | 'resource';
  readonly policy: CompiledPolicy;
  /** By statement index; undefined where the statement could not be located. */
  readonly spans: readonly (StatementSpan | undefined)[];
  /** By statement index. */
  readonly keys: readonly StatementKeys[];
}

/** The id a resource policy is reported under. */
export const resourcePolicyId = 'ResourcePolicy';

function prepared(id: string, type: PolicySourceType, kind: 'identity' | 'resource', text: string, policy: CompiledPolicy): SimulationPolicy {
  return { id, type, kind, policy, spans: findStatementSpans(text), keys: statementKeys(text) };
}

/**
 * PolicyInputList entries, named `PolicyInputList.N` (1-based) as IAM names them. They are
 * identity policies not attached to anything, hence type `none`. A document the parser refuses is
 * refused here with MalformedPolicyDocument and the parser's message.
 */
export function inputPolicies(list: readonly string[] | undefined): SimulationPolicy[] {
  return (list ?? []).map((text, index) => {
    const parsed = parsePolicyDocument(text, 'identity');
    if (!parsed.ok) throw iamErrors.malformedPolicy(parsed.message);
    return prepared(`PolicyInputList.${index + 1}`, 'none', 'identity', text, parsed.policy);
  });
}

export function resourcePolicy(text: string | undefined): SimulationPolicy | undefined {
  if (text === undefined) return undefined;
  const parsed = parsePolicyDocument(text, 'resource');
  if (!parsed.ok) throw iamErrors.malformedPolicy(parsed.message);
  return prepared(resourcePolicyId, 'resource', 'resource', text, parsed.policy);
}

/**
 * user/group/role for inline policies (sourceId `user/alice/inline/ReadOnly`), aws-managed for
 * AWS's own managed policies (`arn:aws:iam::aws:policy/…`), user-managed for the account's.
 */
export function storedPolicyType(sourceId: string): PolicySourceType {
  if (sourceId.startsWith('arn:')) return /^arn:[^:]+:iam::aws:policy\//.test(sourceId) ? 'aws-managed' : 'user-managed';
  const kind = sourceId.slice(0, sourceId.indexOf('/'));
  return kind === 'group' || kind === 'role' ? kind : 'user';
}

/**
 * Stored policies were validated when written; one that no longer parses grants nothing at
 * request time (auth/policy-store.ts skips it), so the simulation skips it too and says so.
 */
export function storedPolicies(stored: readonly EffectivePolicy[], onUnparsable: (sourceId: string, problem: string) => void): SimulationPolicy[] {
  const out: SimulationPolicy[] = [];
  for (const { sourceId, document } of stored) {
    const parsed = parsePolicyDocument(document, 'identity');
    if (!parsed.ok) {
      onUnparsable(sourceId, parsed.message);
      continue;
    }
    out.push(prepared(sourceId, storedPolicyType(sourceId), 'identity', document, parsed.policy));
  }
  return out;
}

import type { Logger } from 'pino';
import type { PolicySource } from '../iam/policy/evaluate-policies.ts';
import { parsePolicyDocument } from '../iam/policy/parse-policy.ts';
import type { Principal } from '../iam/principal.ts';
import type { IamRepository } from '../storage/iam-repository.ts';

/**
 * The compiled identity-based policies of a principal: a user's own and its groups', a role's,
 * plus a role session's session policy. Compiling is the expensive part, so the result is cached
 * per principal, with the same freshness rules as the credential store (cleared on this process's
 * IAM writes, at most `ttlMs` old otherwise).
 */

export interface PrincipalPolicies {
  readonly sources: readonly PolicySource[];
  /** Whether any policy reads aws:ResourceTag/*: only then are the target's tags loaded. */
  readonly readsResourceTags: boolean;
}

const none: PrincipalPolicies = { sources: [], readsResourceTags: false };

export class PolicyStore {
  readonly #cache = new Map<string, { value: PrincipalPolicies; loadedAt: number; epoch: number }>();
  #epoch = 0;

  constructor(
    private readonly iam: IamRepository,
    private readonly logger: Logger,
    private readonly ttlMs = 1000,
  ) {}

  invalidate(): void {
    this.#epoch += 1;
    this.#cache.clear();
  }

  async forPrincipal(principal: Principal): Promise<PrincipalPolicies> {
    if (principal.kind === 'root') return none;
    const entityId = principal.kind === 'user' ? principal.userId : principal.roleId;
    const cacheKey = principal.kind === 'assumed-role' ? `${entityId}\u0000${principal.sessionPolicy ?? ''}` : entityId;
    const now = Date.now();
    const hit = this.#cache.get(cacheKey);
    if (hit && hit.epoch === this.#epoch && now - hit.loadedAt < this.ttlMs) return hit.value;

    const epoch = this.#epoch;
    const stored = await this.iam.effectivePolicies(principal.accountId, entityId);
    const sources: PolicySource[] = [];
    for (const { sourceId, document } of stored) {
      const parsed = parsePolicyDocument(document, 'identity');
      // Documents are validated when written; one that no longer parses grants nothing.
      if (!parsed.ok) {
        this.logger.error({ sourceId, problem: parsed.message }, 'stored policy does not parse; ignored');
        continue;
      }
      sources.push({ id: sourceId, kind: 'identity', policy: parsed.policy });
    }
    if (principal.kind === 'assumed-role' && principal.sessionPolicy !== undefined) {
      const parsed = parsePolicyDocument(principal.sessionPolicy, 'identity');
      // An unparsable session policy must not widen the session: it then allows nothing.
      sources.push(
        parsed.ok
          ? { id: 'session-policy', kind: 'session', policy: parsed.policy }
          : { id: 'session-policy', kind: 'session', policy: { kind: 'identity', version: '2012-10-17', id: undefined, statements: [], referencedKeys: new Set() } },
      );
    }
    const readsResourceTags = sources.some((s) => s.policy.referencedKeys.has('aws:resourcetag/'));
    const value = { sources, readsResourceTags };
    if (epoch === this.#epoch) {
      this.#cache.set(cacheKey, { value, loadedAt: now, epoch });
      if (this.#cache.size > 10_000) this.#cache.delete(this.#cache.keys().next().value as string);
    }
    return value;
  }
}

import type { RequestFacts } from '../iam/condition-context.ts';
import { buildConditionKeys } from '../iam/condition-context.ts';
import { evaluate } from '../iam/policy/evaluate-policies.ts';
import type { Decision, PolicySource } from '../iam/policy/evaluate-policies.ts';
import type { Principal } from '../iam/principal.ts';
import { ApiError } from '../protocol/api-error.ts';
import type { Tenant } from '../storage/tenant.ts';
import type { PolicyStore } from './policy-store.ts';

/**
 * Per-request authorization: the caller's identity-based policies against the operation's action
 * and every resource it touches, with the request's condition keys. Root may do everything, as in
 * AWS. A denial is AWS's AccessDeniedException with its exact wording.
 */

export interface AuthorizationRequest {
  readonly action: string;
  readonly actionAliases?: readonly string[];
  readonly resources: readonly string[];
  readonly tenant: Tenant;
  readonly facts: Omit<RequestFacts, 'principal' | 'resourceTags'>;
}

export type ResourceTagLookup = (tenant: Tenant, resourceArn: string) => Promise<Readonly<Record<string, string>>>;

export function accessDenied(principalArn: string, action: string, resource: string): ApiError {
  return new ApiError('AccessDeniedException', 403, `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`, {
    frontDoor: true,
  });
}

export class Authorizer {
  constructor(
    private readonly policies: PolicyStore,
    private readonly resourceTags: ResourceTagLookup,
  ) {}

  /** Resolves when every resource is allowed; rejects with AccessDeniedException naming the first that is not. */
  async authorize(principal: Principal, request: AuthorizationRequest): Promise<void> {
    if (principal.kind === 'root') return;
    for (const resource of request.resources) {
      const decision = await this.decide(principal, request, resource);
      if (decision.decision !== 'allowed') throw accessDenied(principal.arn, request.action, resource);
    }
  }

  /** `resourcePolicies` (a role's trust policy, a resource's policy) are evaluated with the caller's own. */
  async decide(principal: Principal, request: AuthorizationRequest, resource: string, resourcePolicies: readonly PolicySource[] = []): Promise<Decision> {
    const own = await this.policies.forPrincipal(principal);
    const sources = resourcePolicies.length === 0 ? own.sources : [...own.sources, ...resourcePolicies];
    const readsResourceTags = own.readsResourceTags || resourcePolicies.some((s) => s.policy.referencedKeys.has('aws:resourcetag/'));
    const resourceTags = readsResourceTags && resource !== '*' ? await this.resourceTags(request.tenant, resource) : undefined;
    const keys = buildConditionKeys({ ...request.facts, principal, ...(resourceTags ? { resourceTags } : {}) });
    return evaluate(
      {
        action: request.action,
        ...(request.actionAliases ? { actionAliases: request.actionAliases } : {}),
        resource,
        principal: {
          arn: principal.arn,
          accountId: principal.accountId,
          ...(principal.kind === 'assumed-role' ? { roleArn: principal.roleArn } : {}),
        },
        context: { keys },
      },
      sources,
    );
  }
}

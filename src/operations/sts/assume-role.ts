import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import type { Authorizer } from '../../auth/authorizer.ts';
import { buildConditionKeys } from '../../iam/condition-context.ts';
import { evaluate } from '../../iam/policy/evaluate-policies.ts';
import { parsePolicyDocument } from '../../iam/policy/parse-policy.ts';
import type { Principal } from '../../iam/principal.ts';
import { ApiError } from '../../protocol/api-error.ts';
import type { OperationContext, OperationHandler, Output } from '../operation-context.ts';
import { issueSession } from './session-credentials.ts';

/**
 * AssumeRole, evaluated as AWS does within one account: the role's trust policy must allow the
 * caller (sts:AssumeRole, plus sts:TagSession when session tags are passed and
 * sts:SetSourceIdentity for a source identity), with sts:ExternalId, sts:RoleSessionName,
 * aws:RequestTag/* and aws:TagKeys available to its conditions. When the trust policy trusts the
 * account as a whole rather than naming the caller, the caller's own policies must allow
 * sts:AssumeRole on the role too. Sessions last DurationSeconds (900 s up to the role's
 * MaxSessionDuration; at most one hour when a role session assumes another role).
 */

export interface AssumeRoleDependencies {
  readonly authorizer: Authorizer;
}

const roleArnPattern = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/;

function deny(caller: Principal, roleArn: string, why?: string): ApiError {
  return new ApiError(
    'AccessDenied',
    403,
    `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}${why ? ` (${why})` : ''}`,
  );
}

async function findRole(context: OperationContext, roleArn: string) {
  const match = roleArnPattern.exec(roleArn);
  if (!match || match[1] !== context.tenant.accountId) return undefined;
  const role = await context.repositories.iam.getEntity(context.tenant.accountId, 'role', match[3]!);
  return role && role.arn === roleArn ? role : undefined;
}

export function assumeRole(deps: AssumeRoleDependencies): OperationHandler<AssumeRoleCommandInput, Output<AssumeRoleCommandOutput>> {
  return async (input, context) => {
    const caller = context.caller;
    const roleArn = input.RoleArn!;
    if (caller.kind === 'root') throw new ApiError('AccessDenied', 403, 'Roles may not be assumed by root accounts.');
    if (input.PolicyArns !== undefined && input.PolicyArns.length > 0) {
      throw new ApiError('ValidationError', 400, 'Pinion does not support managed session policies (PolicyArns); pass the session policy inline (Policy)');
    }
    if (input.SerialNumber !== undefined || input.TokenCode !== undefined) {
      throw new ApiError('ValidationError', 400, 'Pinion has no MFA devices: SerialNumber and TokenCode cannot be used');
    }
    if (input.Policy !== undefined) {
      // AWS's limit for an inline session policy's plain text.
      if (input.Policy.length > 2048) {
        throw new ApiError('ValidationError', 400, `1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048`);
      }
      const parsed = parsePolicyDocument(input.Policy, 'identity');
      if (!parsed.ok) throw new ApiError('MalformedPolicyDocument', 400, parsed.message);
    }
    // An unknown role is refused like a role that does not trust the caller: nothing to probe.
    const role = await findRole(context, roleArn);
    if (!role) throw deny(caller, roleArn);

    const sessionTags: Record<string, string> = {};
    for (const tag of input.Tags ?? []) {
      if (Object.keys(sessionTags).some((k) => k.toLowerCase() === tag.Key!.toLowerCase())) {
        throw new ApiError('ValidationError', 400, `Duplicate tag keys found: ${tag.Key!}. Tag keys are case insensitive.`);
      }
      sessionTags[tag.Key!] = tag.Value!;
    }
    const transitive = input.TransitiveTagKeys ?? [];
    for (const key of transitive) {
      if (!Object.hasOwn(sessionTags, key)) throw new ApiError('ValidationError', 400, `Transitive tag key ${key} is not one of the session tags`);
    }

    const chained = caller.kind === 'assumed-role';
    const maxDuration = chained ? 3600 : ((role.details.MaxSessionDuration as number | undefined) ?? 3600);
    const duration = input.DurationSeconds ?? 3600;
    if (duration > maxDuration) {
      throw new ApiError(
        'ValidationError',
        400,
        chained
          ? `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`
          : `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
      );
    }

    // Role chaining keeps the source identity of the first session and its transitive tags.
    const sourceIdentity = chained && caller.sourceIdentity !== undefined ? caller.sourceIdentity : input.SourceIdentity;
    if (chained && caller.sourceIdentity !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== caller.sourceIdentity) {
      throw new ApiError('ValidationError', 400, `The source identity of a role chain cannot change: this session's is ${caller.sourceIdentity}`);
    }
    if (chained) {
      for (const key of caller.transitiveTagKeys) {
        if (Object.keys(sessionTags).some((k) => k.toLowerCase() === key.toLowerCase())) {
          throw new ApiError('InvalidParameterValue', 400, `Tag key ${key} is an inherited transitive session tag and cannot be set again in a role chain`);
        }
      }
    }

    // The trust policy is the role's resource-based policy. It must at least trust the caller's
    // account; and, evaluated together with the caller's own policies (and session policy), the
    // request must be allowed: an explicit deny anywhere wins, and a trust grant naming a role
    // still leaves a role session limited by its session policy.
    const trust = parsePolicyDocument(String(role.details.AssumeRolePolicyDocument ?? ''), 'trust');
    if (!trust.ok) throw deny(caller, roleArn);
    const extra: Record<string, string> = { 'sts:RoleSessionName': input.RoleSessionName! };
    if (input.ExternalId !== undefined) extra['sts:ExternalId'] = input.ExternalId;
    if (input.SourceIdentity !== undefined) extra['sts:SourceIdentity'] = input.SourceIdentity;
    const requestTags = Object.keys(sessionTags).length > 0 ? { requestTags: sessionTags } : {};
    const facts = { ...context.requestFacts, ...requestTags, extra };
    const keys = buildConditionKeys({ ...facts, principal: caller });
    const description = { arn: caller.arn, accountId: caller.accountId, ...(caller.kind === 'assumed-role' ? { roleArn: caller.roleArn } : {}) };
    const trustSource = { id: `${roleArn} trust policy`, kind: 'trust' as const, policy: trust.policy };
    const actions = ['sts:AssumeRole', ...(Object.keys(sessionTags).length > 0 ? ['sts:TagSession'] : []), ...(input.SourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : [])];
    for (const action of actions) {
      const trusted = evaluate({ action, resource: roleArn, principal: description, context: { keys } }, [trustSource]);
      if (trusted.decision === 'explicitDeny' || (trusted.decision !== 'allowed' && !trusted.delegatedToAccount)) throw deny(caller, roleArn);
      const combined = await deps.authorizer.decide(caller, { action, resources: [roleArn], tenant: context.tenant, facts }, roleArn, [trustSource]);
      if (combined.decision !== 'allowed') throw deny(caller, roleArn);
    }

    // Session tags passed on by role chaining, unless this call sets the same keys.
    const inherited = chained ? Object.fromEntries(caller.transitiveTagKeys.filter((k) => !Object.hasOwn(sessionTags, k)).map((k) => [k, caller.tags[k]!])) : {};
    const credentials = await issueSession(
      context,
      {
        kind: 'assumed-role',
        roleId: role.id,
        sessionName: input.RoleSessionName!,
        sessionTags: { ...inherited, ...sessionTags },
        transitiveTagKeys: [...new Set([...(chained ? Object.keys(inherited) : []), ...transitive])],
        ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      },
      duration,
      input.Policy,
    );
    return {
      Credentials: credentials,
      AssumedRoleUser: { AssumedRoleId: `${role.id}:${input.RoleSessionName!}`, Arn: `arn:aws:sts::${context.tenant.accountId}:assumed-role/${role.name}/${input.RoleSessionName!}` },
      ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
    };
  };
}

/**
 * Service roles: may Pinion, acting as the service principal `pinpoint.amazonaws.com`, use an IAM
 * role of the customer's account to write an export to S3 or deliver events to Kinesis/Firehose?
 * Pure: the caller loads the role's trust policy and permission policies and passes them in.
 *
 * Two evaluations, as AWS makes them (seeds 002 and 004; 001 "IAM roles for common Amazon
 * Pinpoint tasks"):
 *
 * 1. The trust policy (a resource-based policy on the role) for `sts:AssumeRole` by the service
 *    principal. A statement applies when its Principal (or NotPrincipal) covers the service
 *    principal — `{"Service": "pinpoint.amazonaws.com"}`, a list naming it, or `"*"` — its Action
 *    covers sts:AssumeRole, and its conditions hold. The request context carries what AWS sets
 *    when a service principal calls on a customer's behalf: aws:SourceAccount (the project's
 *    account), aws:SourceArn (the project's ARN), aws:PrincipalServiceName,
 *    aws:PrincipalIsAWSService = true, and the time keys aws:CurrentTime / aws:EpochTime.
 *    A matching Deny wins.
 * 2. The role's identity-based policies (inline and attached) for the S3/Kinesis/Firehose action on
 *    the target ARN, as the role session `arn:aws:sts::<account>:assumed-role/<role>/pinpoint`
 *    would be judged. aws:SourceAccount / aws:SourceArn are NOT in this context: they describe the
 *    service calling on a customer's behalf, which is the AssumeRole call, not the session's own
 *    calls. The context has the time keys, aws:PrincipalArn (the role's ARN, as AWS sets it for
 *    role sessions), aws:PrincipalAccount, aws:PrincipalType = AssumedRole and
 *    aws:PrincipalIsAWSService = false. A matching Deny wins; otherwise an Allow is needed.
 *
 * Roles can only be passed to a service within their own account (iam:PassRole never crosses
 * accounts), so a role of another account than `sourceAccount` is refused before any policy is
 * read. Every stored document must parse: one that does not (hand-edited database, a policy
 * written by an older version) fails the check closed, naming the document and the parser's
 * message, because skipping it could skip a Deny.
 */
import { evaluate } from './policy/evaluate-policies.ts';
import type { AuthorizationQuery, PolicySource, PrincipalDescription } from './policy/evaluate-policies.ts';
import { parsePolicyDocument } from './policy/parse-policy.ts';
import type { CompiledStatement, ContextKeys, MatchedStatement } from './policy/policy-types.ts';

export interface ServiceRoleUse {
  readonly roleArn: string;
  /** The role's AssumeRolePolicyDocument, JSON text. */
  readonly trustPolicy: string;
  /** The role's inline and attached managed policies (default versions), JSON text each. */
  readonly permissionPolicies: readonly { readonly sourceId: string; readonly document: string }[];
  /** 'pinpoint.amazonaws.com' */
  readonly servicePrincipal: string;
  /** The account whose project asks (aws:SourceAccount). */
  readonly sourceAccount: string;
  /** e.g. arn:aws:mobiletargeting:us-east-1:123456789012:apps/<id> (aws:SourceArn). */
  readonly sourceArn: string;
  /** e.g. 's3:PutObject', 'kinesis:PutRecords', 'firehose:PutRecordBatch'. */
  readonly action: string;
  /** The target ARN, e.g. 'arn:aws:s3:::bucket/prefix/file.gz' or the stream's ARN. */
  readonly resource: string;
  /** Service condition keys of the action, e.g. s3:prefix and s3:delimiter of s3:ListBucket (as documented, any case). */
  readonly actionKeys?: Readonly<Record<string, string>>;
  readonly now: Date;
}

export type ServiceRoleVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The role-session name Pinion's use of a service role is described with. */
export const SERVICE_ROLE_SESSION_NAME = 'pinpoint';

export interface RoleArnParts {
  readonly partition: string;
  readonly accountId: string;
  /** `/` or `/a/b/`. */
  readonly path: string;
  readonly name: string;
}

// arn:<partition>:iam::<account>:role<path><name>; path and name characters as IAM allows them.
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;

/** The parts of an IAM role ARN, or undefined when the text is not one. */
export function parseRoleArn(arn: string): RoleArnParts | undefined {
  const match = ROLE_ARN.exec(arn);
  if (!match) return undefined;
  return { partition: match[1]!, accountId: match[2]!, path: match[3]!, name: match[4]! };
}

/** The description of the role session Pinion acts as once it has assumed the role. */
export function serviceRoleSession(role: RoleArnParts, roleArn: string): PrincipalDescription {
  return {
    arn: `arn:${role.partition}:sts::${role.accountId}:assumed-role/${role.name}/${SERVICE_ROLE_SESSION_NAME}`,
    accountId: role.accountId,
    roleArn,
  };
}

const ASSUME_ROLE = 'sts:AssumeRole';

/** Context keys the checks set, in their documented spelling, for messages (keys are stored lowercased). */
const KEY_NAMES: ReadonlyMap<string, string> = new Map(
  [
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:CurrentTime',
    'aws:EpochTime',
    'aws:PrincipalServiceName',
    'aws:PrincipalIsAWSService',
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
    'aws:PrincipalType',
  ].map((name) => [name.toLowerCase(), name]),
);

function keyName(lowerKey: string): string {
  return KEY_NAMES.get(lowerKey) ?? lowerKey;
}

/** aws:CurrentTime / aws:EpochTime, in the form condition-context.ts uses for API requests. */
function timeKeys(now: Date): [string, string][] {
  return [
    ['aws:currenttime', now.toISOString().replace(/\.\d{3}Z$/, 'Z')],
    ['aws:epochtime', String(Math.floor(now.getTime() / 1000))],
  ];
}

export function evaluateServiceRoleUse(use: ServiceRoleUse): ServiceRoleVerdict {
  const role = parseRoleArn(use.roleArn);
  if (!role) return refuse(`${use.roleArn} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
  if (role.accountId !== use.sourceAccount) {
    return refuse(`role ${use.roleArn} belongs to account ${role.accountId}, not to account ${use.sourceAccount} whose project uses it; a role can only be passed to a service of its own account`);
  }
  const trust = checkTrust(use);
  if (!trust.ok) return trust;
  return checkPermissions(use, role);
}

function refuse(reason: string): ServiceRoleVerdict {
  return { ok: false, reason };
}

// ---- trust policy ----

function checkTrust(use: ServiceRoleUse): ServiceRoleVerdict {
  const refusal = `trust policy does not let ${use.servicePrincipal} assume ${use.roleArn}`;
  const parsed = parsePolicyDocument(use.trustPolicy, 'trust');
  if (!parsed.ok) return refuse(`${refusal}: the stored trust policy is not a valid policy document (${parsed.message}); failing closed`);
  const keys: ContextKeys = new Map<string, string>([
    ['aws:sourceaccount', use.sourceAccount],
    ['aws:sourcearn', use.sourceArn],
    ['aws:principalservicename', use.servicePrincipal],
    ['aws:principalisawsservice', 'true'],
    ...timeKeys(use.now),
  ]);
  // A service principal has no ARN or account of its own; only Service (or "*") principals match it.
  const principal: PrincipalDescription = { arn: use.servicePrincipal, accountId: '', service: use.servicePrincipal };
  const query: AuthorizationQuery = { action: ASSUME_ROLE, resource: use.roleArn, principal, context: { keys } };
  const decision = evaluate(query, [{ id: 'trust policy', kind: 'trust', policy: parsed.policy }]);
  if (decision.decision === 'allowed') return { ok: true };
  if (decision.decision === 'explicitDeny') {
    return refuse(`${refusal}: explicitly denied by ${matchedLabels(decision.matched, false)}`);
  }
  // Implicit deny: say which Allow statements came close (principal and action matched) and
  // which of their conditions failed.
  const near: string[] = [];
  for (const statement of parsed.policy.statements) {
    if (statement.effect !== 'Allow' || !statement.action([ASSUME_ROLE.toLowerCase()])) continue;
    if (statement.principal === undefined || statement.principal(principal) === 0) continue;
    near.push(`${statementLabel(statement.index, statement.sid)} names ${use.servicePrincipal} and ${ASSUME_ROLE} but ${failedConditions(statement, keys)}`);
  }
  if (near.length === 0) return refuse(`${refusal}: no statement allows principal ${use.servicePrincipal} to perform ${ASSUME_ROLE}`);
  return refuse(`${refusal}: ${near.join('; ')}`);
}

/** 'its condition StringEquals aws:SourceAccount failed (the request has aws:SourceAccount = "…")', for each failing condition. */
function failedConditions(statement: CompiledStatement, keys: ContextKeys): string {
  const failed = statement.conditions.filter((condition) => !condition.test(keys));
  return failed
    .map((condition) => {
      const name = keyName(condition.key);
      const value = keys.get(condition.key);
      const has = value === undefined ? `the request has no ${name}` : `the request has ${name} = ${JSON.stringify(value)}`;
      return `its condition ${condition.operator} ${name} failed (${has})`;
    })
    .join(' and ');
}

/** `Statement[2] (Sid "X") of <source>`; the source is left out for the trust policy. */
function statementLabel(index: number, sid: string | undefined, sourceId?: string): string {
  return `Statement[${index}]${sid === undefined ? '' : ` (Sid "${sid}")`}${sourceId === undefined ? '' : ` of ${sourceId}`}`;
}

function matchedLabels(matched: readonly MatchedStatement[], withSource: boolean): string {
  return matched.map((m) => statementLabel(m.statementIndex, m.sid, withSource ? m.sourceId : undefined)).join(', ');
}

// ---- permission policies ----

function checkPermissions(use: ServiceRoleUse, role: RoleArnParts): ServiceRoleVerdict {
  const refusal = `the policies of role ${use.roleArn} do not allow ${use.action} on ${use.resource}`;
  const sources: PolicySource[] = [];
  for (const { sourceId, document } of use.permissionPolicies) {
    const parsed = parsePolicyDocument(document, 'identity');
    if (!parsed.ok) return refuse(`${refusal}: the stored policy ${sourceId} is not a valid policy document (${parsed.message}); failing closed`);
    sources.push({ id: sourceId, kind: 'identity', policy: parsed.policy });
  }
  const keys: ContextKeys = new Map<string, string>([
    ...timeKeys(use.now),
    ['aws:principalarn', use.roleArn],
    ['aws:principalaccount', role.accountId],
    ['aws:principaltype', 'AssumedRole'],
    ['aws:principalisawsservice', 'false'],
    ...Object.entries(use.actionKeys ?? {}).map(([key, value]): [string, string] => [key.toLowerCase(), value]),
  ]);
  const query: AuthorizationQuery = {
    action: use.action,
    resource: use.resource,
    principal: serviceRoleSession(role, use.roleArn),
    context: { keys },
  };
  const decision = evaluate(query, sources);
  if (decision.decision === 'allowed') return { ok: true };
  if (decision.decision === 'explicitDeny') {
    return refuse(`${refusal}: explicitly denied by ${matchedLabels(decision.matched, true)}`);
  }
  if (sources.length === 0) return refuse(`${refusal}: the role has no permission policies`);
  // No Allow: point at statements that allow the action elsewhere or under conditions that failed.
  const names = [use.action.toLowerCase()];
  const hints: string[] = [];
  for (const source of sources) {
    for (const statement of source.policy.statements) {
      if (statement.effect !== 'Allow' || !statement.action(names)) continue;
      const label = statementLabel(statement.index, statement.sid, source.id);
      if (statement.resource !== undefined && !statement.resource(use.resource, keys)) {
        hints.push(`${label} allows ${use.action} on other resources only`);
      } else {
        hints.push(`${label} allows ${use.action} but ${failedConditions(statement, keys)}`);
      }
    }
  }
  return refuse(`${refusal}: no statement allows it${hints.length > 0 ? ` (${hints.join('; ')})` : ''}`);
}

/**
 * Shared types of the IAM policy language: what the parser produces and what the evaluator reads.
 *
 * A policy is compiled once (parse-policy.ts) into closures and pre-parsed values, so evaluating a
 * request never touches JSON, never builds a RegExp for a static pattern and never re-parses a
 * policy-side number, date or CIDR. Everything here is immutable data.
 */

export type PolicyKind = 'identity' | 'resource' | 'trust';
export type PolicyVersion = '2012-10-17' | '2008-10-17';
export type Effect = 'Allow' | 'Deny';

/**
 * Request condition keys, lowercased; a value is a single string or a (possibly empty) set. Only
 * lookups are needed, so a Map serves, and so does a layered view over several maps.
 */
export interface ContextKeys {
  get(key: string): string | readonly string[] | undefined;
}

export interface RequestContext {
  /** Condition keys, lowercased (e.g. 'aws:sourceip', 'aws:principaltag/team'); values single string or multi-valued. */
  readonly keys: ContextKeys;
}

/** Who is asking, for Principal/NotPrincipal matching in resource and trust policies. */
export interface PrincipalDescription {
  /** e.g. arn:aws:iam::123456789012:user/alice, arn:aws:sts::123456789012:assumed-role/R/s, arn:aws:iam::123456789012:root */
  readonly arn: string;
  readonly accountId: string;
  /** 'pinpoint.amazonaws.com' when a service principal is asking. */
  readonly service?: string;
  /** For assumed-role sessions: the role's ARN (with path) so Principal {"AWS": roleArn} matches its sessions. */
  readonly roleArn?: string;
}

export interface AuthorizationQuery {
  /** e.g. 'mobiletargeting:GetApp'. */
  readonly action: string;
  /** Older names that also match, e.g. 'mobiletargeting:GetUser' for GetUserEndpoints. */
  readonly actionAliases?: readonly string[];
  /** ARN or '*'. */
  readonly resource: string;
  readonly principal: PrincipalDescription;
  readonly context: RequestContext;
}

/**
 * One policy taking part in a decision. Session policies are parsed as 'identity' documents and
 * passed with kind 'session'; trust policies are passed as 'trust' for sts:AssumeRole checks.
 */
export interface PolicySource {
  readonly id: string;
  readonly kind: 'identity' | 'resource' | 'trust' | 'session';
  readonly policy: CompiledPolicy;
}

export interface MatchedStatement {
  readonly sourceId: string;
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: Effect;
}

export interface Decision {
  readonly decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  /** Matching Deny statements on explicitDeny, matching Allow statements on allowed, none on implicitDeny. */
  readonly matched: readonly MatchedStatement[];
  /**
   * A resource-based or trust Allow covered the caller only by naming its account (`"AWS":
   * "<account>"` or `…:root`). AWS reads that as delegating to the account's administrators: it
   * grants nothing by itself, and the caller's own policies must allow the request as well.
   */
  readonly delegatedToAccount?: boolean;
}

/**
 * A piece of a policy string after variable/escape parsing. `star`/`one` are the wildcards `*`/`?`
 * (only produced where the element supports wildcards); `var` is `${key}` or `${key, 'default'}`.
 */
export type PolicyPiece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'one' }
  | { readonly kind: 'var'; readonly key: string; readonly fallback: string | undefined };

/** Tests one string against a compiled pattern; `keys` resolves policy variables in the pattern. */
export type StringTest = (input: string, keys: ContextKeys) => boolean;

/**
 * How a statement's Principal/NotPrincipal relates to the caller: 0 = does not apply,
 * 1 = applies, 2 = applies because the statement names this exact role-session ARN (AWS then does
 * not limit that grant by the session policy), 3 = applies only because it names the caller's
 * account (a delegation: an Allow then needs the caller's own policies to allow too).
 */
export type PrincipalMatch = 0 | 1 | 2 | 3;
export type PrincipalTest = (principal: PrincipalDescription) => PrincipalMatch;

/** One key under one operator; every condition of a statement must hold (AND). */
export interface CompiledCondition {
  /** Operator as written in the policy, e.g. 'ForAnyValue:StringLikeIfExists'. */
  readonly operator: string;
  /** Condition key, lowercased. */
  readonly key: string;
  readonly test: (keys: ContextKeys) => boolean;
}

export interface CompiledStatement {
  /** Position in the Statement array (0 for a single statement object). */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Action/NotAction folded in: true when the statement covers one of the lowercased action names. */
  readonly action: (lowerActionNames: readonly string[]) => boolean;
  /** Resource/NotResource folded in; undefined when the statement has neither (trust policies). */
  readonly resource: StringTest | undefined;
  /** Principal/NotPrincipal folded in; undefined for identity policies. */
  readonly principal: PrincipalTest | undefined;
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledPolicy {
  readonly kind: PolicyKind;
  /** Undefined when the document has no Version (AWS then applies 2008-10-17 rules). */
  readonly version: PolicyVersion | undefined;
  readonly id: string | undefined;
  readonly statements: readonly CompiledStatement[];
  /** Lowercased condition keys read by conditions or variables, plus their `prefix/` forms. */
  readonly referencedKeys: ReadonlySet<string>;
}

export type ParseResult = { readonly ok: true; readonly policy: CompiledPolicy } | { readonly ok: false; readonly message: string };

/** Result of compiling one policy fragment: the value or the MalformedPolicyDocument text. */
export type Compiled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function compiled<T>(value: T): Compiled<T> {
  return { ok: true, value };
}

export function malformed<T>(message: string): Compiled<T> {
  return { ok: false, message };
}

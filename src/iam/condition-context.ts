import type { Principal } from './principal.ts';
import { principalArnKey, principalType, principalUserId } from './principal.ts';

/**
 * The global condition keys AWS sets on every request, built from what the pipeline knows about
 * one request. Keys are lowercased here once (condition keys are case-insensitive); tag keys keep
 * their case inside the key name's suffix lowercased too, since AWS matches condition key names,
 * including the tag-key part, without regard to case.
 */

export interface RequestFacts {
  readonly principal: Principal;
  readonly now: Date;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  readonly requestedRegion: string;
  readonly userAgent?: string;
  /** Tags of the resource the request targets, when it has any (aws:ResourceTag/*). */
  readonly resourceTags?: Readonly<Record<string, string>>;
  /** Tags the request carries (aws:RequestTag/*, and aws:TagKeys unless requestTagKeys is given). */
  readonly requestTags?: Readonly<Record<string, string>>;
  /** Tag keys the request names without values (UntagResource's keys), for aws:TagKeys. */
  readonly requestTagKeys?: readonly string[];
  /** Service-specific or request-specific keys (e.g. sts:ExternalId, iam:PassedToService), names as written. */
  readonly extra?: Readonly<Record<string, string | readonly string[]>>;
}

export type ConditionKeys = Map<string, string | readonly string[]>;

export function buildConditionKeys(facts: RequestFacts): ConditionKeys {
  const keys: ConditionKeys = new Map();
  const { principal } = facts;
  keys.set('aws:currenttime', facts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  keys.set('aws:epochtime', String(Math.floor(facts.now.getTime() / 1000)));
  keys.set('aws:sourceip', facts.sourceIp);
  keys.set('aws:securetransport', facts.secureTransport ? 'true' : 'false');
  keys.set('aws:requestedregion', facts.requestedRegion);
  if (facts.userAgent !== undefined) keys.set('aws:useragent', facts.userAgent);

  keys.set('aws:principalaccount', principal.accountId);
  keys.set('aws:principalarn', principalArnKey(principal));
  keys.set('aws:principaltype', principalType(principal));
  keys.set('aws:userid', principalUserId(principal));
  // AWS sets aws:username for IAM users only.
  if (principal.kind === 'user') keys.set('aws:username', principal.userName);
  if (principal.kind !== 'root') {
    for (const [key, value] of Object.entries(principal.tags)) keys.set(`aws:principaltag/${key.toLowerCase()}`, value);
  }
  // Temporary credentials carry an issue time and an MFA flag; long-term keys have neither key.
  const issuedAt = principal.kind === 'assumed-role' ? principal.issuedAt : principal.kind === 'user' ? principal.session?.issuedAt : undefined;
  if (issuedAt) {
    keys.set('aws:tokenissuetime', issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    keys.set('aws:multifactorauthpresent', 'false');
  }
  if (principal.kind === 'assumed-role' && principal.sourceIdentity !== undefined) {
    keys.set('aws:sourceidentity', principal.sourceIdentity);
  }

  for (const [key, value] of Object.entries(facts.resourceTags ?? {})) keys.set(`aws:resourcetag/${key.toLowerCase()}`, value);
  if (facts.requestTags) {
    const tagKeys = Object.keys(facts.requestTags);
    for (const key of tagKeys) keys.set(`aws:requesttag/${key.toLowerCase()}`, facts.requestTags[key]!);
    keys.set('aws:tagkeys', tagKeys);
  }
  if (facts.requestTagKeys) keys.set('aws:tagkeys', facts.requestTagKeys);
  for (const [key, value] of Object.entries(facts.extra ?? {})) keys.set(key.toLowerCase(), value);
  return keys;
}

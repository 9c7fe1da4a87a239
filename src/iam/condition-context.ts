import type { ContextKeys } from './policy/policy-types.ts';
import type { Principal } from './principal.ts';
import { principalArnKey, principalType, principalUserId } from './principal.ts';

/**
 * The global condition keys AWS sets on every request, built from what the pipeline knows about
 * one request. Key names are lowercased once here (condition keys, tag-key part included, match
 * without regard to case).
 *
 * Keys that describe the principal do not change between its requests: they are built once per
 * principal object (the credential store keeps those) and layered under the request's own keys.
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

type KeyMap = Map<string, string | readonly string[]>;

/** AWS writes times in condition keys to the second. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const principalKeysCache = new WeakMap<Principal, KeyMap>();

function principalKeys(principal: Principal): KeyMap {
  let keys = principalKeysCache.get(principal);
  if (keys) return keys;
  keys = new Map();
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
    keys.set('aws:tokenissuetime', isoSeconds(issuedAt));
    keys.set('aws:multifactorauthpresent', 'false');
  }
  if (principal.kind === 'assumed-role' && principal.sourceIdentity !== undefined) keys.set('aws:sourceidentity', principal.sourceIdentity);
  principalKeysCache.set(principal, keys);
  return keys;
}

// Requests arrive in the same second far more often than not: format each second once.
let lastSecond = Number.NaN;
let lastTimes: { current: string; epoch: string } = { current: '', epoch: '' };

function timeKeys(now: Date): { current: string; epoch: string } {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastTimes = { current: isoSeconds(new Date(second * 1000)), epoch: String(second) };
  }
  return lastTimes;
}

export function buildConditionKeys(facts: RequestFacts): ContextKeys {
  const keys: KeyMap = new Map();
  const time = timeKeys(facts.now);
  keys.set('aws:currenttime', time.current);
  keys.set('aws:epochtime', time.epoch);
  keys.set('aws:sourceip', facts.sourceIp);
  keys.set('aws:securetransport', facts.secureTransport ? 'true' : 'false');
  keys.set('aws:requestedregion', facts.requestedRegion);
  if (facts.userAgent !== undefined) keys.set('aws:useragent', facts.userAgent);
  if (facts.resourceTags) {
    for (const key of Object.keys(facts.resourceTags)) keys.set(`aws:resourcetag/${key.toLowerCase()}`, facts.resourceTags[key]!);
  }
  if (facts.requestTags) {
    const tagKeys = Object.keys(facts.requestTags);
    for (const key of tagKeys) keys.set(`aws:requesttag/${key.toLowerCase()}`, facts.requestTags[key]!);
    keys.set('aws:tagkeys', tagKeys);
  }
  if (facts.requestTagKeys) keys.set('aws:tagkeys', facts.requestTagKeys);
  if (facts.extra) for (const [key, value] of Object.entries(facts.extra)) keys.set(key.toLowerCase(), value);
  const fromPrincipal = principalKeys(facts.principal);
  return { get: (key) => keys.get(key) ?? fromPrincipal.get(key) };
}

/**
 * Checks of the simulation inputs the model cannot express (ARN forms, action names, which
 * combinations IAM requires), each refused with InvalidInput saying what is wrong, and the
 * pagination of the result list.
 */
import type { EntityKind } from '../../../storage/iam-repository.ts';
import { iamErrors } from '../iam-errors.ts';

export interface EntityArn {
  readonly arn: string;
  readonly kind: EntityKind;
  readonly accountId: string;
  /** `/` or `/a/b/`. */
  readonly path: string;
  readonly name: string;
}

// arn:<partition>:iam::<account>:user|group|role<path><name>; the path is `/` or `/a/b/`.
const ENTITY_ARN = /^arn:[a-z-]+:iam::(\d{12}):(user|group|role)(\/(?:[^/]+\/)*)([^/]+)$/;
// The parser's test for a Resource element: arn:partition:service:region:account:resource.
const ARN_SHAPE = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:/;
const ACTION_NAME = /^[A-Za-z0-9-]+:[^\s*?]+$/;

export function parseEntityArn(arn: string): EntityArn | undefined {
  const m = ENTITY_ARN.exec(arn);
  if (!m) return undefined;
  return { arn, accountId: m[1]!, kind: m[2] as EntityKind, path: m[3]!, name: m[4]! };
}

/** PolicySourceArn: a user, group or role ARN (IAM's wording for anything else). */
export function policySourceArn(arn: string): EntityArn {
  const parsed = parseEntityArn(arn);
  if (!parsed) throw iamErrors.invalidInput(`Invalid Entity Arn: ${arn}`);
  return parsed;
}

/**
 * CallerArn: IAM simulates only IAM users as callers (not roles, sessions or services), so the
 * resource policy's Principal element has a user to match.
 */
export function callerArn(arn: string | undefined): EntityArn | undefined {
  if (arn === undefined) return undefined;
  const parsed = parseEntityArn(arn);
  if (parsed?.kind !== 'user') throw iamErrors.invalidInput(`Invalid CallerArn: ${arn}. The simulated caller must be the ARN of an IAM user.`);
  return parsed;
}

/**
 * Action names are simulated as real requests name them: `service:Action`, no wildcards (a
 * request never asks for `s3:*`).
 */
export function actionNames(names: readonly string[]): readonly string[] {
  for (const name of names) {
    if (!ACTION_NAME.test(name)) {
      throw iamErrors.invalidInput(`Action name ${name} is not valid: name one action with its service prefix, e.g. mobiletargeting:GetApp, without wildcards.`);
    }
  }
  return names;
}

/** ResourceArns, `*` when none are given, as IAM defaults them. */
export function resourceArns(arns: readonly string[] | undefined): readonly string[] {
  if (arns === undefined || arns.length === 0) return ['*'];
  for (const arn of arns) {
    if (arn !== '*' && !ARN_SHAPE.test(arn)) throw iamErrors.invalidInput(`ResourceNames are not in a valid ARN format: ${arn}.`);
  }
  return arns;
}

/** Pinion holds one account, so the only owner a simulated resource can have is that account. */
export function checkResourceOwner(owner: string | undefined, accountId: string): void {
  if (owner === undefined || owner === accountId || owner === `arn:aws:iam::${accountId}:root`) return;
  throw iamErrors.invalidInput(`ResourceOwner ${owner} is not this account: Pinion simulates only account ${accountId} (give ${accountId} or arn:aws:iam::${accountId}:root).`);
}

/** Permissions boundaries are not enforced by Pinion, so simulating one would show a result Pinion would not give. */
export function refuseBoundaryPolicies(list: readonly string[] | undefined): void {
  if (list !== undefined && list.length > 0) {
    throw iamErrors.invalidInput('Pinion does not support permissions boundaries yet (PermissionsBoundaryPolicyInputList)');
  }
}

// ---- pagination over the action × resource results ----

/** A marker is the base64url text of the index of the next result: the simulation is re-run per page. */
function encodeMarker(index: number): string {
  return Buffer.from(String(index), 'utf8').toString('base64url');
}

function decodeMarker(marker: string): number | undefined {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,8}$/.test(text) || encodeMarker(Number(text)) !== marker) return undefined;
  return Number(text);
}

export interface PageOf<T> {
  readonly items: T[];
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

/**
 * One page of `items`. A marker that this code did not make, or that points past the end (the
 * inputs changed between calls), is refused rather than answered with an arbitrary page.
 */
export function pageOf<T>(items: readonly T[], maxItems: number | undefined, marker: string | undefined): PageOf<T> {
  const start = marker === undefined ? 0 : decodeMarker(marker);
  if (start === undefined || start > items.length) {
    throw iamErrors.invalidInput(`Marker ${marker ?? ''} is not one this simulation returned: repeat the call with the same input and no Marker.`);
  }
  const size = maxItems ?? 100;
  const end = Math.min(items.length, start + size);
  const page = items.slice(start, end);
  return end < items.length ? { items: page, IsTruncated: true, Marker: encodeMarker(end) } : { items: page, IsTruncated: false };
}

import { parsePolicyDocument } from '../../iam/policy/parse-policy.ts';
import { iamErrors } from './iam-errors.ts';

/**
 * Policy documents are checked when they are written, never when they are used: a document that
 * IAM would refuse is refused here with MalformedPolicyDocument saying what is wrong, and one
 * over its quota with LimitExceeded. Sizes count characters other than white space, as IAM does.
 */
export const policySizeQuota = { user: 2048, group: 5120, role: 10240, managed: 6144, trust: 2048 } as const;

export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

/**
 * IAM's inline quota is the total size of all of an entity's inline policies (`others`: the
 * sizes of its other inline policies, the one being replaced left out).
 */
export function checkInlinePolicy(document: string, owner: 'user' | 'group' | 'role', ownerName: string, others: readonly string[] = []): void {
  const quota = policySizeQuota[owner];
  const total = others.reduce((sum, other) => sum + policySize(other), policySize(document));
  if (total > quota) throw iamErrors.limitExceeded(`Maximum policy size of ${quota} bytes exceeded for ${owner} ${ownerName}`);
  checkSyntax(document, 'identity');
}

export function checkManagedPolicy(document: string): void {
  const quota = policySizeQuota.managed;
  if (policySize(document) > quota) throw iamErrors.limitExceeded(`Cannot exceed quota for PolicySize: ${quota}`);
  checkSyntax(document, 'identity');
}

export function checkTrustPolicy(document: string): void {
  const quota = policySizeQuota.trust;
  if (policySize(document) > quota) throw iamErrors.limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${quota}`);
  checkSyntax(document, 'trust');
}

function checkSyntax(document: string, kind: 'identity' | 'trust'): void {
  const parsed = parsePolicyDocument(document, kind);
  if (!parsed.ok) throw iamErrors.malformedPolicy(parsed.message);
}

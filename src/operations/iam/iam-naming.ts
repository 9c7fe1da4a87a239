import { randomBytes } from 'node:crypto';
import type { EntityKind } from '../../storage/iam-repository.ts';

/**
 * Identifiers as IAM makes them: unique ids are a four-letter prefix that says what they name and
 * 17 upper-case letters and digits; access key ids the same with AKIA (long-term) or ASIA
 * (temporary) and 16 more characters.
 */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomChars(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += alphabet[b & 31];
  return out;
}

export const uniqueIdPrefix = { user: 'AIDA', group: 'AGPA', role: 'AROA', policy: 'ANPA' } as const;

export function newUniqueId(kind: keyof typeof uniqueIdPrefix): string {
  return uniqueIdPrefix[kind] + randomChars(17);
}

export function newAccessKeyId(temporary: boolean): string {
  return (temporary ? 'ASIA' : 'AKIA') + randomChars(16);
}

/** 40 characters of base64, as AWS's secret access keys look. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

export function entityArn(accountId: string, kind: EntityKind | 'policy', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}

/** `/` or `/a/b/`: IAM paths start and end with a slash. The model's pattern checks characters. */
export function checkPath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (!path.startsWith('/') || !path.endsWith('/')) return `The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.`;
  return undefined;
}

export const entityLabel: Readonly<Record<EntityKind, string>> = { user: 'user', group: 'group', role: 'role' };
export const entityTitle: Readonly<Record<EntityKind, string>> = { user: 'User', group: 'Group', role: 'Role' };

import { createHash } from 'node:crypto';

/**
 * A key for caches and connection pools derived from secret material: a SHA-256 of the parts,
 * so the maps that hold tokens and sessions never hold the credentials themselves as keys.
 */
export function secretFingerprint(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(String(part.length)).update(':').update(part).update('\n');
  return hash.digest('hex');
}

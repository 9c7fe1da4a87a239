import { createHash } from 'node:crypto';

/**
 * Pinpoint assigns each endpoint to one of 100 cohorts (0–99), stable for its id, so that
 * holdouts and A/B treatments split an audience the same way every time.
 */
export function cohortIdOf(endpointId: string): string {
  const digest = createHash('sha256').update(endpointId, 'utf8').digest();
  return String(digest.readUInt32BE(0) % 100);
}

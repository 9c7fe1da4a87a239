/**
 * Pinpoint assigns each endpoint to one of 100 cohorts (0–99), stable for its id, so that
 * holdouts and A/B treatments split an audience the same way every time. The hash is 32-bit
 * FNV-1a over the id's UTF-16 code units: cheap (it runs for every endpoint written), well spread,
 * and fixed forever (changing it would move endpoints between cohorts).
 */
export function cohortIdOf(endpointId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < endpointId.length; i++) {
    hash ^= endpointId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return String((hash >>> 0) % 100);
}

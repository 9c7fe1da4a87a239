import { randomBytes } from 'node:crypto';
import type { Secrets } from '../security/secret-box.ts';
import type { MetaRepository } from '../storage/repositories.ts';

/**
 * The key that signs tracking and unsubscribe links: made once per deployment, kept sealed under
 * the master key in the meta table (so every process of a PostgreSQL deployment signs and checks
 * the same links, and `pinion keys rotate` re-seals it).
 */
export const trackingKeyEntry = { key: 'email_tracking_key', context: 'pinion-email-tracking-key' } as const;

export async function loadTrackingKey(meta: MetaRepository, secrets: Secrets): Promise<Buffer> {
  const stored = await meta.putIfAbsent(trackingKeyEntry.key, secrets.seal(randomBytes(32).toString('base64'), trackingKeyEntry.context));
  return Buffer.from(secrets.open(stored, trackingKeyEntry.context), 'base64');
}

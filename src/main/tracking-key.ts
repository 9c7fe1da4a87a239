import { loadDeploymentKey } from '../security/deployment-key.ts';
import type { Secrets } from '../security/secret-box.ts';
import type { MetaRepository } from '../storage/repositories.ts';

/**
 * The key that signs tracking and unsubscribe links: a deployment key (security/deployment-key.ts),
 * so every process of a PostgreSQL deployment signs and checks the same links.
 */
export const trackingKeyEntry = { key: 'email_tracking_key', context: 'pinion-email-tracking-key' } as const;

export function loadTrackingKey(meta: MetaRepository, secrets: Secrets): Promise<Buffer> {
  return loadDeploymentKey(meta, secrets, trackingKeyEntry);
}

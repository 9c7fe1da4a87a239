import { randomBytes } from 'node:crypto';
import type { MetaRepository } from '../storage/repositories.ts';
import type { Secrets } from './secret-box.ts';

/**
 * A key the deployment makes once (32 random bytes) and keeps sealed under the master key in the
 * meta table, bound to its own context: every process of a PostgreSQL deployment then uses the
 * same key, and `pinion keys rotate` re-seals it with the other secrets. The email tracking key
 * and the OTP pepper are such keys.
 */
export interface DeploymentKeyEntry {
  readonly key: string;
  readonly context: string;
}

export async function loadDeploymentKey(meta: MetaRepository, secrets: Secrets, entry: DeploymentKeyEntry): Promise<Buffer> {
  const stored = (await meta.get(entry.key)) ?? (await meta.putIfAbsent(entry.key, secrets.seal(randomBytes(32).toString('base64'), entry.context)));
  const key = Buffer.from(secrets.open(stored, entry.context), 'base64');
  if (key.length !== 32) throw new Error(`the stored ${entry.key} is ${key.length} bytes, not 32`);
  return key;
}

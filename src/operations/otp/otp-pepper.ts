import { loadDeploymentKey } from '../../security/deployment-key.ts';
import type { Secrets } from '../../security/secret-box.ts';
import type { MetaRepository } from '../../storage/repositories.ts';

/**
 * The deployment's OTP pepper: the HMAC key one-time passwords are hashed with
 * (domain/otp/otp-hash.ts). Made once (32 random bytes), kept sealed under the master key in the
 * meta table, so every process of a PostgreSQL deployment hashes alike and `pinion keys rotate`
 * re-seals it with the other secrets. A random value rather than one derived from the master key:
 * rotating the master key then leaves the codes already sent verifiable.
 */
export const otpPepperEntry = { key: 'otp_pepper', context: 'pinion-otp-pepper' } as const;

/** Opened peppers by meta repository (one per open storage); a failed load is forgotten, so the next call retries. */
const peppers = new WeakMap<MetaRepository, Promise<Buffer>>();

export function otpPepper(meta: MetaRepository, secrets: Secrets): Promise<Buffer> {
  let pepper = peppers.get(meta);
  if (pepper === undefined) {
    pepper = loadDeploymentKey(meta, secrets, otpPepperEntry);
    peppers.set(meta, pepper);
    pepper.catch(() => peppers.delete(meta));
  }
  return pepper;
}

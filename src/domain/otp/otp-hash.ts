import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a one-time password is kept: never in clear, only as HMAC-SHA-256 under the deployment's
 * OTP pepper (a random 32-byte key made once and kept sealed with the master key, see
 * operations/otp/otp-pepper.ts). The MAC covers the code together with everything that names
 * its row (account, region, project, ReferenceId, destination), so a hash copied into another row
 * never verifies there. With the pepper out of reach, the database alone does not give the codes
 * away, although a 5-to-8-digit code space is small: the pepper is what protects it, not the hash.
 */
export interface OtpScope {
  readonly accountId: string;
  readonly region: string;
  readonly appId: string;
  readonly referenceId: string;
  readonly destination: string;
}

const DOMAIN = 'pinion-otp-v1';

/** Lowercase hex HMAC-SHA-256 of `code` in `scope`. Fields are length-prefixed: no two scopes share an input. */
export function otpCodeHash(pepper: Buffer, scope: OtpScope, code: string): string {
  const mac = createHmac('sha256', pepper);
  for (const part of [DOMAIN, scope.accountId, scope.region, scope.appId, scope.referenceId, scope.destination, code]) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    mac.update(length).update(bytes);
  }
  return mac.digest('hex');
}

/** Constant-time comparison of two hashes (timingSafeEqual on their bytes); false for different lengths. */
export function sameOtpHash(stored: string, candidate: string): boolean {
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(candidate, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

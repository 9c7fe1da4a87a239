import type { Tenant } from './tenant.ts';

/**
 * One-time passwords (SendOTPMessage / VerifyOTPMessage). A project holds at most one live code
 * per (ReferenceId, DestinationIdentity); a new code for the same key replaces the old one.
 *
 * The repository never sees a code: it stores and compares opaque hashes the caller computed
 * (an HMAC under the deployment's pepper, domain/otp/otp-hash.ts), and leaves the comparison
 * itself to the caller's `matches` (constant-time). Instants are ISO-8601 UTC with milliseconds,
 * compared as text (they all have the same 24-character form).
 */

export interface OtpKey {
  readonly referenceId: string;
  /** The E.164 phone number the code was sent to. */
  readonly destination: string;
}

export interface OtpCode {
  /** Lowercase hex HMAC-SHA-256 of the code and its key. */
  readonly codeHash: string;
  /** How many verifications the code allows (AllowedAttempts). */
  readonly attemptsLeft: number;
  /** The code verifies only before this instant. */
  readonly expiresAt: string;
  readonly createdDate: string;
}

/**
 * What one verification found:
 * - `valid`: the code matched and is now consumed (it verifies no more);
 * - `invalid`: a live code was there and this attempt was taken from it, but it did not match;
 * - `none`: no live code (never sent, replaced away, consumed, expired or out of attempts): no
 *   attempt was taken.
 */
export type OtpVerification = 'valid' | 'invalid' | 'none';

export interface OtpRepository {
  /**
   * Stores the code of `key`, replacing any previous one (whatever its state). Throws
   * ProjectMissingError when the project is gone.
   */
  put(tenant: Tenant, appId: string, key: OtpKey, code: OtpCode): Promise<void>;
  /**
   * Takes one attempt from the live code of `key` (not expired at `now`, attempts left) in one
   * atomic step, so a concurrent burst never gets more attempts than the code allows; then, when
   * `matches(storedHash)` says the attempt is right, removes the code, again atomically and only
   * if it is still that code: of several concurrent right attempts exactly one is `valid`.
   */
  verify(tenant: Tenant, appId: string, key: OtpKey, now: string, matches: (storedHash: string) => boolean): Promise<OtpVerification>;
  /** Deletes every code, of every project, that expired at or before `now` or has no attempts left; how many. */
  pruneExpired(now: string): Promise<number>;
}

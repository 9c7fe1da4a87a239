import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { outcomes } from '../../delivery-outcome.ts';
import { PushFailure } from '../push-failure.ts';
import { secretFingerprint } from '../secret-fingerprint.ts';
import { TokenCache } from '../token-cache.ts';

/** Apple: refresh the provider token no more than once every 20 minutes and no less than once an hour. */
export const PROVIDER_TOKEN_LIFETIME_MS = 50 * 60 * 1000;

export interface TokenKeyCredentials {
  /** The .p8 key (PKCS#8 PEM, P-256). */
  readonly tokenKey: string;
  readonly keyId: string;
  readonly teamId: string;
}

/**
 * APNs provider authentication tokens: a JWT signed with ES256 by the team's .p8 key, header
 * `kid` = TokenKeyId, claims `iss` = TeamId and `iat`. One is kept per key and reused for 50
 * minutes, then replaced; a token APNs calls expired (ExpiredProviderToken) is replaced at once.
 */
export class ApnsProviderTokens {
  readonly #cache: TokenCache;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#cache = new TokenCache(now);
  }

  token(credentials: TokenKeyCredentials): Promise<string> {
    return this.#cache.get(keyOf(credentials), async () => {
      const issuedAt = this.#now();
      let key;
      try {
        key = createPrivateKey({ key: credentials.tokenKey, format: 'pem' });
      } catch {
        throw new PushFailure(outcomes.permanent('The APNs channel TokenKey is not a readable PKCS#8 private key', 403));
      }
      const jwt = await new SignJWT({ iss: credentials.teamId, iat: Math.floor(issuedAt / 1000) })
        .setProtectedHeader({ alg: 'ES256', kid: credentials.keyId })
        .sign(key);
      return { value: jwt, refreshAt: issuedAt + PROVIDER_TOKEN_LIFETIME_MS };
    });
  }

  /** Drops `jwt` (APNs answered ExpiredProviderToken): the next `token` signs a new one. */
  expire(credentials: TokenKeyCredentials, jwt: string): Promise<void> {
    return this.#cache.invalidate(keyOf(credentials), jwt);
  }
}

function keyOf(credentials: TokenKeyCredentials): string {
  return secretFingerprint(credentials.tokenKey, credentials.keyId, credentials.teamId);
}

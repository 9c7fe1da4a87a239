import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { outcomes } from '../../delivery-outcome.ts';
import type { HttpClient } from '../https-client.ts';
import { requestAccessToken } from '../oauth-token.ts';
import { PushFailure } from '../push-failure.ts';
import { secretFingerprint } from '../secret-fingerprint.ts';
import { TokenCache } from '../token-cache.ts';
import type { ServiceAccount } from './service-account.ts';

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

/**
 * OAuth 2.0 access tokens for FCM HTTP v1, from a service account (Google's "Using OAuth 2.0
 * for server to server applications"): a JWT signed RS256 with the account's key (iss =
 * client_email, scope = firebase.messaging, aud = token_uri, one hour) exchanged at token_uri
 * for an access token, kept until five minutes before it expires.
 */
export class FcmAccessTokens {
  readonly #http: HttpClient;
  readonly #now: () => number;
  readonly #cache: TokenCache;

  constructor(http: HttpClient, now: () => number = Date.now) {
    this.#http = http;
    this.#now = now;
    this.#cache = new TokenCache(now);
  }

  token(account: ServiceAccount): Promise<string> {
    return this.#cache.get(keyOf(account), async () => {
      let key;
      try {
        key = createPrivateKey({ key: account.privateKey, format: 'pem' });
      } catch {
        throw new PushFailure(outcomes.permanent('The GCM channel ServiceJson private_key is not a readable private key', 403));
      }
      const issuedAt = Math.floor(this.#now() / 1000);
      const assertion = await new SignJWT({ scope: FCM_SCOPE })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(account.privateKeyId !== undefined ? { kid: account.privateKeyId } : {}) })
        .setIssuer(account.clientEmail)
        .setAudience(account.tokenUri)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + 3600)
        .sign(key);
      return requestAccessToken(this.#http, account.tokenUri, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }, 'FCM', this.#now);
    });
  }

  /** Drops `token` (FCM answered 401): the next `token` asks for a new one. */
  expire(account: ServiceAccount, token: string): Promise<void> {
    return this.#cache.invalidate(keyOf(account), token);
  }
}

function keyOf(account: ServiceAccount): string {
  return secretFingerprint(account.clientEmail, account.privateKey, account.tokenUri);
}

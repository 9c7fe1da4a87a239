import { outcomes } from '../../delivery-outcome.ts';
import type { RateLimiter } from '../../rate-limiter.ts';
import type { RetryPolicy } from '../../retry.ts';
import type { OutboundPush, PushOutcome, PushTransport } from '../../transport.ts';
import { PushFailure, unreachable } from '../push-failure.ts';
import type { PushAttempt } from '../push-retry.ts';
import { PUSH_RETRY, sendWithRetries } from '../push-retry.ts';
import { secretFingerprint } from '../secret-fingerprint.ts';
import type { TokenKeyCredentials } from './apns-provider-tokens.ts';
import { ApnsProviderTokens } from './apns-provider-tokens.ts';
import type { ApnsRequest } from './apns-request.ts';
import { buildApnsRequest } from './apns-request.ts';
import type { Http2Answer } from './http2-sessions.ts';
import { Http2SessionPool } from './http2-sessions.ts';

export interface ApnsSettings {
  /** https://api.push.apple.com:443 (APNS, APNS_VOIP). */
  readonly endpoint: string;
  /** https://api.sandbox.push.apple.com:443 (APNS_SANDBOX, APNS_VOIP_SANDBOX). */
  readonly sandboxEndpoint: string;
  readonly limiter: RateLimiter;
  readonly retry?: RetryPolicy;
  /** One more trusted CA (PEM): in-process tests. */
  readonly ca?: string;
  readonly now?: () => number;
}

type Authentication = { readonly kind: 'token'; readonly credentials: TokenKeyCredentials } | { readonly kind: 'certificate'; readonly cert: string; readonly key: string };

/**
 * Apple Push Notification service over HTTP/2 (node:http2), with token authentication (a
 * provider JWT per team key, see ApnsProviderTokens) or certificate authentication (the
 * channel's certificate as the TLS client certificate). Sessions are kept per (endpoint,
 * credential). Answers: 200 delivered to APNs; 410 and BadDeviceToken end the token; 429 and
 * 5xx are retried with backoff; ExpiredProviderToken renews the token and tries once more;
 * any other refusal is permanent, with Apple's reason.
 */
export class ApnsTransport implements PushTransport {
  readonly name = 'apns';
  readonly #settings: ApnsSettings;
  readonly #sessions: Http2SessionPool;
  readonly #tokens: ApnsProviderTokens;
  readonly #now: () => number;

  constructor(settings: ApnsSettings) {
    this.#settings = settings;
    this.#now = settings.now ?? Date.now;
    this.#sessions = new Http2SessionPool(settings.ca !== undefined ? { ca: settings.ca } : {});
    this.#tokens = new ApnsProviderTokens(this.#now);
  }

  async send(message: OutboundPush): Promise<PushOutcome> {
    const authentication = authenticationOf(message);
    if ('problem' in authentication) return { outcome: outcomes.permanent(authentication.problem, 403) };
    const request = buildApnsRequest(message, this.#now());
    if ('problem' in request) return { outcome: outcomes.permanent(request.problem) };
    if (authentication.kind === 'token' && request.headers['apns-topic'] === undefined) {
      return { outcome: outcomes.permanent('The APNs channel has no BundleId (the apns-topic of token authentication)', 403) };
    }
    const sandbox = message.channel.endsWith('_SANDBOX');
    const origin = sandbox ? this.#settings.sandboxEndpoint : this.#settings.endpoint;
    return sendWithRetries(this.#settings.retry ?? PUSH_RETRY, async () => {
      await this.#settings.limiter.acquire();
      return this.#attempt(origin, authentication, request);
    });
  }

  /** One send; an ExpiredProviderToken answer renews the provider token and sends once more. */
  async #attempt(origin: string, authentication: Authentication, request: ApnsRequest): Promise<PushAttempt> {
    for (let renewed = false; ; renewed = true) {
      let jwt: string | undefined;
      let answer: Http2Answer;
      try {
        if (authentication.kind === 'token') jwt = await this.#tokens.token(authentication.credentials);
        answer = await this.#sessions.request(
          origin,
          sessionKey(authentication),
          authentication.kind === 'certificate' ? { cert: authentication.cert, key: authentication.key } : {},
          jwt === undefined ? request.headers : { ...request.headers, authorization: `bearer ${jwt}` },
          request.payload,
        );
      } catch (error) {
        if (error instanceof PushFailure) return { outcome: { outcome: error.outcome } };
        return { outcome: { outcome: unreachable('APNs', error) } };
      }
      const reason = reasonOf(answer.body);
      if (answer.status === 403 && reason === 'ExpiredProviderToken' && authentication.kind === 'token' && jwt !== undefined && !renewed) {
        await this.#tokens.expire(authentication.credentials, jwt);
        continue;
      }
      return { outcome: classify(answer, reason, request.apnsId) };
    }
  }

  close(): Promise<void> {
    return this.#sessions.close();
  }
}

/** The message's preferred method, else the channel's default, else whichever credential the channel has. */
function authenticationOf(message: OutboundPush): Authentication | { problem: string } {
  const settings = message.channelSettings;
  const { TokenKey: tokenKey, Certificate: cert, PrivateKey: key } = message.credentials;
  const keyId = typeof settings.TokenKeyId === 'string' ? settings.TokenKeyId : undefined;
  const teamId = typeof settings.TeamId === 'string' ? settings.TeamId : undefined;
  const token: Authentication | undefined = tokenKey !== undefined && keyId !== undefined && teamId !== undefined ? { kind: 'token', credentials: { tokenKey, keyId, teamId } } : undefined;
  const certificate: Authentication | undefined = cert !== undefined && key !== undefined ? { kind: 'certificate', cert, key } : undefined;
  const wanted = (message.options?.preferredAuthenticationMethod ?? (typeof settings.DefaultAuthenticationMethod === 'string' ? settings.DefaultAuthenticationMethod : '')).toUpperCase();
  const chosen = wanted === 'CERTIFICATE' ? (certificate ?? token) : wanted === 'TOKEN' || wanted === 'KEY' ? (token ?? certificate) : (token ?? certificate);
  return chosen ?? { problem: `The ${message.channel} channel has neither a token key (TokenKey, TokenKeyId, TeamId) nor a certificate and private key` };
}

function sessionKey(authentication: Authentication): string {
  // Token sessions are per team key too: Apple ties a connection to the team of its first token.
  return authentication.kind === 'token'
    ? `token:${secretFingerprint(authentication.credentials.tokenKey, authentication.credentials.keyId, authentication.credentials.teamId)}`
    : `certificate:${secretFingerprint(authentication.cert, authentication.key)}`;
}

function reasonOf(body: string): string | undefined {
  if (body === '') return undefined;
  try {
    const parsed = JSON.parse(body) as { reason?: unknown };
    return typeof parsed.reason === 'string' ? parsed.reason.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

function classify(answer: Http2Answer, reason: string | undefined, apnsId: string): PushOutcome {
  const status = answer.status;
  if (status === 200) {
    const id = answer.headers['apns-id'];
    return { outcome: outcomes.accepted('', typeof id === 'string' && id !== '' ? id : apnsId) };
  }
  const said = reason ?? `APNs answered ${status}`;
  if (status === 410 || (status === 400 && reason === 'BadDeviceToken')) return { outcome: outcomes.permanent(said, status), tokenInvalid: true };
  if (status === 429) return { outcome: outcomes.throttled(said) };
  if (status >= 500) return { outcome: outcomes.temporary(said, status) };
  return { outcome: outcomes.permanent(said, status || 400) };
}

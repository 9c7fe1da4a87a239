import { outcomes } from '../../delivery-outcome.ts';
import type { RateLimiter } from '../../rate-limiter.ts';
import type { RetryPolicy } from '../../retry.ts';
import type { OutboundPush, PushOutcome, PushTransport } from '../../transport.ts';
import type { HttpAnswer } from '../https-client.ts';
import { HttpClient } from '../https-client.ts';
import { requestAccessToken } from '../oauth-token.ts';
import { PushFailure, unreachable } from '../push-failure.ts';
import type { PushAttempt } from '../push-retry.ts';
import { retryAfterMs } from '../../retry.ts';
import { PUSH_RETRY, sendWithRetries } from '../push-retry.ts';
import { secretFingerprint } from '../secret-fingerprint.ts';
import { TokenCache } from '../token-cache.ts';
import { admBody } from './adm-message.ts';

export interface AdmSettings {
  /** https://api.amazon.com: `/messaging/registrations/{registration id}/messages` is appended. */
  readonly endpoint: string;
  /** https://api.amazon.com/auth/O2/token (Login with Amazon). */
  readonly tokenEndpoint: string;
  readonly limiter: RateLimiter;
  /** One more trusted CA (PEM): in-process tests. */
  readonly ca?: string;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
}

interface Client {
  readonly clientId: string;
  readonly clientSecret: string;
}

const ENDS_TOKEN = new Set(['InvalidRegistrationId', 'Unregistered']);

/**
 * Amazon Device Messaging: an access token from the channel's ClientId and ClientSecret
 * (client_credentials grant, scope messaging:push, kept until five minutes before it expires),
 * then `POST /messaging/registrations/{token}/messages`. Answers: 200 (a different
 * registrationID replaces the token); InvalidRegistrationId and Unregistered end the token;
 * 401 renews the access token and tries once more; 429 and 5xx are retried (Retry-After
 * honoured up to a cap); anything else is permanent, with ADM's reason.
 */
export class AdmTransport implements PushTransport {
  readonly name = 'adm';
  readonly #settings: AdmSettings;
  readonly #http: HttpClient;
  readonly #tokens: TokenCache;
  readonly #now: () => number;

  constructor(settings: AdmSettings) {
    this.#settings = settings;
    this.#http = new HttpClient(settings.ca !== undefined ? { ca: settings.ca } : {});
    this.#now = settings.now ?? Date.now;
    this.#tokens = new TokenCache(this.#now);
  }

  send(message: OutboundPush): Promise<PushOutcome> {
    const clientId = message.channelSettings.ClientId;
    const clientSecret = message.credentials.ClientSecret;
    if (typeof clientId !== 'string' || clientSecret === undefined) return Promise.resolve({ outcome: outcomes.permanent('The ADM channel has no ClientId and ClientSecret', 403) });
    const body = admBody(message);
    if (typeof body !== 'string') return Promise.resolve({ outcome: outcomes.permanent(body.problem) });
    return sendWithRetries(this.#settings.retry ?? PUSH_RETRY, async () => {
      await this.#settings.limiter.acquire();
      return this.#attempt({ clientId, clientSecret }, message.token, body);
    });
  }

  async #attempt(client: Client, registrationId: string, body: string): Promise<PushAttempt> {
    const url = `${this.#settings.endpoint}/messaging/registrations/${encodeURIComponent(registrationId)}/messages`;
    const key = secretFingerprint(client.clientId, client.clientSecret, this.#settings.tokenEndpoint);
    for (let renewed = false; ; renewed = true) {
      let token: string;
      let answer: HttpAnswer;
      try {
        token = await this.#tokens.get(key, () =>
          requestAccessToken(
            this.#http,
            this.#settings.tokenEndpoint,
            { grant_type: 'client_credentials', scope: 'messaging:push', client_id: client.clientId, client_secret: client.clientSecret },
            'ADM',
            this.#now,
          ),
        );
        answer = await this.#http.post(
          url,
          {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            accept: 'application/json',
            'x-amzn-type-version': 'com.amazon.device.messaging.ADMMessage@1.0',
            'x-amzn-accept-type': 'com.amazon.device.messaging.ADMSendResult@1.0',
          },
          body,
        );
      } catch (error) {
        if (error instanceof PushFailure) return { outcome: { outcome: error.outcome }, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
        return { outcome: { outcome: unreachable('ADM', error) } };
      }
      if (answer.status === 401 && !renewed) {
        await this.#tokens.invalidate(key, token);
        continue;
      }
      return classify(answer, registrationId);
    }
  }

  close(): Promise<void> {
    this.#http.close();
    return Promise.resolve();
  }
}

function classify(answer: HttpAnswer, registrationId: string): PushAttempt {
  let json: { registrationID?: unknown; reason?: unknown } = {};
  try {
    const parsed = JSON.parse(answer.body) as unknown;
    if (typeof parsed === 'object' && parsed !== null) json = parsed as typeof json;
  } catch {
    // judged by the status alone
  }
  const requestId = answer.headers['x-amzn-requestid'];
  if (answer.status === 200) {
    const canonical = typeof json.registrationID === 'string' && json.registrationID !== '' && json.registrationID !== registrationId ? { updatedToken: json.registrationID } : {};
    return { outcome: { outcome: outcomes.accepted('', typeof requestId === 'string' ? requestId : undefined), ...canonical } };
  }
  const reason = typeof json.reason === 'string' ? json.reason.slice(0, 200) : undefined;
  const said = reason ?? `ADM answered ${answer.status}`;
  const wait = retryAfterMs(answer.headers['retry-after']);
  const retry = wait !== undefined ? { retryAfterMs: wait } : {};
  if (reason !== undefined && ENDS_TOKEN.has(reason)) return { outcome: { outcome: outcomes.permanent(said, answer.status), tokenInvalid: true } };
  if (answer.status === 429) return { outcome: { outcome: outcomes.throttled(said) }, ...retry };
  if (answer.status >= 500) return { outcome: { outcome: outcomes.temporary(said, answer.status) }, ...retry };
  return { outcome: { outcome: outcomes.permanent(said, answer.status || 400) } };
}

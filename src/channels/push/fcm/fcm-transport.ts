import { outcomes } from '../../delivery-outcome.ts';
import type { RateLimiter } from '../../rate-limiter.ts';
import type { RetryPolicy } from '../../retry.ts';
import type { OutboundPush, PushOutcome, PushTransport } from '../../transport.ts';
import type { HttpAnswer } from '../https-client.ts';
import { HttpClient } from '../https-client.ts';
import { PushFailure, unreachable } from '../push-failure.ts';
import type { PushAttempt } from '../push-retry.ts';
import { retryAfterMs } from '../../retry.ts';
import { PUSH_RETRY, sendWithRetries } from '../push-retry.ts';
import { FcmAccessTokens } from './fcm-access-tokens.ts';
import { fcmLegacyBody, fcmV1Body } from './fcm-message.ts';
import type { ServiceAccount } from './service-account.ts';
import { readServiceAccount } from './service-account.ts';

export interface FcmSettings {
  /** https://fcm.googleapis.com: `/v1/projects/{project_id}/messages:send` is appended. */
  readonly endpoint: string;
  /** https://fcm.googleapis.com/fcm/send (server-key API). */
  readonly legacyEndpoint: string;
  /** The one token_uri allowed besides Google's (PINION_FCM_TOKEN_ENDPOINT). */
  readonly allowedTokenEndpoint: string | undefined;
  readonly limiter: RateLimiter;
  /** One more trusted CA (PEM): in-process tests. */
  readonly ca?: string;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
}

type Authentication = { readonly kind: 'token'; readonly account: ServiceAccount } | { readonly kind: 'key'; readonly apiKey: string };

/**
 * Firebase Cloud Messaging for the GCM channel. Token authentication (ServiceJson): HTTP v1 with
 * an OAuth access token from the service account; 200 answers the message name, UNREGISTERED
 * (404) or an INVALID_ARGUMENT about the registration token ends the token, QUOTA_EXCEEDED (429)
 * is throttled and retried (Retry-After honoured up to a cap), 5xx is retried, 401 renews the
 * access token and tries once more. Key authentication (ApiKey): the legacy HTTP API, whose
 * per-result errors NotRegistered and InvalidRegistration end the token and whose canonical
 * registration_id replaces it.
 */
export class FcmTransport implements PushTransport {
  readonly name = 'fcm';
  readonly #settings: FcmSettings;
  readonly #http: HttpClient;
  readonly #tokens: FcmAccessTokens;

  constructor(settings: FcmSettings) {
    this.#settings = settings;
    this.#http = new HttpClient(settings.ca !== undefined ? { ca: settings.ca } : {});
    this.#tokens = new FcmAccessTokens(this.#http, settings.now ?? Date.now);
  }

  send(message: OutboundPush): Promise<PushOutcome> {
    const authentication = authenticationOf(message, this.#settings.allowedTokenEndpoint);
    if ('problem' in authentication) return Promise.resolve({ outcome: outcomes.permanent(authentication.problem, 403) });
    const body = authentication.kind === 'token' ? fcmV1Body(message) : fcmLegacyBody(message);
    if (typeof body !== 'string') return Promise.resolve({ outcome: outcomes.permanent(body.problem) });
    return sendWithRetries(this.#settings.retry ?? PUSH_RETRY, async () => {
      await this.#settings.limiter.acquire();
      return authentication.kind === 'token' ? this.#sendV1(authentication.account, body) : this.#sendLegacy(authentication.apiKey, body);
    });
  }

  async #sendV1(account: ServiceAccount, body: string): Promise<PushAttempt> {
    const url = `${this.#settings.endpoint}/v1/projects/${encodeURIComponent(account.projectId)}/messages:send`;
    for (let renewed = false; ; renewed = true) {
      let token: string;
      let answer: HttpAnswer;
      try {
        token = await this.#tokens.token(account);
        answer = await this.#http.post(url, { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8', accept: 'application/json' }, body);
      } catch (error) {
        if (error instanceof PushFailure) return { outcome: { outcome: error.outcome }, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
        return { outcome: { outcome: unreachable('FCM', error) } };
      }
      if (answer.status === 401 && !renewed) {
        await this.#tokens.expire(account, token);
        continue;
      }
      return classifyV1(answer);
    }
  }

  async #sendLegacy(apiKey: string, body: string): Promise<PushAttempt> {
    let answer: HttpAnswer;
    try {
      answer = await this.#http.post(this.#settings.legacyEndpoint, { authorization: `key=${apiKey}`, 'content-type': 'application/json', accept: 'application/json' }, body);
    } catch (error) {
      return { outcome: { outcome: unreachable('FCM', error) } };
    }
    return classifyLegacy(answer);
  }

  close(): Promise<void> {
    this.#http.close();
    return Promise.resolve();
  }
}

/** The message's preferred method, else the channel's default, else whichever credential the channel has. */
function authenticationOf(message: OutboundPush, allowedTokenEndpoint: string | undefined): Authentication | { problem: string } {
  const { ServiceJson: serviceJson, ApiKey: apiKey } = message.credentials;
  const setting = message.channelSettings.DefaultAuthenticationMethod;
  const wanted = (message.options?.preferredAuthenticationMethod ?? (typeof setting === 'string' ? setting : '')).toUpperCase();
  const useToken = serviceJson !== undefined && (wanted === 'TOKEN' || apiKey === undefined);
  if (useToken) {
    const account = readServiceAccount(serviceJson, allowedTokenEndpoint);
    return 'problem' in account ? account : { kind: 'token', account };
  }
  if (apiKey !== undefined) return { kind: 'key', apiKey };
  return { problem: 'The GCM channel has neither a ServiceJson (token authentication) nor an ApiKey (key authentication)' };
}

interface GoogleError {
  code?: number;
  message?: string;
  status?: string;
  details?: { '@type'?: string; errorCode?: string; fieldViolations?: { field?: string }[] }[];
}

function classifyV1(answer: HttpAnswer): PushAttempt {
  const json = parseObject(answer.body);
  const wait = retryAfterMs(answer.headers['retry-after']);
  if (answer.status === 200) return { outcome: { outcome: outcomes.accepted('', typeof json.name === 'string' ? json.name : undefined) } };
  const error = (typeof json.error === 'object' && json.error !== null ? json.error : {}) as GoogleError;
  const details = Array.isArray(error.details) ? error.details : [];
  const fcmCode = details.find((detail) => typeof detail?.errorCode === 'string')?.errorCode;
  const code = fcmCode ?? (typeof error.status === 'string' ? error.status : undefined) ?? `HTTP ${answer.status}`;
  const said = `${code}${typeof error.message === 'string' && error.message !== '' ? `: ${error.message.slice(0, 300)}` : ''}`;
  if (code === 'UNREGISTERED' || answer.status === 404) return { outcome: { outcome: outcomes.permanent(said, 404), tokenInvalid: true } };
  if (code === 'INVALID_ARGUMENT' && aboutToken(error, details)) return { outcome: { outcome: outcomes.permanent(said, 400), tokenInvalid: true } };
  if (answer.status === 429 || code === 'QUOTA_EXCEEDED') return { outcome: { outcome: outcomes.throttled(said) }, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  if (answer.status >= 500 || code === 'UNAVAILABLE' || code === 'INTERNAL') {
    return { outcome: { outcome: outcomes.temporary(said, answer.status >= 500 ? answer.status : 503) }, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  return { outcome: { outcome: outcomes.permanent(said, answer.status || 400) } };
}

/** Whether an INVALID_ARGUMENT is about the registration token (a bad payload must not end the endpoint). */
function aboutToken(error: GoogleError, details: NonNullable<GoogleError['details']>): boolean {
  const fields = details.flatMap((detail) => (Array.isArray(detail?.fieldViolations) ? detail.fieldViolations : [])).map((violation) => violation?.field);
  if (fields.includes('message.token')) return true;
  return typeof error.message === 'string' && /registration token/i.test(error.message);
}

const ENDS_TOKEN = new Set(['NotRegistered', 'InvalidRegistration', 'MissingRegistration']);
const TRANSIENT = new Set(['Unavailable', 'InternalServerError']);
const RATE = new Set(['DeviceMessageRateExceeded', 'TopicsMessageRateExceeded']);

function classifyLegacy(answer: HttpAnswer): PushAttempt {
  const wait = retryAfterMs(answer.headers['retry-after']);
  const retry = wait !== undefined ? { retryAfterMs: wait } : {};
  if (answer.status === 401) return { outcome: { outcome: outcomes.permanent('FCM refused the GCM channel ApiKey (401)', 401) } };
  if (answer.status >= 500) return { outcome: { outcome: outcomes.temporary(`FCM failed with ${answer.status}`, answer.status) }, ...retry };
  if (answer.status !== 200) return { outcome: { outcome: outcomes.permanent(`FCM rejected the request (${answer.status}): ${answer.body.slice(0, 200)}`, answer.status) } };
  const results = parseObject(answer.body).results;
  const result = (Array.isArray(results) && typeof results[0] === 'object' && results[0] !== null ? results[0] : {}) as { message_id?: unknown; registration_id?: unknown; error?: unknown };
  if (typeof result.message_id === 'string' || typeof result.message_id === 'number') {
    const updated = typeof result.registration_id === 'string' && result.registration_id !== '' ? { updatedToken: result.registration_id } : {};
    return { outcome: { outcome: outcomes.accepted('', String(result.message_id)), ...updated } };
  }
  const error = typeof result.error === 'string' ? result.error : 'no result';
  if (ENDS_TOKEN.has(error)) return { outcome: { outcome: outcomes.permanent(error, 400), tokenInvalid: true } };
  if (TRANSIENT.has(error)) return { outcome: { outcome: outcomes.temporary(error) }, ...retry };
  if (RATE.has(error)) return { outcome: { outcome: outcomes.throttled(error) }, ...retry };
  return { outcome: { outcome: outcomes.permanent(error, 400) } };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

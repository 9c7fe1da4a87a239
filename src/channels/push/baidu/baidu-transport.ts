import { outcomes } from '../../delivery-outcome.ts';
import type { RateLimiter } from '../../rate-limiter.ts';
import type { RetryPolicy } from '../../retry.ts';
import type { OutboundPush, PushOutcome, PushTransport } from '../../transport.ts';
import type { HttpAnswer } from '../https-client.ts';
import { HttpClient } from '../https-client.ts';
import { unreachable } from '../push-failure.ts';
import type { PushAttempt } from '../push-retry.ts';
import { retryAfterMs } from '../../retry.ts';
import { PUSH_RETRY, sendWithRetries } from '../push-retry.ts';
import { baiduErrorKind } from './baidu-errors.ts';
import { baiduForm } from './baidu-request.ts';

export interface BaiduSettings {
  /** https://api.tuisong.baidu.com/rest/3.0: `/push/single_device` is appended. */
  readonly endpoint: string;
  readonly limiter: RateLimiter;
  /** One more trusted CA (PEM): in-process tests. */
  readonly ca?: string;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
}

/**
 * Baidu Cloud Push (REST API 3.0), signed with the channel's ApiKey and SecretKey. Answers:
 * `response_params.msg_id` delivered to Baidu; 5xx, 429 and the temporary error codes are
 * retried; a spent quota is THROTTLED at once; a channel_id no install is bound to (or whose
 * token expired) fails permanently and makes the endpoint INACTIVE; any other error is permanent
 * (baidu-errors.ts). The StatusMessage carries Baidu's error_code and error_msg.
 */
export class BaiduTransport implements PushTransport {
  readonly name = 'baidu';
  readonly #settings: BaiduSettings;
  readonly #http: HttpClient;
  readonly #now: () => number;

  constructor(settings: BaiduSettings) {
    this.#settings = settings;
    this.#http = new HttpClient(settings.ca !== undefined ? { ca: settings.ca } : {});
    this.#now = settings.now ?? Date.now;
  }

  send(message: OutboundPush): Promise<PushOutcome> {
    const { ApiKey: apiKey, SecretKey: secretKey } = message.credentials;
    if (apiKey === undefined || secretKey === undefined) return Promise.resolve({ outcome: outcomes.permanent('The BAIDU channel has no ApiKey and SecretKey', 403) });
    const url = `${this.#settings.endpoint}/push/single_device`;
    return sendWithRetries(this.#settings.retry ?? PUSH_RETRY, async () => {
      await this.#settings.limiter.acquire();
      const form = baiduForm(message, apiKey, secretKey, url, Math.floor(this.#now() / 1000));
      let answer: HttpAnswer;
      try {
        answer = await this.#http.post(url, { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', accept: 'application/json', 'user-agent': 'BCCS_SDK/3.0 (Pinion)' }, new URLSearchParams(form).toString());
      } catch (error) {
        return { outcome: { outcome: unreachable('Baidu Cloud Push', error) } };
      }
      return classify(answer);
    });
  }

  close(): Promise<void> {
    this.#http.close();
    return Promise.resolve();
  }
}

function classify(answer: HttpAnswer): PushAttempt {
  let json: { error_code?: unknown; error_msg?: unknown; response_params?: { msg_id?: unknown } } = {};
  try {
    const parsed = JSON.parse(answer.body) as unknown;
    if (typeof parsed === 'object' && parsed !== null) json = parsed as typeof json;
  } catch {
    // judged by the status alone
  }
  const code = typeof json.error_code === 'number' ? json.error_code : undefined;
  if (answer.status === 200 && (code === undefined || code === 0)) {
    const id = json.response_params?.msg_id;
    return { outcome: { outcome: outcomes.accepted('', typeof id === 'string' || typeof id === 'number' ? String(id) : undefined) } };
  }
  const said = `${code ?? `HTTP ${answer.status}`}${typeof json.error_msg === 'string' ? `: ${json.error_msg.slice(0, 200)}` : ''}`;
  const wait = retryAfterMs(answer.headers['retry-after']);
  const retry = wait !== undefined ? { retryAfterMs: wait } : {};
  const kind = code === undefined ? 'permanent' : baiduErrorKind(code);
  const status = answer.status >= 400 ? answer.status : 400;
  if (kind === 'token-ended') return { outcome: { outcome: outcomes.permanent(said, status), tokenInvalid: true } };
  // A wait longer than any retry may take: the attempt is the last (push-retry.ts).
  if (kind === 'quota') return { outcome: { outcome: outcomes.throttled(said) }, retryAfterMs: Number.POSITIVE_INFINITY };
  if (answer.status === 429) return { outcome: { outcome: outcomes.throttled(said) }, ...retry };
  if (answer.status >= 500 || kind === 'temporary') return { outcome: { outcome: outcomes.temporary(said, answer.status >= 500 ? answer.status : 503) }, ...retry };
  return { outcome: { outcome: outcomes.permanent(said, status) } };
}

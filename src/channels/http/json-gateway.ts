import type { DeliveryOutcome } from '../delivery-outcome.ts';
import { outcomes } from '../delivery-outcome.ts';
import type { RateLimiter } from '../rate-limiter.ts';
import type { RetryPolicy } from '../retry.ts';
import { backoffDelayMs, retryAfterMs } from '../retry.ts';

/**
 * One message = one JSON POST to an operator's HTTP gateway (an SMS provider's API, a voice
 * provider, or a small adapter in front of either), with `Idempotency-Key: <messageId>` and the
 * configured Authorization header. 2xx accepts (the JSON answer's `id` becomes the provider's
 * message id), 429 throttles (retried, honouring Retry-After up to a cap), 5xx and network
 * failures are temporary (retried with backoff and full jitter), any other status refuses the
 * message with the gateway's own words. Redirects are not followed.
 */
export interface JsonGatewaySettings {
  readonly url: string;
  /** The Authorization header's value (a secret: never logged, never in a result). */
  readonly authorization?: string;
}

export interface JsonGatewayOptions {
  readonly limiter: RateLimiter;
  readonly retry?: RetryPolicy;
  /** Each request's deadline. */
  readonly timeoutMs?: number;
  /** The longest Retry-After honoured; a longer one is cut to this. */
  readonly maxRetryAfterMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const JSON_GATEWAY_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 4_000 };
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 10_000;
/** Of a gateway's refusal, this much reaches the result's StatusMessage. */
const MESSAGE_LIMIT = 300;

interface Attempt {
  readonly outcome: DeliveryOutcome;
  readonly retry: boolean;
  /** The gateway's Retry-After, in milliseconds. */
  readonly retryAfterMs?: number;
}

export class JsonGateway {
  readonly #settings: JsonGatewaySettings;
  /** How results name the peer: "SMS gateway", "voice provider". */
  readonly #peer: string;
  readonly #limiter: RateLimiter;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #maxRetryAfterMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #inFlight = new Set<AbortController>();

  constructor(settings: JsonGatewaySettings, peer: string, options: JsonGatewayOptions) {
    this.#settings = settings;
    this.#peer = peer;
    this.#limiter = options.limiter;
    this.#retry = options.retry ?? JSON_GATEWAY_RETRY;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** POSTs `payload` (members without a value are left out by JSON.stringify), retrying as above. */
  async send(messageId: string, payload: Record<string, unknown>): Promise<DeliveryOutcome> {
    const body = JSON.stringify(payload);
    let attempt: Attempt | undefined;
    for (let n = 0; n < this.#retry.attempts; n += 1) {
      if (attempt) {
        const backoff = backoffDelayMs(this.#retry, n - 1);
        await this.#sleep(attempt.retryAfterMs !== undefined ? Math.max(backoff, attempt.retryAfterMs) : backoff);
      }
      await this.#limiter.acquire();
      attempt = await this.#post(messageId, body);
      if (!attempt.retry) break;
    }
    return attempt!.outcome;
  }

  close(): void {
    for (const controller of this.#inFlight) controller.abort();
  }

  async #post(messageId: string, body: string): Promise<Attempt> {
    const controller = new AbortController();
    this.#inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    try {
      const response = await fetch(this.#settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': messageId,
          ...(this.#settings.authorization !== undefined ? { authorization: this.#settings.authorization } : {}),
        },
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      const text = await response.text();
      return this.#classify(response.status, response.headers.get('retry-after'), text);
    } catch {
      // Nothing of the error is repeated: it may name the URL, which may carry a key.
      const reason = controller.signal.aborted ? `The ${this.#peer} did not answer within ${this.#timeoutMs} ms` : `The ${this.#peer} could not be reached`;
      return { outcome: outcomes.temporary(reason), retry: true };
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(controller);
    }
  }

  #classify(status: number, retryAfter: string | null, text: string): Attempt {
    if (status >= 200 && status < 300) {
      const id = gatewayId(text);
      return { outcome: outcomes.accepted(id !== undefined ? `Accepted by the ${this.#peer}` : `Accepted by the ${this.#peer} (it answered no id)`, id), retry: false };
    }
    const said = gatewayMessage(text);
    if (status === 429) {
      const wait = retryAfterMs(retryAfter);
      return {
        outcome: outcomes.throttled(`The ${this.#peer} is throttling (HTTP 429)${said ? `: ${said}` : ''}`),
        retry: true,
        ...(wait !== undefined ? { retryAfterMs: Math.min(wait, this.#maxRetryAfterMs) } : {}),
      };
    }
    if (status >= 500) return { outcome: outcomes.temporary(`The ${this.#peer} failed (HTTP ${status})${said ? `: ${said}` : ''}`), retry: true };
    return { outcome: outcomes.permanent(`The ${this.#peer} refused the message (HTTP ${status})${said ? `: ${said}` : ''}`), retry: false };
  }
}

/** The `id` of a JSON answer (a string, or a number written as one). */
function gatewayId(text: string): string | undefined {
  try {
    const answer = JSON.parse(text) as unknown;
    if (answer && typeof answer === 'object' && 'id' in answer) {
      const id = (answer as { id: unknown }).id;
      if (typeof id === 'string' && id !== '') return id.slice(0, 256);
      if (typeof id === 'number' && Number.isFinite(id)) return String(id);
    }
  } catch {
    // not JSON: accepted without an id
  }
  return undefined;
}

/** What the gateway said: the `message` (or `error`) of a JSON answer, or its text; one line, truncated. */
function gatewayMessage(text: string): string {
  let said = text;
  try {
    const answer = JSON.parse(text) as Record<string, unknown>;
    const candidate = answer.message ?? answer.Message ?? answer.error ?? answer.detail;
    if (typeof candidate === 'string') said = candidate;
    else if (candidate && typeof candidate === 'object' && typeof (candidate as { message?: unknown }).message === 'string') said = (candidate as { message: string }).message;
  } catch {
    // plain text
  }
  const line = said.replace(/\s+/g, ' ').trim();
  return line.length > MESSAGE_LIMIT ? `${line.slice(0, MESSAGE_LIMIT - 1)}…` : line;
}

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DeliveryOutcome } from '../delivery-outcome.ts';
import { outcomes } from '../delivery-outcome.ts';
import type { RateLimiter } from '../rate-limiter.ts';
import type { RetryPolicy } from '../retry.ts';
import { withRetries } from '../retry.ts';
import type { DestinationPolicy } from './destination-guard.ts';
import { destinationProblem, guardedLookup } from './destination-guard.ts';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.ts';

/** One delivery to a custom channel's DeliveryUri: the JSON payload Pinpoint sends there. */
export interface WebhookDelivery {
  readonly messageId: string;
  readonly deliveryUri: string;
  readonly payload: unknown;
}

export interface WebhookSettings {
  /** PINION_WEBHOOK_SIGNING_SECRET: receivers check X-Pinion-Signature with it. */
  readonly signingSecret: string;
  readonly policy: DestinationPolicy;
  readonly timeoutMs: number;
}

export const WEBHOOK_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4_000 };
/** A receiver's answer is read up to this much (it only says accepted or not). */
const MAX_ANSWER_BYTES = 4096;

/**
 * The custom channel's transport: a signed POST of the payload to the receiver's https URL.
 * 2xx accepted; 429 throttled and 5xx or no answer temporary (both retried with backoff and full
 * jitter); other 4xx permanent. Redirects are not followed (the signature was for that URL).
 */
export class WebhookTransport {
  readonly name = 'webhook';
  readonly #settings: WebhookSettings;
  readonly #limiter: RateLimiter;
  readonly #now: () => Date;

  constructor(settings: WebhookSettings, limiter: RateLimiter, now: () => Date = () => new Date()) {
    this.#settings = settings;
    this.#limiter = limiter;
    this.#now = now;
  }

  async deliver(delivery: WebhookDelivery): Promise<DeliveryOutcome> {
    const problem = destinationProblem(delivery.deliveryUri, this.#settings.policy);
    if (problem !== undefined) return outcomes.permanent(`The DeliveryUri ${problem}`);
    const body = JSON.stringify(delivery.payload);
    return withRetries(
      WEBHOOK_RETRY,
      async () => {
        await this.#limiter.acquire();
        return this.#post(delivery, body);
      },
      (outcome) => outcome.status === 'THROTTLED' || outcome.status === 'TEMPORARY_FAILURE',
    );
  }

  #post(delivery: WebhookDelivery, body: string): Promise<DeliveryOutcome> {
    const url = new URL(delivery.deliveryUri);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const signature = signWebhook(this.#settings.signingSecret, body, Math.floor(this.#now().getTime() / 1000));
    return new Promise((resolve) => {
      // One deadline for the whole exchange: the socket timeout alone would let a receiver that
      // drips a byte now and then hold the delivery forever.
      let settled = false;
      const finish = (outcome: DeliveryOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(outcome);
      };
      const deadline = setTimeout(() => {
        request.destroy();
        finish(outcomes.temporary(`The receiver did not answer within ${this.#settings.timeoutMs} ms`));
      }, this.#settings.timeoutMs);
      const request = send(
        url,
        {
          method: 'POST',
          lookup: guardedLookup(this.#settings.policy),
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Pinion-Webhook/1', 'x-pinion-message-id': delivery.messageId, [SIGNATURE_HEADER]: signature },
        },
        (response) => {
          let answer = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            answer += chunk;
            // Enough to say what the receiver answered: the rest is not read.
            if (answer.length >= MAX_ANSWER_BYTES) {
              finish(classify(response.statusCode ?? 0, answer.slice(0, 300)));
              response.destroy();
            }
          });
          response.on('end', () => finish(classify(response.statusCode ?? 0, answer.slice(0, 300))));
          response.on('error', () => finish(outcomes.temporary('The receiver closed the connection mid-answer')));
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        finish(error.code === 'EPRIVATEADDRESS' ? outcomes.permanent('The DeliveryUri resolves to a private or reserved address') : outcomes.temporary(`The receiver could not be reached (${error.code ?? 'network error'})`));
      });
      request.end(body);
    });
  }
}

function classify(status: number, answer: string): DeliveryOutcome {
  if (status >= 200 && status < 300) return outcomes.accepted(`${status}`);
  if (status === 429) return outcomes.throttled(`The receiver answered 429${answer ? `: ${answer}` : ''}`);
  if (status >= 500 || status === 408) return outcomes.temporary(`The receiver answered ${status}`, status);
  if (status >= 300 && status < 400) return outcomes.permanent(`The receiver answered ${status} (redirects are not followed)`, status);
  return outcomes.permanent(`The receiver answered ${status}${answer ? `: ${answer}` : ''}`, status);
}

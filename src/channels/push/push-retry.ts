import type { RetryPolicy } from '../retry.ts';
import { backoffDelayMs } from '../retry.ts';
import type { PushOutcome } from '../transport.ts';

/**
 * Push services answer within a SendMessages request, so retries are few and short: three
 * attempts with full-jitter backoff, and a service's Retry-After honoured only up to
 * MAX_RETRY_AFTER_MS (a longer wait answers THROTTLED at once rather than hold the request).
 */
export const PUSH_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 2_000 };
export const MAX_RETRY_AFTER_MS = 5_000;

/** One attempt's answer: the outcome, and how long the service asked to wait before the next. */
export interface PushAttempt {
  readonly outcome: PushOutcome;
  readonly retryAfterMs?: number;
}

export function isRetryable(outcome: PushOutcome): boolean {
  return outcome.outcome.status === 'THROTTLED' || outcome.outcome.status === 'TEMPORARY_FAILURE';
}

/** Runs `attempt` until its outcome is final or the policy's attempts are spent; answers the last outcome. */
export async function sendWithRetries(policy: RetryPolicy, attempt: (n: number) => Promise<PushAttempt>, sleep: (ms: number) => Promise<void> = defaultSleep): Promise<PushOutcome> {
  let result = await attempt(0);
  for (let n = 1; n < policy.attempts && isRetryable(result.outcome); n += 1) {
    const asked = result.retryAfterMs ?? 0;
    if (asked > MAX_RETRY_AFTER_MS) break;
    await sleep(Math.max(asked, backoffDelayMs(policy, n - 1)));
    result = await attempt(n);
  }
  return result.outcome;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

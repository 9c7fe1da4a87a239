/**
 * Exponential backoff with full jitter (a random wait between 0 and base·2^attempt, capped): the
 * retries of many failing sends spread out instead of hitting a recovering relay together.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Runs `attempt` until it returns an answer that `retryable` does not ask to repeat, or the
 * policy's attempts are spent; answers the last result.
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: (n: number) => Promise<T>, retryable: (result: T) => boolean, sleep = defaultSleep): Promise<T> {
  let result = await attempt(0);
  for (let n = 1; n < policy.attempts && retryable(result); n += 1) {
    await sleep(backoffDelayMs(policy, n - 1));
    result = await attempt(n);
  }
  return result;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retry-After (delay-seconds or an HTTP date, as fetch or node:http give it) in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | null | undefined, now: number = Date.now()): number | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || text === null || text.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

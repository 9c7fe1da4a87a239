/**
 * A token bucket shared by every send through one transport: at most `perSecond` messages a
 * second on average, with bursts of up to one second's worth. `acquire` waits for a token instead
 * of failing, so a burst of requests is smoothed rather than refused.
 */
export class RateLimiter {
  readonly #perSecond: number;
  readonly #capacity: number;
  readonly #now: () => number;
  #tokens: number;
  #updated: number;
  /** Callers waiting, in order: each takes its token when enough have accrued. */
  #tail: Promise<void> = Promise.resolve();

  constructor(perSecond: number, now: () => number = () => performance.now()) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RangeError(`a rate limit is a positive number of messages per second, not ${perSecond}`);
    this.#perSecond = perSecond;
    this.#capacity = Math.max(1, perSecond);
    this.#now = now;
    this.#tokens = this.#capacity;
    this.#updated = now();
  }

  /** Resolves when the caller may send one message. */
  acquire(): Promise<void> {
    const turn = this.#tail.then(() => this.#take());
    this.#tail = turn;
    return turn;
  }

  async #take(): Promise<void> {
    for (;;) {
      const now = this.#now();
      this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#updated) / 1000) * this.#perSecond);
      this.#updated = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      const waitMs = ((1 - this.#tokens) / this.#perSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(waitMs)));
    }
  }
}

import type { DeliveryOutcome } from '../delivery-outcome.ts';
import { outcomes } from '../delivery-outcome.ts';

/**
 * A failure on the way to a push service (its OAuth token endpoint refused, a credential that
 * does not parse) that decides the message's outcome. Its message is the outcome's
 * StatusMessage: it names what failed, never a credential, token or key.
 */
export class PushFailure extends Error {
  readonly outcome: DeliveryOutcome;
  readonly retryAfterMs: number | undefined;

  constructor(outcome: DeliveryOutcome, retryAfterMs?: number) {
    super(outcome.statusMessage);
    this.name = 'PushFailure';
    this.outcome = outcome;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * A network error as a temporary failure: the error's code only (its message may quote a URL),
 * the underlying one when the error wraps it (an HTTP/2 stream cancelled because its session failed).
 */
export function unreachable(service: string, error: unknown): DeliveryOutcome {
  const failure = error as (NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }) | undefined;
  const code = failure?.cause?.code ?? failure?.code;
  return outcomes.temporary(`${service} could not be reached${code ? ` (${code})` : ''}`);
}

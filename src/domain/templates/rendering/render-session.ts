/**
 * Per-render state and the work limits that keep a hostile or careless template from hanging
 * or exhausting the process.
 *
 * Rendering is synchronous, so one module-level "current session" is enough: `renderMessagePart`
 * opens a session, Handlebars runs every helper on the same stack, and the session is closed in a
 * `finally`. Helpers read the clock and the UUID source from the session, never from the
 * environment, so a render is a pure function of (source, variables, options).
 *
 * Limits (all produce a clean `{ ok: false }`, never a hang or a crash):
 * - the finished text may be at most 10 MB (UTF-8 bytes);
 * - any single piece produced while rendering (a loop, a partial, a helper result) may be at most
 *   10 M characters, so an oversized result fails before it is concatenated further;
 * - at most 200,000 loop iterations, partial calls and helper calls per render;
 * - at most 64 M characters materialised in total across all loops and partials (nested loops
 *   count their inner output once per level: it is a measure of work, not of output size);
 * - partials may nest at most 64 deep (an inline partial that calls itself fails here).
 */

export const maxOutputBytes = 10 * 1024 * 1024;
export const maxPieceChars = 10 * 1024 * 1024;
export const maxSteps = 200_000;
export const maxMaterializedChars = 64 * 1024 * 1024;
export const maxPartialDepth = 64;

/** Thrown when a render exceeds one of the limits above. */
export class RenderLimitError extends Error {
  override name = 'RenderLimitError';
}

/** Thrown by helpers for bad arguments (a non-number to `divide`, an unknown time zone, …). */
export class HelperError extends Error {
  override name = 'HelperError';
}

/**
 * Steps shared by every render of one request (all parts of all its recipients): the per-render
 * limit alone would let one request with many recipients keep the process busy for tens of
 * seconds. A render that takes the budget below zero fails like one over its own limit.
 */
export interface RenderBudget {
  stepsLeft: number;
}

export interface RenderSession {
  readonly now: Date;
  readonly randomUUID: () => string;
  readonly budget: RenderBudget | undefined;
  steps: number;
  materialized: number;
  partialDepth: number;
}

let current: RenderSession | undefined;

export function newSession(now: Date, randomUUID: () => string, budget?: RenderBudget): RenderSession {
  return { now, randomUUID, budget, steps: 0, materialized: 0, partialDepth: 0 };
}

/** Runs `body` with `session` as the current session; restores the previous one afterwards. */
export function runInSession<T>(session: RenderSession, body: () => T): T {
  const previous = current;
  current = session;
  try {
    return body();
  } finally {
    current = previous;
  }
}

/** The session of the render in progress; helpers call this for the clock and UUID source. */
export function activeSession(): RenderSession {
  if (!current) throw new HelperError('template helpers can only run inside renderMessagePart');
  return current;
}

/** Counts `steps` units of work and `producedChars` characters of output against the limits. */
export function charge(steps: number, producedChars = 0): void {
  const session = current;
  if (!session) return;
  if (producedChars > maxPieceChars) {
    throw new RenderLimitError('The rendered message would be larger than 10 MB');
  }
  session.steps += steps;
  session.materialized += producedChars;
  if (session.budget) {
    session.budget.stepsLeft -= steps;
    if (session.budget.stepsLeft < 0) {
      throw new RenderLimitError('The messages of this request do too much template work in all (loop iterations, partial calls and helper calls); this one was not rendered');
    }
  }
  if (session.steps > maxSteps) {
    throw new RenderLimitError(
      `The template does too much work: more than ${maxSteps} loop iterations, partial calls and helper calls`,
    );
  }
  if (session.materialized > maxMaterializedChars) {
    throw new RenderLimitError('The template does too much work: its loops and partials produce more than 64 M characters');
  }
}

/** Tracks partial nesting around `body`. */
export function withinPartial<T>(body: () => T): T {
  const session = current;
  if (!session) return body();
  if (session.partialDepth >= maxPartialDepth) {
    throw new RenderLimitError(`Partials are nested more than ${maxPartialDepth} deep (does a partial call itself?)`);
  }
  session.partialDepth += 1;
  try {
    return body();
  } finally {
    session.partialDepth -= 1;
  }
}

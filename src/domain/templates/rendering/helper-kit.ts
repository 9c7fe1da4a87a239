/**
 * Shared plumbing for Pinpoint's helpers: how argument values are read (text, numbers,
 * truthiness, the one-element lists that Pinpoint attributes always are) and how a helper is
 * wrapped so that it is charged against the render limits.
 */
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { HelperError, charge } from './render-session.ts';

/**
 * Handlebars passes `ids`/`hashIds` when templates are compiled with `trackIds`: for each argument
 * written as a bare path it holds the path text, for literals null. We use it to accept Pinpoint's
 * documented unquoted words (`tz=America/Los_Angeles`, `{{inflect 3 apple apples}}`).
 */
export interface PinpointHelperOptions extends HelperOptions {
  ids?: unknown[];
  hashIds?: Record<string, unknown>;
}

export type HelperBody = (this: unknown, args: unknown[], options: PinpointHelperOptions) => unknown;

/** Wraps a helper body: splits the Handlebars options off, charges one step and the output size. */
export function defineHelper(body: HelperBody): HelperDelegate {
  return function pinpointHelper(this: unknown, ...raw: unknown[]): unknown {
    const options = raw.pop() as PinpointHelperOptions;
    charge(1);
    const result = body.call(this, raw, options);
    if (typeof result === 'string') charge(0, result.length);
    return result;
  };
}

/** True when the helper was used as a block (`{{#eq a b}}…{{/eq}}`). */
export function isBlock(options: PinpointHelperOptions): boolean {
  return typeof options.fn === 'function';
}

export function hasHash(options: PinpointHelperOptions, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(options.hash, key) && options.hash[key] !== undefined;
}

export function isMissing(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** Pinpoint stores attributes as lists; a one-element list stands for its only value. */
export function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

/**
 * The text of a value, as a helper sees it: missing → '', a list → its items joined with ','
 * (which is also how a list renders when a template references it directly), a SafeString → its
 * text, a Date → ISO 8601. Plain objects have no meaningful text and read as ''.
 */
export function text(value: unknown): string {
  if (isMissing(value)) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map((item) => text(item)).join(',');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object' && typeof (value as { toHTML?: unknown }).toHTML === 'function') {
    return String((value as { toString(): string }).toString());
  }
  return '';
}

const numeric = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a value stands for, or undefined when it is not numeric. */
export function numberOrUndefined(value: unknown): number | undefined {
  const v = single(value);
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const trimmed = v.trim();
    return numeric.test(trimmed) ? Number(trimmed) : undefined;
  }
  return undefined;
}

/** The number a value stands for; throws a HelperError naming the helper when it is not numeric. */
export function requireNumber(value: unknown, helper: string, what = 'the value'): number {
  const n = numberOrUndefined(value);
  if (n === undefined) {
    const shown = isMissing(single(value)) ? 'nothing' : `"${abbreviateForMessage(text(value))}"`;
    throw new HelperError(`${helper}: ${what} must be a number, got ${shown}`);
  }
  return n;
}

/** A non-negative integer argument (widths, offsets), capped so no helper can build a huge string. */
export function requireCount(value: unknown, helper: string, what: string, max: number): number {
  const n = requireNumber(value, helper, what);
  if (!Number.isInteger(n)) throw new HelperError(`${helper}: ${what} must be a whole number, got ${n}`);
  if (n < 0) throw new HelperError(`${helper}: ${what} must not be negative, got ${n}`);
  if (n > max) throw new HelperError(`${helper}: ${what} must be at most ${max}, got ${n}`);
  return n;
}

/** Handlebars truthiness (as `{{#if}}` sees it): missing, false, '', 0, NaN and [] are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/**
 * An argument that Pinpoint's documentation writes as a bare word (`tz=America/Los_Angeles`,
 * `{{inflect 3 apple apples}}`): when the word does not name a variable it resolves to undefined,
 * so fall back to the word itself. Only undotted words qualify: a dotted path such as
 * `tz=Demographic.Timezone` is a variable reference, and when it is missing it stays missing.
 */
export function wordArgument(value: unknown, id: unknown): unknown {
  if (value !== undefined || typeof id !== 'string' || id === '') return value;
  if (id.includes('.') || id.startsWith('@') || id === 'true') return value;
  return id;
}

export function positionalWord(args: unknown[], options: PinpointHelperOptions, index: number): unknown {
  return wordArgument(args[index], options.ids?.[index]);
}

export function hashWord(options: PinpointHelperOptions, key: string): unknown {
  const value = Object.prototype.hasOwnProperty.call(options.hash, key) ? options.hash[key] : undefined;
  return wordArgument(value, options.hashIds?.[key]);
}

export function abbreviateForMessage(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}

export function requireArgs(args: unknown[], helper: string, min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new HelperError(`${helper}: expects ${wanted} argument${wanted === '1' ? '' : 's'}, got ${args.length}`);
  }
}

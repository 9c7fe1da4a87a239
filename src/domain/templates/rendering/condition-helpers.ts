/**
 * Pinpoint's conditional helpers: and, or, eq, neq, gt, gte, lt, lte, not.
 *
 * Each works inline or as a block (Pinpoint user guide, "Using message template helpers",
 * section "Conditional helpers"):
 * - block: `{{#eq a b}}yes part{{else}}no part{{/eq}}`;
 * - inline: `{{eq a b}}` renders `true` or `false`; `{{eq a b yes='y' no='n'}}` renders `y`/`n`,
 *   and a subexpression `(eq a b)` gives a boolean to other helpers (`{{#and (eq …) (eq …)}}`).
 *
 * Values: a one-element list (how Pinpoint stores every attribute) compares as its only value.
 * Two values that both read as numbers (`"17"`, `17`, `"17.0"`) compare as numbers, so
 * `{{#gt User.UserAttributes.UserAge "17"}}` means what the guide's example means; anything else
 * compares as text. A missing value equals only another missing value and is neither greater nor
 * less than anything. `and`/`or`/`not` use Handlebars truthiness (missing, false, '', 0 and an
 * empty list are false).
 */
import type Handlebars from 'handlebars';
import {
  defineHelper, hasHash, isBlock, isMissing, numberOrUndefined, requireArgs, single, text, truthy,
  type PinpointHelperOptions,
} from './helper-kit.ts';

function conclude(context: unknown, result: boolean, options: PinpointHelperOptions): unknown {
  if (isBlock(options)) return result ? options.fn(context) : options.inverse(context);
  if (result) return hasHash(options, 'yes') ? options.hash.yes : true;
  return hasHash(options, 'no') ? options.hash.no : false;
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  const x = single(a);
  const y = single(b);
  if (isMissing(x) || isMissing(y)) return isMissing(x) && isMissing(y);
  const nx = numberOrUndefined(x);
  const ny = numberOrUndefined(y);
  if (nx !== undefined && ny !== undefined) return nx === ny;
  return text(x) === text(y);
}

/** Negative, zero or positive like a comparator; undefined when either side is missing. */
export function compareValues(a: unknown, b: unknown): number | undefined {
  const x = single(a);
  const y = single(b);
  if (isMissing(x) || isMissing(y)) return undefined;
  const nx = numberOrUndefined(x);
  const ny = numberOrUndefined(y);
  if (nx !== undefined && ny !== undefined) return nx - ny;
  const tx = text(x);
  const ty = text(y);
  return tx < ty ? -1 : tx > ty ? 1 : 0;
}

function comparison(name: string, test: (order: number) => boolean) {
  return defineHelper(function (this: unknown, args, options) {
    requireArgs(args, name, 2);
    const order = compareValues(args[0], args[1]);
    return conclude(this, order !== undefined && test(order), options);
  });
}

export function registerConditionHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('eq', defineHelper(function (this: unknown, args, options) {
    requireArgs(args, 'eq', 2);
    return conclude(this, valuesEqual(args[0], args[1]), options);
  }));
  hb.registerHelper('neq', defineHelper(function (this: unknown, args, options) {
    requireArgs(args, 'neq', 2);
    return conclude(this, !valuesEqual(args[0], args[1]), options);
  }));
  hb.registerHelper('gt', comparison('gt', (order) => order > 0));
  hb.registerHelper('gte', comparison('gte', (order) => order >= 0));
  hb.registerHelper('lt', comparison('lt', (order) => order < 0));
  hb.registerHelper('lte', comparison('lte', (order) => order <= 0));
  // The guide: "You must pass at least two elements for the condition."
  hb.registerHelper('and', defineHelper(function (this: unknown, args, options) {
    requireArgs(args, 'and', 2, Infinity);
    return conclude(this, args.every((value) => truthy(value)), options);
  }));
  hb.registerHelper('or', defineHelper(function (this: unknown, args, options) {
    requireArgs(args, 'or', 2, Infinity);
    return conclude(this, args.some((value) => truthy(value)), options);
  }));
  hb.registerHelper('not', defineHelper(function (this: unknown, args, options) {
    requireArgs(args, 'not', 1);
    return conclude(this, !truthy(args[0]), options);
  }));
}

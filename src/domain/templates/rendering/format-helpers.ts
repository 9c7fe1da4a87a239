/**
 * Pinpoint's layout and list helpers: center, ljust, rjust, join, inflect, ordinalize
 * (Pinpoint user guide, "Using message template helpers", section "String helpers").
 *
 * Padding widths count characters (code points) and may not exceed 10 M, so no template can ask
 * for a gigabyte of spaces. The pad may be several characters; it repeats and is cut to fit.
 */
import type Handlebars from 'handlebars';
import { HelperError, maxPieceChars } from './render-session.ts';
import {
  defineHelper, hasHash, isMissing, positionalWord, requireArgs, requireCount, requireNumber, single, text,
  truthy,
} from './helper-kit.ts';

function padding(length: number, pad: string): string {
  if (length <= 0) return '';
  const unit = pad === '' ? ' ' : pad;
  const unitChars = [...unit].length;
  const repeated = unit.repeat(Math.ceil(length / unitChars));
  // Without surrogate pairs one character is one UTF-16 unit and slice() is exact.
  return unitChars === unit.length ? repeated.slice(0, length) : [...repeated].slice(0, length).join('');
}

function padOption(hash: Record<string, unknown>): string {
  return Object.prototype.hasOwnProperty.call(hash, 'pad') && !isMissing(hash.pad) ? text(hash.pad) : ' ';
}

export function padEnd(value: string, width: number, pad: string): string {
  return value + padding(width - [...value].length, pad);
}

export function padStart(value: string, width: number, pad: string): string {
  return padding(width - [...value].length, pad) + value;
}

/** The left side gets the smaller half of the padding, the right side the rest. */
export function centerText(value: string, width: number, pad: string): string {
  const missing = width - [...value].length;
  if (missing <= 0) return value;
  const left = Math.floor(missing / 2);
  return padding(left, pad) + value + padding(missing - left, pad);
}

export function ordinal(n: number): string {
  const abs = Math.abs(n);
  const lastTwo = abs % 100;
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][abs % 10] ?? 'th';
  return `${n}${suffix}`;
}

export function registerFormatHelpers(hb: typeof Handlebars): void {
  // {{center value size=X [pad=" "]}} (the width may also be given as the second argument).
  hb.registerHelper('center', defineHelper((args, options) => {
    requireArgs(args, 'center', 1, 2);
    const size = hasHash(options, 'size') ? options.hash.size : args[1];
    const width = requireCount(size, 'center', 'size', maxPieceChars);
    return centerText(text(args[0]), width, padOption(options.hash));
  }));

  // {{ljust value X [pad=" "]}}: the value on the left, padded on the right to X characters.
  hb.registerHelper('ljust', defineHelper((args, options) => {
    requireArgs(args, 'ljust', 2);
    const width = requireCount(args[1], 'ljust', 'the width', maxPieceChars);
    return padEnd(text(args[0]), width, padOption(options.hash));
  }));

  // {{rjust value X [pad=" "]}}: the value on the right, padded on the left to X characters.
  hb.registerHelper('rjust', defineHelper((args, options) => {
    requireArgs(args, 'rjust', 2);
    const width = requireCount(args[1], 'rjust', 'the width', maxPieceChars);
    return padStart(text(args[0]), width, padOption(options.hash));
  }));

  // {{join list ", " [prefix=""] [suffix=""]}}: the last argument is the separator. With one
  // list argument its items are joined; with several arguments the arguments themselves are.
  // A missing list renders nothing (prefix and suffix included).
  hb.registerHelper('join', defineHelper((args, options) => {
    requireArgs(args, 'join', 2, Infinity);
    const separator = text(args[args.length - 1]);
    const values = args.slice(0, -1);
    const first = values[0];
    const items = values.length === 1 ? (Array.isArray(first) ? first : isMissing(first) ? [] : [first]) : values;
    if (items.length === 0) return '';
    const prefix = hasHash(options, 'prefix') ? text(options.hash.prefix) : '';
    const suffix = hasHash(options, 'suffix') ? text(options.hash.suffix) : '';
    const joined = items.map((item) => text(item)).join(separator);
    if (joined.length > maxPieceChars) throw new HelperError('join: the result would be larger than 10 MB');
    return prefix + joined + suffix;
  }));

  // {{inflect count singular plural [includeCount=false]}}: singular when count is 1, else plural.
  // The words may be unquoted, as in the guide's `{{inflect 3 apple apples}}`.
  hb.registerHelper('inflect', defineHelper((args, options) => {
    requireArgs(args, 'inflect', 3);
    const count = requireNumber(args[0], 'inflect', 'the count');
    const word = text(positionalWord(args, options, count === 1 ? 1 : 2));
    const includeCount = hasHash(options, 'includeCount') && truthy(options.hash.includeCount);
    return includeCount ? `${count} ${word}` : word;
  }));

  // {{ordinalize number}}: 1 → 1st, 2 → 2nd, 11 → 11th, 22 → 22nd. Only whole numbers are
  // supported; a missing value renders nothing.
  hb.registerHelper('ordinalize', defineHelper((args) => {
    requireArgs(args, 'ordinalize', 1);
    if (isMissing(single(args[0])) || text(args[0]) === '') return '';
    const n = requireNumber(args[0], 'ordinalize', 'the value');
    if (!Number.isInteger(n)) throw new HelperError(`ordinalize: the value must be a whole number, got ${n}`);
    return ordinal(n);
  }));
}

/**
 * Pinpoint's string helpers that transform one value: abbreviate, capitalize, capitalizeFirst,
 * cut, lower, upper, replace, slugify, stripTags, substring, yesno
 * (Pinpoint user guide, "Using message template helpers", section "String helpers").
 *
 * Shared rules: the value is read as text (a list reads as its items joined with ',', so
 * `{{upper User.UserAttributes.LastName}}` works for the usual one-value list just like
 * `{{upper User.UserAttributes.LastName.[0]}}`); a missing value gives '' rather than an error,
 * matching Pinpoint's "missing variables render blank". Bad arguments (a negative width,
 * a non-number offset) fail the render with a message naming the helper.
 */
import type Handlebars from 'handlebars';
import { HelperError, maxPieceChars } from './render-session.ts';
import {
  defineHelper, hasHash, isMissing, requireArgs, requireCount, single, text, truthy,
} from './helper-kit.ts';

/** Code-point aware: the first character, whatever plane it is in. */
function splitFirst(value: string): [string, string] {
  const first = String.fromCodePoint(value.codePointAt(0) ?? 0);
  return value === '' ? ['', ''] : [first, value.slice(first.length)];
}

export function capitalizeWords(value: string, fully: boolean): string {
  const base = fully ? value.toLowerCase() : value;
  return base.replace(/(^|\s)(\S)/gu, (_match, space: string, letter: string) => space + letter.toUpperCase());
}

export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

const tag = /<!--[\s\S]*?-->|<[!?][^<>]*>|<\/?[A-Za-z][^<>]*>/g;

export function stripTags(value: string): string {
  return value.replace(tag, '');
}

/** Literal (not pattern) replacement of every occurrence, refusing results over the size limit. */
export function replaceAllLiteral(value: string, search: string, replacement: string): string {
  if (search === '') return value;
  const parts = value.split(search);
  const size = value.length + (parts.length - 1) * (replacement.length - search.length);
  if (size > maxPieceChars) throw new HelperError('replace: the result would be larger than 10 MB');
  return parts.join(replacement);
}

function yesNoValue(value: unknown): 'yes' | 'no' | 'maybe' {
  const v = single(value);
  if (isMissing(v) || v === '' || (Array.isArray(v) && v.length === 0)) return 'maybe';
  if (typeof v === 'string') {
    const lowered = v.trim().toLowerCase();
    if (lowered === 'true') return 'yes';
    if (lowered === 'false') return 'no';
  }
  return truthy(v) ? 'yes' : 'no';
}

export function registerStringHelpers(hb: typeof Handlebars): void {
  // {{abbreviate value X}}: at most X characters, the last three being "..." when truncated.
  hb.registerHelper('abbreviate', defineHelper((args) => {
    requireArgs(args, 'abbreviate', 2);
    const width = requireCount(args[1], 'abbreviate', 'the width', maxPieceChars);
    if (width < 4) throw new HelperError(`abbreviate: the width must be at least 4, got ${width}`);
    const value = text(args[0]);
    const chars = [...value];
    return chars.length <= width ? value : `${chars.slice(0, width - 3).join('')}...`;
  }));

  // {{capitalize value [fully=true]}}: upper-cases the first letter of each word; `fully`
  // lower-cases the rest of each word first.
  hb.registerHelper('capitalize', defineHelper((args, options) => {
    requireArgs(args, 'capitalize', 1);
    return capitalizeWords(text(args[0]), hasHash(options, 'fully') && truthy(options.hash.fully));
  }));

  hb.registerHelper('capitalizeFirst', defineHelper((args) => {
    requireArgs(args, 'capitalizeFirst', 1);
    const [first, rest] = splitFirst(text(args[0]));
    return first.toUpperCase() + rest;
  }));

  // {{cut value [" "]}}: removes every occurrence of the string (a space when not given).
  hb.registerHelper('cut', defineHelper((args) => {
    requireArgs(args, 'cut', 1, 2);
    const search = args.length > 1 ? text(args[1]) : ' ';
    return search === '' ? text(args[0]) : text(args[0]).split(search).join('');
  }));

  hb.registerHelper('lower', defineHelper((args) => {
    requireArgs(args, 'lower', 1);
    return text(args[0]).toLowerCase();
  }));

  hb.registerHelper('upper', defineHelper((args) => {
    requireArgs(args, 'upper', 1);
    return text(args[0]).toUpperCase();
  }));

  // {{replace value "search" "replacement"}}: literal text, no wildcards or patterns.
  hb.registerHelper('replace', defineHelper((args) => {
    requireArgs(args, 'replace', 3);
    return replaceAllLiteral(text(args[0]), text(args[1]), text(args[2]));
  }));

  hb.registerHelper('slugify', defineHelper((args) => {
    requireArgs(args, 'slugify', 1);
    return slugify(text(args[0]));
  }));

  hb.registerHelper('stripTags', defineHelper((args) => {
    requireArgs(args, 'stripTags', 1);
    return stripTags(text(args[0]));
  }));

  // {{substring value start [end]}}: characters start (inclusive) to end (exclusive); offsets past
  // the end are clamped; negative offsets are refused, as the guide says they are unsupported.
  hb.registerHelper('substring', defineHelper((args) => {
    requireArgs(args, 'substring', 2, 3);
    const chars = [...text(args[0])];
    const start = requireCount(args[1], 'substring', 'the start offset', Number.MAX_SAFE_INTEGER);
    const end = args.length > 2 && !isMissing(args[2])
      ? requireCount(args[2], 'substring', 'the end offset', Number.MAX_SAFE_INTEGER)
      : chars.length;
    return start >= end ? '' : chars.slice(start, end).join('');
  }));

  // {{yesno value [yes="yes"] [no="no"] [maybe="maybe"]}}: true → yes, false → no,
  // missing → maybe. "true"/"false" text (attributes are text) counts as the boolean.
  hb.registerHelper('yesno', defineHelper((args, options) => {
    requireArgs(args, 'yesno', 1);
    const which = yesNoValue(args[0]);
    return hasHash(options, which) ? text(options.hash[which]) : which;
  }));
}

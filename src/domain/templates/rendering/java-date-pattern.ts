/**
 * Java `SimpleDateFormat` patterns, which Pinpoint's `dateFormat` and `now` helpers take
 * (the guide links the SimpleDateFormat reference), rendered with luxon.
 *
 * Formatting supports these letters, with Java's meaning of the letter count
 * (numbers are zero-padded to the count; text is short below four letters, full from four):
 *   G era (AD) · y year (yy = two digits) · Y week year (ISO) · M/L month (M, MM, MMM, MMMM) ·
 *   w week of year (ISO) · D day of year · d day of month · E day name (EEE, EEEE) ·
 *   u day number of week (1 = Monday) · a AM/PM · H hour 0–23 · k hour 1–24 · K hour 0–11 ·
 *   h hour 1–12 · m minute · s second · S millisecond · z zone name (PDT; zzzz: Pacific Daylight
 *   Time) · Z offset (-0700) · X ISO offset (X: -07, XX: -0700, XXX: -07:00, Z for UTC) ·
 *   'quoted text' · '' for a single quote. Any other ASCII letter is an error, as in Java.
 * Names are English (en-US): Pinpoint documents no locale option.
 * Week-based fields (Y, w) follow ISO 8601 rather than Java's locale-dependent weeks.
 *
 * Reading dates (`inputFormat`) translates the pattern to luxon's own tokens and supports the
 * letters y M d E a H h m s S z Z X and quoted text.
 */
import type { DateTime } from 'luxon';
import { HelperError } from './render-session.ts';

export type PatternToken = { kind: 'field'; letter: string; count: number } | { kind: 'literal'; text: string };

const formatLetters = new Set('GyYMLwDdEuaHkKhmsSzZX');

/** Splits a pattern into letter runs and literal text; throws on an unterminated quote. */
export function tokenizePattern(pattern: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  const pushLiteral = (literal: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += literal;
    else tokens.push({ kind: 'literal', text: literal });
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "'") {
      if (pattern.charAt(i + 1) === "'") {
        pushLiteral("'");
        i += 2;
        continue;
      }
      let j = i + 1;
      let quoted = '';
      for (;;) {
        if (j >= pattern.length) throw new HelperError(`unterminated quote in date pattern "${pattern}"`);
        if (pattern.charAt(j) === "'") {
          if (pattern.charAt(j + 1) === "'") {
            quoted += "'";
            j += 2;
            continue;
          }
          break;
        }
        quoted += pattern.charAt(j);
        j += 1;
      }
      pushLiteral(quoted);
      i = j + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern.charAt(j) === c) j += 1;
      tokens.push({ kind: 'field', letter: c, count: j - i });
      i = j;
    } else {
      pushLiteral(c);
      i += 1;
    }
  }
  return tokens;
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function pad(value: number, count: number): string {
  const digits = String(Math.abs(value)).padStart(count, '0');
  return value < 0 ? `-${digits}` : digits;
}

function name(names: string[], index: number, count: number): string {
  const full = names[index] ?? '';
  return count >= 4 ? full : full.slice(0, 3);
}

function year(value: number, count: number): string {
  return count === 2 ? pad(((value % 100) + 100) % 100, 2) : pad(value, count);
}

function offset(minutes: number, separator: string, withMinutes: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hours = pad(Math.floor(abs / 60), 2);
  return withMinutes ? `${sign}${hours}${separator}${pad(abs % 60, 2)}` : `${sign}${hours}`;
}

function field(dt: DateTime, letter: string, count: number): string {
  switch (letter) {
    case 'G': return dt.year > 0 ? 'AD' : 'BC';
    case 'y': return year(dt.year, count);
    case 'Y': return year(dt.weekYear, count);
    case 'M':
    case 'L': return count >= 3 ? name(monthNames, dt.month - 1, count) : pad(dt.month, count);
    case 'w': return pad(dt.weekNumber, count);
    case 'D': return pad(dt.ordinal, count);
    case 'd': return pad(dt.day, count);
    case 'E': return name(dayNames, dt.weekday - 1, count);
    case 'u': return pad(dt.weekday, count);
    case 'a': return dt.hour < 12 ? 'AM' : 'PM';
    case 'H': return pad(dt.hour, count);
    case 'k': return pad(dt.hour === 0 ? 24 : dt.hour, count);
    case 'K': return pad(dt.hour % 12, count);
    case 'h': return pad(dt.hour % 12 === 0 ? 12 : dt.hour % 12, count);
    case 'm': return pad(dt.minute, count);
    case 's': return pad(dt.second, count);
    case 'S': return pad(dt.millisecond, count);
    case 'z': {
      const zoneName = count >= 4 ? dt.offsetNameLong : dt.offsetNameShort;
      return zoneName ?? offset(dt.offset, ':', true);
    }
    case 'Z': return offset(dt.offset, '', true);
    case 'X':
      if (count > 3) throw new HelperError(`date pattern letter X may be repeated at most 3 times`);
      if (dt.offset === 0) return 'Z';
      return count === 1 ? offset(dt.offset, '', false) : offset(dt.offset, count === 3 ? ':' : '', true);
    default:
      throw new HelperError(`date pattern letter '${letter}' is not supported`);
  }
}

/** Formats `dt` (already in the wanted zone) with a Java pattern. */
export function formatWithPattern(dt: DateTime, pattern: string): string {
  const tokens = tokenizePattern(pattern);
  for (const token of tokens) {
    if (token.kind === 'field' && !formatLetters.has(token.letter)) {
      throw new HelperError(`date pattern letter '${token.letter}' is not supported (in "${pattern}")`);
    }
  }
  const dtEnglish = dt.setLocale('en-US');
  return tokens.map((token) => (token.kind === 'literal' ? token.text : field(dtEnglish, token.letter, token.count))).join('');
}

function luxonToken(letter: string, count: number, pattern: string): string {
  switch (letter) {
    case 'y': return count === 2 ? 'yy' : 'y';
    case 'M':
    case 'L': return count >= 4 ? 'MMMM' : count === 3 ? 'MMM' : count === 2 ? 'MM' : 'M';
    case 'd': return count >= 2 ? 'dd' : 'd';
    case 'E': return count >= 4 ? 'EEEE' : 'EEE';
    case 'a': return 'a';
    case 'H': return count >= 2 ? 'HH' : 'H';
    case 'h': return count >= 2 ? 'hh' : 'h';
    case 'm': return count >= 2 ? 'mm' : 'm';
    case 's': return count >= 2 ? 'ss' : 's';
    case 'S': return count >= 3 ? 'SSS' : 'S';
    case 'z': return 'z';
    case 'Z': return 'ZZZ';
    case 'X': return count === 3 ? 'ZZ' : count === 2 ? 'ZZZ' : 'Z';
    default:
      throw new HelperError(`date pattern letter '${letter}' cannot be used to read dates (in "${pattern}")`);
  }
}

/** Translates a Java pattern to a luxon `fromFormat` format (letters quoted, other text as is). */
export function luxonParseFormat(pattern: string): string {
  return tokenizePattern(pattern)
    .map((token) => {
      if (token.kind === 'field') return luxonToken(token.letter, token.count, pattern);
      if (token.text.includes("'")) {
        throw new HelperError(`a quote character cannot be used to read dates (in "${pattern}")`);
      }
      return /[A-Za-z]/.test(token.text) ? `'${token.text}'` : token.text;
    })
    .join('');
}

/** The date styles Pinpoint names, as the en-US patterns Java uses for them. */
export const dateStyles: Readonly<Record<string, string>> = {
  full: 'EEEE, MMMM d, y',
  long: 'MMMM d, y',
  medium: 'MMM d, y',
  short: 'M/d/yy',
};

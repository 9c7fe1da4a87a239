/**
 * Pinpoint's date helpers (user guide, "Using message template helpers", `dateFormat` and `now`):
 *
 *   {{dateFormat date [inputFormat="MM/dd/yyyy"] [outputFormat="full"] [tz=America/Los_Angeles]}}
 *   {{now ["format"] [tz=America/Los_Angeles]}}
 *
 * The format is one of the styles `full` (Saturday, September 19, 2020), `long`
 * (September 19, 2020), `medium` (Sep 19, 2020, the default) or `short` (9/19/20), or else a Java
 * SimpleDateFormat pattern (see java-date-pattern.ts). `dateFormat` also accepts the format as
 * its second argument or as `format=`, like the Handlebars.java helper the names come from.
 *
 * Time zones are IANA ids; the guide writes them unquoted (`tz=America/Los_Angeles`), which we
 * accept as well as quoted text. Without `tz` dates are read and shown in UTC. An unknown zone
 * fails the render rather than silently falling back. Pinpoint documents no locale option:
 * names are English (en-US).
 *
 * Reading the date: with `inputFormat` the text must match that pattern (read in `tz`);
 * without it ISO 8601 (`2020-09-19`, `2019-08-23T10:54:35.220Z`, as Pinpoint stores
 * CreationDate and EffectiveDate), SQL-style `2020-09-19 10:00:00`, RFC 2822 and HTTP dates are
 * understood, and a number is milliseconds since the epoch. A missing date renders nothing; an
 * unreadable one fails the render.
 */
import { DateTime } from 'luxon';
import type Handlebars from 'handlebars';
import { HelperError, activeSession } from './render-session.ts';
import {
  abbreviateForMessage, defineHelper, hashWord, isMissing, positionalWord, requireArgs, single, text,
  type PinpointHelperOptions,
} from './helper-kit.ts';
import { dateStyles, formatWithPattern, luxonParseFormat } from './java-date-pattern.ts';

export function zoneOption(options: PinpointHelperOptions, helper: string): string {
  const tz = hashWord(options, 'tz');
  if (isMissing(tz) || text(tz) === '') return 'UTC';
  const zone = text(tz);
  if (!DateTime.fromMillis(0, { zone }).isValid) throw new HelperError(`${helper}: unknown time zone "${abbreviateForMessage(zone)}"`);
  return zone;
}

/** Formats with a style name (case-insensitive) or a Java pattern; the default is `medium`. */
export function formatDate(dt: DateTime, format: string | undefined): string {
  const chosen = format === undefined || format === '' ? 'medium' : format;
  const pattern = dateStyles[chosen.toLowerCase()] ?? chosen;
  return formatWithPattern(dt, pattern);
}

function readText(value: string, zone: string, inputFormat: string | undefined): DateTime {
  if (inputFormat !== undefined) {
    const parsed = DateTime.fromFormat(value, luxonParseFormat(inputFormat), { zone, locale: 'en-US' });
    if (!parsed.isValid) {
      throw new HelperError(`dateFormat: "${abbreviateForMessage(value)}" does not match inputFormat "${inputFormat}"`);
    }
    return parsed;
  }
  const readers = [
    () => DateTime.fromISO(value, { zone }),
    () => DateTime.fromSQL(value, { zone }),
    () => DateTime.fromRFC2822(value, { zone }),
    () => DateTime.fromHTTP(value, { zone }),
    () => (/^-?\d{9,}$/.test(value) ? DateTime.fromMillis(Number(value), { zone }) : DateTime.invalid('not epoch')),
  ];
  for (const read of readers) {
    const parsed = read();
    if (parsed.isValid) return parsed;
  }
  throw new HelperError(`dateFormat: cannot read "${abbreviateForMessage(value)}" as a date; give inputFormat="…"`);
}

/** The instant a template value stands for, in `zone`; undefined when the value is missing. */
export function readDate(value: unknown, zone: string, inputFormat: string | undefined): DateTime | undefined {
  const v = single(value);
  if (isMissing(v)) return undefined;
  let parsed: DateTime;
  if (v instanceof Date) parsed = DateTime.fromJSDate(v, { zone });
  else if (typeof v === 'number') parsed = DateTime.fromMillis(v, { zone });
  else {
    const raw = text(v).trim();
    if (raw === '') return undefined;
    parsed = readText(raw, zone, inputFormat);
  }
  if (!parsed.isValid) throw new HelperError('dateFormat: the date is out of range');
  return parsed.setZone(zone);
}

function optionalText(value: unknown): string | undefined {
  return isMissing(value) ? undefined : text(value);
}

export function registerDateHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('dateFormat', defineHelper((args, options) => {
    requireArgs(args, 'dateFormat', 1, 2);
    const zone = zoneOption(options, 'dateFormat');
    const inputFormat = optionalText(options.hash.inputFormat);
    const format = optionalText(hashWord(options, 'outputFormat'))
      ?? optionalText(hashWord(options, 'format'))
      ?? optionalText(positionalWord(args, options, 1));
    const dt = readDate(args[0], zone, inputFormat);
    return dt === undefined ? '' : formatDate(dt, format);
  }));

  hb.registerHelper('now', defineHelper((args, options) => {
    requireArgs(args, 'now', 0, 1);
    const zone = zoneOption(options, 'now');
    const format = optionalText(positionalWord(args, options, 0)) ?? optionalText(hashWord(options, 'format'));
    const current = DateTime.fromJSDate(activeSession().now, { zone });
    if (!current.isValid) throw new HelperError('now: the render clock does not hold a valid date');
    return formatDate(current, format);
  }));
}

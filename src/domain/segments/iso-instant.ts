/**
 * The ISO-8601 texts segment dimensions compare as instants (attribute values under BEFORE, AFTER,
 * ON and BETWEEN, and the values of those dimensions): a date, or a date-time with optional
 * seconds, fraction (up to 9 digits, read to the millisecond) and offset (Z, ±HH:MM or ±HHMM).
 *
 * A text without an offset is read as UTC, not as the server's local time (which is what
 * Date.parse would do): the databases read stored values the same way
 * (storage/segments/json-sql.ts), so a value and a criterion always agree.
 */
const isoInstant = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const DAY_MS = 86_400_000;

/**
 * Milliseconds since the epoch, or undefined when the text is not such an instant. Day numbers
 * past the month's end roll over (2026-02-30 is March 2nd), as SQLite and V8 read them. Year 0000
 * is refused: PostgreSQL has no year zero.
 */
export function isoInstantMs(text: string): number | undefined {
  const match = isoInstant.exec(text);
  if (!match || match[1] === '0000') return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = match;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const first = new Date(0);
  first.setUTCFullYear(Number(year), Number(month) - 1, 1);
  first.setUTCHours(Number(hour), Number(minute), Number(second), millis);
  const local = first.getTime() + (Number(day) - 1) * DAY_MS;
  if (zone === 'Z') return local;
  const digits = zone.replace(':', '');
  const offsetMinutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return local - (zone.startsWith('-') ? -1 : 1) * offsetMinutes * 60_000;
}

/** The UTC day number (days since 1970-01-01) of an instant: what ON compares. */
export function utcDayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

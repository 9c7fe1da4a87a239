/** SigV4's timestamp form, YYYYMMDD'T'HHMMSS'Z' ("ISO 8601 basic"), always UTC. */
const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

// Requests signed within the same second share their timestamp: remember the last one parsed.
let lastText: string | undefined;
let lastMillis = 0;

/** Parses a basic-format timestamp; undefined unless it names a real instant (no month 13). */
export function parseAmzDate(value: string): Date | undefined {
  if (value === lastText) return new Date(lastMillis);
  const parsed = parseUncached(value);
  if (parsed) {
    lastText = value;
    lastMillis = parsed.getTime();
  }
  return parsed;
}

function parseUncached(value: string): Date | undefined {
  const m = BASIC.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls over out-of-range fields (month 13, 25:00); reading the fields back catches that.
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return exact ? date : undefined;
}

export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Typed readings of condition values, used for policy values at parse time and for request values
 * at evaluation time (the same reader both sides, so "10" and "10.0" compare equal as numbers).
 */

// Decimal integers and decimals, optionally signed, optionally with an exponent.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

// Epoch seconds (the IAM User Guide's "epoch (UNIX) time"), integer or fractional.
const EPOCH = /^-?\d+(?:\.\d+)?$/;
// The W3C profile of ISO 8601 (YYYY-MM, YYYY-MM-DD, with hh:mm, hh:mm:ss or hh:mm:ss.s and a zone),
// plus the basic forms AWS itself emits (20200101T000000Z, as in x-amz-date).
const W3C = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?$/;
const BASIC = /^(\d{4})(\d{2})(\d{2})(?:[Tt](\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Milliseconds since the epoch, or undefined. An all-digit value is epoch seconds (so a bare year
 * such as "2020" reads as 2020 seconds after 1970: AWS documents dates as ISO 8601 *or* epoch, and
 * aws:EpochTime values are bare digits). A date-time without a zone is UTC.
 */
export function parseDate(text: string): number | undefined {
  if (EPOCH.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined;
  }
  const m = W3C.exec(text) ?? BASIC.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Reject days that roll over (2021-02-30).
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return utc - zoneOffsetMillis(m[8]);
}

function zoneOffsetMillis(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** 'true' / 'false' (any case), else undefined. */
export function parseBool(text: string): 'true' | 'false' | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' || lower === 'false' ? lower : undefined;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/** Canonical base64 of the bytes a base64 (or base64url) text stands for; undefined when not base64. */
export function canonicalBase64(text: string): string | undefined {
  const standard = text.trim().replace(/-/g, '+').replace(/_/g, '/');
  if (!BASE64.test(standard)) return undefined;
  return Buffer.from(standard, 'base64').toString('base64');
}

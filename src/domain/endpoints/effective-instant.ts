import { isoInstantMs } from '../segments/iso-instant.ts';

/**
 * The canonical UTC form (`YYYY-MM-DDTHH:MM:SS.sssZ`) of an endpoint's EffectiveDate, which the
 * client may write with any offset. The endpoints table keeps this form in its effective_date
 * column (the document keeps the client's text), so text order is instant order there: recency
 * windows and "oldest endpoint of a user" are plain comparisons on an indexable column. A text
 * without an offset is UTC, as segment dimensions read it (segments/iso-instant.ts).
 */
export function effectiveInstant(text: string): string {
  const ms = isoInstantMs(text) ?? Date.parse(text);
  // Only validated EffectiveDates reach storage; anything else is kept as it is, never dropped.
  return Number.isFinite(ms) && ms >= 0 && ms < 253_402_300_800_000 ? new Date(ms).toISOString() : text;
}

import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import type { Page, PageRequest } from '../iam-repository.ts';

/**
 * IAM-style pagination: keyset pages in a stable order, with an opaque marker that is the
 * base64url text of the last item's sort key. Markers only ever feed parameterized comparisons.
 * A marker that is not one this code produced (does not decode and re-encode to itself, or holds
 * a NUL, which PostgreSQL text cannot) yields an empty, final page rather than an error: the
 * contract has no error for it, and an empty page cannot make a client loop.
 */

export const MAX_ITEMS_LIMIT = 1000;

/** Refuses a page size outside IAM's 1–1000 (handlers validate MaxItems against the model first). */
export function checkPageSize(operation: string, page: PageRequest): void {
  const { maxItems } = page;
  if (!Number.isSafeInteger(maxItems) || maxItems < 1 || maxItems > MAX_ITEMS_LIMIT) {
    throw new RangeError(`${operation}: maxItems must be an integer from 1 to ${MAX_ITEMS_LIMIT}, got ${maxItems}`);
  }
}

export function encodeMarker(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export type Start = { readonly kind: 'first' } | { readonly kind: 'after'; readonly key: string } | { readonly kind: 'invalid' };

/** Where a page starts: at the beginning, after a text key, or nowhere (an invalid marker). */
export function decodeMarker(marker: string | undefined): Start {
  if (marker === undefined) return { kind: 'first' };
  const key = Buffer.from(marker, 'base64url').toString('utf8');
  if (marker === '' || encodeMarker(key) !== marker || key.includes('\u0000')) return { kind: 'invalid' };
  return { kind: 'after', key };
}

/** Like decodeMarker, for markers that carry a positive integer (policy version numbers). */
export function decodeNumberMarker(marker: string | undefined): { readonly kind: 'first' } | { readonly kind: 'after'; readonly key: number } | { readonly kind: 'invalid' } {
  const start = decodeMarker(marker);
  if (start.kind !== 'after') return start;
  if (!/^[1-9][0-9]{0,14}$/.test(start.key)) return { kind: 'invalid' };
  return { kind: 'after', key: Number(start.key) };
}

/** Turns up to maxItems + 1 fetched rows into a page; the marker names the last item returned. */
export function pageOf<Row, Item>(
  rows: readonly Row[],
  maxItems: number,
  keyOf: (row: Row) => string,
  toItem: (row: Row) => Item,
): Page<Item> {
  const shown = rows.slice(0, maxItems);
  const items = shown.map(toItem);
  const last = shown.at(-1);
  if (rows.length <= maxItems || last === undefined) return { items };
  return { items, marker: encodeMarker(keyOf(last)) };
}

/** The number of Unicode code points, which is what substr() counts on both dialects. */
function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * `column` starts with `prefix`: an exact comparison on both dialects (no LIKE wildcards to
 * escape, no collation-dependent ranges). `column` is a fixed column reference from this code.
 */
export function startsWith(column: string, prefix: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`substr(${sql.ref(column)}, 1, ${sql.lit(codePointLength(prefix))}) = ${prefix}`;
}

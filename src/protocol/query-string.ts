/**
 * Parses a raw query string the way AWS does: `+` stays a plus (SDKs encode spaces as %20), every
 * key may repeat. URLSearchParams would turn `+` into a space, so it is not used.
 */
export type QueryParams = ReadonlyMap<string, readonly string[]>;

export class MalformedQueryError extends Error {}

export function parseQueryString(rawQuery: string): QueryParams {
  const params = new Map<string, string[]>();
  if (rawQuery === '') return params;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey);
      value = decodeURIComponent(rawValue);
    } catch (cause) {
      throw new MalformedQueryError(`Query parameter ${rawKey} is not valid percent-encoding`, { cause });
    }
    const values = params.get(key);
    if (values) values.push(value);
    else params.set(key, [value]);
  }
  return params;
}

/** Splits a raw request target into its still-encoded path and query. */
export function splitTarget(rawUrl: string): { rawPath: string; rawQuery: string } {
  const q = rawUrl.indexOf('?');
  return q === -1 ? { rawPath: rawUrl, rawQuery: '' } : { rawPath: rawUrl.slice(0, q), rawQuery: rawUrl.slice(q + 1) };
}

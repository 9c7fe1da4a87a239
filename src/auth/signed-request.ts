/**
 * The request as it arrived on the wire, before anything normalised it. SigV4 is computed over
 * the client's bytes, so every field here is kept exactly as received: re-encoding the path or
 * re-parsing the query would change what gets hashed and break valid signatures.
 */
export interface SignedRequest {
  method: string;
  /** Still percent-encoded path, without the query string, exactly as on the wire. */
  rawPath: string;
  /** Everything after '?', still encoded ('' when none). */
  rawQuery: string;
  /** node's IncomingMessage.rawHeaders (name, value, name, value, ...). */
  rawHeaders: readonly string[];
  body: Buffer;
}

/**
 * Header values by lower-case name, in arrival order. Repeated headers stay separate so the
 * canonical form can join them with ',' as SigV4 requires (node's `headers` object would join
 * some with ', ' and silently drop duplicates of others).
 */
export function indexHeaders(rawHeaders: readonly string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    const values = index.get(name);
    if (values) values.push(value);
    else index.set(name, [value]);
  }
  return index;
}

/**
 * Splits the raw query into decoded [key, value] pairs in order. decodeURIComponent, not
 * URLSearchParams: the latter turns '+' into a space, but SigV4 clients encode a space as %20
 * and mean a literal '+' by '+', so form-decoding would change the signed value.
 * A malformed escape is kept verbatim; the signature then simply fails to match.
 */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (rawQuery === '') return pairs;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([safeDecode(key), safeDecode(value)]);
  }
  return pairs;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

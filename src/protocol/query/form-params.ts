/**
 * The flat parameter list of an AWS query request (`Action=…&Version=…&Tags.member.1.Key=…`) and
 * an index over its dotted keys, so the reader can ask "which parameters sit under `Tags.member`"
 * without scanning every key for every member.
 */

/**
 * Decodes an `application/x-www-form-urlencoded` body (or the query string of a GET) the way
 * IAM and STS do: `+` is a space, `%2B` a plus, percent-escapes are UTF-8. URLSearchParams
 * implements exactly the WHATWG form decoding, including leaving a stray `%` as it is and
 * replacing invalid UTF-8 with U+FFFD rather than failing the request. (The rest-json query
 * string parser keeps `+` as a plus; form bodies differ on purpose.)
 */
export function parseFormBody(body: Buffer | string): Array<[string, string]> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return [...new URLSearchParams(text)];
}

/**
 * The parameters with the first occurrence of a repeated key winning. Observed against STS:
 * `Action=GetCallerIdentity&Action=NoSuchAction` succeeds and `Version=2011-06-15&Version=2000-01-01`
 * is accepted, so the first value is the one AWS reads.
 */
export class FormParams {
  readonly #values = new Map<string, string>();
  /** dotted prefix → the next key segments below it ('' → top-level names). */
  readonly #children = new Map<string, Set<string>>();

  constructor(params: ReadonlyMap<string, string> | Iterable<readonly [string, string]>) {
    for (const [key, value] of params) {
      if (this.#values.has(key)) continue;
      this.#values.set(key, value);
      let prefix = '';
      for (const segment of key.split('.')) {
        let set = this.#children.get(prefix);
        if (!set) this.#children.set(prefix, (set = new Set()));
        set.add(segment);
        prefix = prefix === '' ? segment : `${prefix}.${segment}`;
      }
    }
  }

  /** The value sent for exactly this key. */
  get(key: string): string | undefined {
    return this.#values.get(key);
  }

  /** Whether any parameter is named `key` or starts with `key.`. */
  has(key: string): boolean {
    return this.#values.has(key) || this.#children.has(key);
  }

  /** The key segments directly below `prefix` (for `Tags.member`: '1', '2', …). */
  children(prefix: string): ReadonlySet<string> {
    return this.#children.get(prefix) ?? new Set();
  }

  /**
   * The list positions sent under `prefix` (`prefix.1`, `prefix.2`, …), in numeric order. Only
   * positive decimal integers count: `prefix.0` or `prefix.x` are not list items and are
   * ignored, as AWS ignores parameters it does not model.
   */
  indexes(prefix: string): number[] {
    const out: number[] = [];
    for (const segment of this.children(prefix)) {
      if (/^[1-9]\d{0,8}$/.test(segment)) out.push(Number(segment));
    }
    return out.sort((a, b) => a - b);
  }
}

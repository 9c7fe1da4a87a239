/**
 * Text that both databases store faithfully: PostgreSQL refuses NUL in text and jsonb, and an
 * unpaired UTF-16 surrogate is not Unicode text at all (it would come back changed).
 */
const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !unpairedSurrogate.test(text);
}

/** The number of Unicode code points (what "characters" means in Pinpoint's limits). */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

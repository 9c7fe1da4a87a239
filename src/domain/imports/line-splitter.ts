/**
 * Cuts text that arrives in chunks (an S3 object, decoded as it streams) into lines, numbered from
 * 1 as an editor numbers them. Pinpoint's import files have one record per line (CSV values
 * "can't contain line breaks"; JSON is newline-delimited), so a line is the unit of work, of
 * failure ("line 17: …") and of resumption (a checkpoint is the last line handled).
 *
 * A line longer than MAX_LINE_CHARACTERS is not kept: its text is dropped as it streams and it is
 * handed on as `undefined`, so a file without line breaks (or a decompression bomb) never has to
 * fit in memory.
 */

/** Far above any valid record: a stored endpoint is at most 15 KB of JSON. */
export const MAX_LINE_CHARACTERS = 64 * 1024;

/** Consecutive lines: `lines[i]` is line `first + i`; `undefined` stands for a line that was too long. */
export interface LineBatch {
  readonly first: number;
  readonly lines: readonly (string | undefined)[];
}

export class LineSplitter {
  #partial = '';
  #tooLong = false;
  #next = 1;

  /** The lines the chunk completes (a line ends at \n; a \r before it is dropped). */
  push(text: string): LineBatch {
    const first = this.#next;
    const lines: (string | undefined)[] = [];
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      lines.push(this.#complete(text.slice(start, end)));
      start = end + 1;
    }
    this.#carry(start === 0 ? text : text.slice(start));
    this.#next += lines.length;
    return { first, lines };
  }

  /** The last line, when the text does not end with a line break. */
  end(): LineBatch {
    const first = this.#next;
    if (this.#partial === '' && !this.#tooLong) return { first, lines: [] };
    const last = this.#complete('');
    this.#next += 1;
    return { first, lines: [last] };
  }

  #complete(tail: string): string | undefined {
    const tooLong = this.#tooLong || this.#partial.length + tail.length > MAX_LINE_CHARACTERS;
    const line = this.#partial === '' ? tail : this.#partial + tail;
    this.#partial = '';
    this.#tooLong = false;
    if (tooLong) return undefined;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  #carry(rest: string): void {
    if (this.#tooLong) return;
    if (this.#partial.length + rest.length > MAX_LINE_CHARACTERS) {
      this.#partial = '';
      this.#tooLong = true;
      return;
    }
    this.#partial += rest;
  }
}

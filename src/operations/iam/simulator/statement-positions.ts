/**
 * Where each statement of a policy document sits in the text the caller sent, for the simulator's
 * MatchedStatements StartPosition/EndPosition.
 *
 * The compiled policy only knows statement indexes, so the original text is scanned once more
 * here. The convention is IAM's, worked out from the AWS CLI's documented example
 * (`{"Version":"2012-10-17","Statement":{"Effect":…}}}}` → Start 1:38, End 1:167): lines and
 * columns count from 1, and both positions point just past the statement's braces — Start is the
 * character after its `{`, End the character after its `}` (where a streaming JSON parser
 * stands after reading those tokens).
 *
 * The scan is only ever run on text JSON.parse has accepted, but it stays total: anything it does
 * not expect yields no spans (positions are then omitted), never an exception. As in JSON.parse,
 * the last of duplicated "Statement" members wins.
 */

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export interface StatementSpan {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

/** Offsets (inclusive) of one JSON value in the text. */
interface Range {
  readonly from: number;
  readonly to: number;
}

class Unexpected extends Error {}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos += 1;
  }

  expect(char: string): void {
    if (this.text[this.pos] !== char) throw new Unexpected();
    this.pos += 1;
  }

  /** Reads a string token and returns its decoded value (escapes such as \u0053 included). */
  string(): string {
    const from = this.pos;
    this.expect('"');
    while (this.pos < this.text.length && this.text[this.pos] !== '"') this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    this.expect('"');
    return JSON.parse(this.text.slice(from, this.pos)) as string;
  }

  /** Skips one value; `onMember` sees each member of the object when the value is one. */
  value(onMember?: (key: string, range: Range) => void): Range {
    this.skipSpace();
    const from = this.pos;
    const c = this.text[this.pos];
    if (c === '{') {
      this.pos += 1;
      this.items('}', () => {
        this.skipSpace();
        const key = this.string();
        this.skipSpace();
        this.expect(':');
        const range = this.value();
        onMember?.(key, range);
      });
    } else if (c === '[') {
      this.pos += 1;
      this.items(']', () => this.value());
    } else if (c === '"') {
      this.string();
    } else {
      while (this.pos < this.text.length && !',]} \t\n\r'.includes(this.text[this.pos]!)) this.pos += 1;
      if (this.pos === from) throw new Unexpected();
    }
    return { from, to: this.pos - 1 };
  }

  /** Comma-separated items up to `close`; the opening bracket has been consumed. */
  items(close: string, item: () => void): void {
    this.skipSpace();
    if (this.text[this.pos] === close) {
      this.pos += 1;
      return;
    }
    for (;;) {
      item();
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos += 1;
        continue;
      }
      this.expect(close);
      return;
    }
  }

  /** The ranges of the elements of the array at `range`. */
  elements(range: Range): Range[] {
    this.pos = range.from + 1;
    const out: Range[] = [];
    this.items(']', () => out.push(this.value()));
    return out;
  }
}

/** 1-based line and column of each offset, with \n and \r\n ending lines. */
function positionOf(text: string): (offset: number) => TextPosition {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
}

/**
 * The span of every statement, by statement index (a lone statement object is index 0). An entry
 * is undefined where the statement is not an object; the list is empty when the document has no
 * Statement member or cannot be scanned.
 */
export function findStatementSpans(text: string): (StatementSpan | undefined)[] {
  const scanner = new Scanner(text);
  let statement: Range | undefined;
  try {
    scanner.skipSpace();
    if (text[scanner.pos] !== '{') return [];
    scanner.value((key, range) => {
      if (key === 'Statement') statement = range;
    });
    if (statement === undefined) return [];
    const first = text[statement.from];
    const ranges = first === '{' ? [statement] : first === '[' ? scanner.elements(statement) : [];
    const at = positionOf(text);
    return ranges.map((range) => {
      if (text[range.from] !== '{') return undefined;
      const open = at(range.from);
      const close = at(range.to);
      return { start: { line: open.line, column: open.column + 1 }, end: { line: close.line, column: close.column + 1 } };
    });
  } catch (error) {
    if (error instanceof Unexpected || error instanceof SyntaxError) return [];
    throw error;
  }
}

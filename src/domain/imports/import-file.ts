import { compileCsvHeader, csvRecordRow } from './csv-record.ts';
import type { CsvHeader } from './csv-record.ts';
import { splitCsvLine } from './csv-line.ts';
import type { ImportRow, RowOrigin } from './import-row.ts';
import { jsonLineRow } from './json-record.ts';
import { MAX_LINE_CHARACTERS } from './line-splitter.ts';

export type ImportFormat = 'CSV' | 'JSON';

/** The object cannot be imported at all (its CSV header is unusable): the piece fails with this reason. */
export class UnreadableObjectError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnreadableObjectError';
  }
}

const otherFormatExtensions: Record<ImportFormat, readonly string[]> = {
  CSV: ['.json', '.jsonl', '.ndjson'],
  JSON: ['.csv'],
};

/**
 * Whether an object listed under the job's S3Url is one of its files. Pinpoint: "If the Amazon S3
 * location stores multiple files that use different formats, Amazon Pinpoint imports data only
 * from the files that use the specified format." A file is taken to be of the other format only
 * when its name says so (.json / .csv, before an optional .gz), case-insensitively; any other name
 * is read in the job's format. "Folders" (keys ending in /) hold nothing.
 */
export function isImportObject(key: string, format: ImportFormat): boolean {
  if (key.endsWith('/')) return false;
  const name = key.toLowerCase().replace(/\.gz$/, '');
  return !otherFormatExtensions[format].some((extension) => name.endsWith(extension));
}

/**
 * Turns the lines of one object into rows. Lines up to `skipThrough` (the piece's checkpoint: a
 * resumed job already handled them) are passed over, except a CSV header, which every later line
 * needs. Blank lines, and CSV lines of empty values only (",,,," from spreadsheets), are no rows.
 */
export class ImportRowReader {
  readonly #format: ImportFormat;
  readonly #origin: RowOrigin;
  readonly #skipThrough: number;
  #header: CsvHeader | undefined;

  constructor(format: ImportFormat, origin: RowOrigin, skipThrough: number) {
    this.#format = format;
    this.#origin = origin;
    this.#skipThrough = skipThrough;
  }

  /** The row of line `line` (`undefined` text: a line over MAX_LINE_CHARACTERS), or undefined for no row. */
  read(text: string | undefined, line: number): ImportRow | undefined {
    if (this.#format === 'CSV' && this.#header === undefined) return this.#readHeader(text, line);
    if (line <= this.#skipThrough) return undefined;
    if (text === undefined) return { kind: 'invalid', line, problem: `the line is longer than ${MAX_LINE_CHARACTERS} characters` };
    if (this.#format === 'JSON') return text.trim() === '' ? undefined : jsonLineRow(text, this.#origin, line);
    const split = splitCsvLine(text);
    if ('problem' in split) return { kind: 'invalid', line, problem: split.problem };
    if (split.values.every((value) => value.trim() === '')) return undefined;
    return csvRecordRow(this.#header!, split.values, this.#origin, line);
  }

  #readHeader(text: string | undefined, line: number): undefined {
    if (text === undefined) throw new UnreadableObjectError(`the CSV header (line ${line}) is longer than ${MAX_LINE_CHARACTERS} characters`);
    if (text.trim() === '') return undefined;
    const split = splitCsvLine(text);
    if ('problem' in split) throw new UnreadableObjectError(`the CSV header (line ${line}) is not valid CSV: ${split.problem}`);
    const header = compileCsvHeader(split.values);
    if ('problem' in header) throw new UnreadableObjectError(`the CSV header (line ${line}) cannot be used: ${header.problem}`);
    this.#header = header;
    return undefined;
  }
}

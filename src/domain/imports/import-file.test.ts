import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ImportRowReader, UnreadableObjectError, isImportObject } from './import-file.ts';
import type { ImportRow } from './import-row.ts';
import { LineSplitter } from './line-splitter.ts';

const origin = { jobId: 'job-1', key: 'in/file' };

/** The rows of a whole text, as the import job reads an object. */
function rowsOf(reader: ImportRowReader, text: string): ImportRow[] {
  const splitter = new LineSplitter();
  const rows: ImportRow[] = [];
  for (const batch of [splitter.push(text), splitter.end()]) {
    batch.lines.forEach((line, i) => {
      const row = reader.read(line, batch.first + i);
      if (row) rows.push(row);
    });
  }
  return rows;
}

describe('import objects', () => {
  test('objects of the other format (by name) and folders are not read; any other name is', () => {
    assert.equal(isImportObject('in/a.csv', 'CSV'), true);
    assert.equal(isImportObject('in/a.CSV.gz', 'CSV'), true);
    assert.equal(isImportObject('in/a.txt', 'CSV'), true);
    assert.equal(isImportObject('in/part-0001', 'JSON'), true);
    assert.equal(isImportObject('in/a.json', 'CSV'), false);
    assert.equal(isImportObject('in/a.JSON.gz', 'CSV'), false);
    assert.equal(isImportObject('in/a.csv', 'JSON'), false);
    assert.equal(isImportObject('in/a.ndjson', 'JSON'), true);
    assert.equal(isImportObject('in/sub/', 'CSV'), false);
  });
});

describe('ImportRowReader', () => {
  test('CSV: the header is the first line that is not blank; blank and empty-valued lines are no rows; lines are numbered as in the file', () => {
    const reader = new ImportRowReader('CSV', origin, 0);
    const rows = rowsOf(reader, '\nId,ChannelType\r\nep-1,SMS\n\n,\nep-2,EMAIL\n');
    assert.deepEqual(rows.map((row) => [row.kind, row.line, row.kind === 'endpoint' ? row.id : '']), [
      ['endpoint', 3, 'ep-1'],
      ['endpoint', 6, 'ep-2'],
    ]);
  });

  test('CSV: lines up to the checkpoint are passed over, the header still read', () => {
    const reader = new ImportRowReader('CSV', origin, 3);
    const rows = rowsOf(reader, 'Id,Address\nep-1,a\nep-2,b\nep-3,c\nep-4,d');
    assert.deepEqual(rows.map((row) => row.line), [4, 5]);
  });

  test('CSV: a malformed line fails alone, the next lines are read', () => {
    const reader = new ImportRowReader('CSV', origin, 0);
    const rows = rowsOf(reader, 'Id,Attributes.a\nep-1,"x\nep-2,y');
    assert.deepEqual(rows, [
      { kind: 'invalid', line: 2, problem: 'value 2 opens a double quote that is never closed (a value cannot span lines)' },
      { kind: 'endpoint', line: 3, id: 'ep-2', patch: { Attributes: { a: ['y'] } } },
    ]);
  });

  test('CSV: an unusable header makes the object unreadable', () => {
    assert.throws(() => rowsOf(new ImportRowReader('CSV', origin, 0), 'Id,"Address\nep-1,x'), (error) => {
      assert.ok(error instanceof UnreadableObjectError);
      assert.equal(error.message, 'the CSV header (line 1) is not valid CSV: value 2 opens a double quote that is never closed (a value cannot span lines)');
      return true;
    });
    assert.throws(() => rowsOf(new ImportRowReader('CSV', origin, 0), '\n\nId,Id\n'), /^UnreadableObjectError: the CSV header \(line 3\) cannot be used: column 'Id' appears more than once/);
  });

  test('JSON: one object a line, blank lines skipped, the checkpoint honoured', () => {
    const reader = new ImportRowReader('JSON', origin, 1);
    const rows = rowsOf(reader, '{"Id":"ep-1"}\n{"Id":"ep-2"}\n   \n{"Id":"ep-3"}\n');
    assert.deepEqual(rows.map((row) => [row.line, row.kind === 'endpoint' ? row.id : row.kind]), [
      [2, 'ep-2'],
      [4, 'ep-3'],
    ]);
  });

  test('a line over the length limit is a failed row', () => {
    const reader = new ImportRowReader('JSON', origin, 0);
    assert.deepEqual(reader.read(undefined, 7), { kind: 'invalid', line: 7, problem: 'the line is longer than 65536 characters' });
  });
});

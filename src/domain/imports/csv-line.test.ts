import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitCsvLine } from './csv-line.ts';
import { LineSplitter, MAX_LINE_CHARACTERS } from './line-splitter.ts';

describe('splitCsvLine', () => {
  test('plain values split at commas; empty values stay (an empty value is no value)', () => {
    assert.deepEqual(splitCsvLine('SMS,+12065550100,,x'), { values: ['SMS', '+12065550100', '', 'x'] });
    assert.deepEqual(splitCsvLine(''), { values: [''] });
    assert.deepEqual(splitCsvLine('a,'), { values: ['a', ''] });
  });

  test('a quoted value holds commas and doubled quotes', () => {
    assert.deepEqual(splitCsvLine('"aaa,bbb",x'), { values: ['aaa,bbb', 'x'] });
    assert.deepEqual(splitCsvLine('x,"say ""hi""",'), { values: ['x', 'say "hi"', ''] });
    assert.deepEqual(splitCsvLine('"",""""'), { values: ['', '"'] });
  });

  test('a quote inside an unquoted value is kept as text', () => {
    assert.deepEqual(splitCsvLine('5"x,y'), { values: ['5"x', 'y'] });
  });

  test('a quote that is never closed, or text after a closing quote, is a problem naming the value', () => {
    assert.deepEqual(splitCsvLine('a,"b,c'), { problem: 'value 2 opens a double quote that is never closed (a value cannot span lines)' });
    assert.deepEqual(splitCsvLine('a,"5"x,c'), {
      problem: 'value 2 has text after its closing double quote (wrap the whole value in double quotes and double each quote inside it)',
    });
  });
});

describe('LineSplitter', () => {
  test('lines are numbered from 1 across chunks; \\r\\n and \\n end lines; a split \\r\\n is one break', () => {
    const splitter = new LineSplitter();
    assert.deepEqual(splitter.push('a,b\r\nc'), { first: 1, lines: ['a,b'] });
    assert.deepEqual(splitter.push('d\r'), { first: 2, lines: [] });
    assert.deepEqual(splitter.push('\n\nlast'), { first: 2, lines: ['cd', ''] });
    assert.deepEqual(splitter.end(), { first: 4, lines: ['last'] });
  });

  test('a text that ends with a line break has no extra last line', () => {
    const splitter = new LineSplitter();
    assert.deepEqual(splitter.push('x\n'), { first: 1, lines: ['x'] });
    assert.deepEqual(splitter.end(), { first: 2, lines: [] });
  });

  test('a line over the limit is handed on as undefined, its text not kept, and the next line is counted right', () => {
    const splitter = new LineSplitter();
    const half = 'y'.repeat(MAX_LINE_CHARACTERS / 2 + 1);
    assert.deepEqual(splitter.push(`ok\n${half}`), { first: 1, lines: ['ok'] });
    assert.deepEqual(splitter.push(half), { first: 2, lines: [] });
    assert.deepEqual(splitter.push(`${half}\nnext\n`), { first: 2, lines: [undefined, 'next'] });
    assert.deepEqual(splitter.push('z'.repeat(MAX_LINE_CHARACTERS + 1)), { first: 4, lines: [] });
    assert.deepEqual(splitter.end(), { first: 4, lines: [undefined] });
  });
});

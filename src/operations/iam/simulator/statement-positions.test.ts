import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findStatementSpans } from './statement-positions.ts';

describe('findStatementSpans', () => {
  test("reproduces the AWS CLI's documented example (one line, a lone statement object)", () => {
    const text =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
    assert.deepEqual(findStatementSpans(text), [{ start: { line: 1, column: 38 }, end: { line: 1, column: 167 } }]);
  });

  test('finds each statement of a pretty-printed array, just past its braces', () => {
    const text = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'a:b', Resource: '*' },
          { Effect: 'Deny', Action: 'a:c', Resource: '*' },
        ],
      },
      null,
      2,
    );
    const lines = text.split('\n');
    // The statement objects open on lines 4 and 9 (`    {`) and close on lines 8 and 13 (`    }`).
    assert.equal(lines[3], '    {');
    assert.equal(lines[7], '    },');
    assert.equal(lines[8], '    {');
    assert.equal(lines[12], '    }');
    assert.deepEqual(findStatementSpans(text), [
      { start: { line: 4, column: 6 }, end: { line: 8, column: 6 } },
      { start: { line: 9, column: 6 }, end: { line: 13, column: 6 } },
    ]);
  });

  test('counts CRLF as one line break', () => {
    const text = '{\r\n"Statement": [\r\n  {"Effect":"Allow","Action":"a:b","Resource":"*"}\r\n]}';
    assert.deepEqual(findStatementSpans(text), [{ start: { line: 3, column: 4 }, end: { line: 3, column: 51 } }]);
  });

  test('is not misled by braces, brackets and quotes inside strings', () => {
    const text = '{"Id":"{[\\"}","Statement":[{"Sid":"x","Effect":"Allow","Action":"a:b","Resource":"arn:aws:s3:::b/{]}"}]}';
    const spans = findStatementSpans(text);
    assert.equal(spans.length, 1);
    const start = text.indexOf('[{') + 2; // 0-based offset of the `{`, plus one: the column after it
    assert.deepEqual(spans[0], { start: { line: 1, column: start + 1 }, end: { line: 1, column: text.length - 1 } });
  });

  test('takes the last of duplicated Statement members, as JSON.parse does, and reads escaped member names', () => {
    const text = '{"Statement":{"Effect":"Deny","Action":"a:b","Resource":"*"},"Statem\\u0065nt":[1,{"Effect":"Allow","Action":"a:b","Resource":"*"}]}';
    const spans = findStatementSpans(text);
    assert.equal(spans.length, 2);
    assert.equal(spans[0], undefined); // not an object
    assert.equal(spans[1]!.end.column, text.length - 1); // just past the `}` before the final `]}`
  });

  test('yields nothing for a document without statements or that cannot be scanned', () => {
    assert.deepEqual(findStatementSpans('{"Version":"2012-10-17"}'), []);
    assert.deepEqual(findStatementSpans('[]'), []);
    assert.deepEqual(findStatementSpans('{"Statement":[{"Effect":'), []);
    assert.deepEqual(findStatementSpans('{"Statement":"nope"}'), []);
  });
});

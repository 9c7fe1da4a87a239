import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Shape } from '../spec/service-model.ts';
import { checkRequired, readShape, readStructure } from './shape-reader.ts';
import type { ShapeLookup, WireSource } from './shape-reader.ts';
import { IssueList } from './validation-issues.ts';

const shapes: Record<string, Shape> = {
  String: { type: 'string' },
  Alternation: { type: 'string', pattern: 'a|ab' },
  Prefix: { type: 'string', pattern: '^[a-z]+' },
  Word: { type: 'string', pattern: '\\p{L}+' },
  Int: { type: 'integer' },
  Long: { type: 'long', min: -5, max: 5 },
  Ratio: { type: 'double', min: 0, max: 1 },
  Bool: { type: 'boolean' },
  Ts: { type: 'timestamp' },
  Unix: { type: 'timestamp', timestampFormat: 'unixTimestamp' },
  Rfc: { type: 'timestamp', timestampFormat: 'rfc822' },
  Blob: { type: 'blob', min: 1 },
  Key: { type: 'string', max: 3 },
  Name: { type: 'string', min: 2, max: 3 },
  Tags: { type: 'map', key: { shape: 'String' }, value: { shape: 'String' } },
  Dict: { type: 'map', key: { shape: 'Key' }, value: { shape: 'Int' }, max: 2 },
  Strings: { type: 'list', member: { shape: 'String' }, min: 1 },
  Pair: {
    type: 'structure',
    required: ['Left', 'Right'],
    members: { Left: { shape: 'String' }, Right: { shape: 'Int', locationName: 'right' } },
  },
};
const lookup: ShapeLookup = (name) => {
  const shape = shapes[name];
  if (!shape) throw new Error(`no shape ${name}`);
  return shape;
};

function read(shape: string, raw: unknown, source: WireSource = 'json'): { value: unknown; messages: string[] } {
  const issues = new IssueList();
  const value = readShape(lookup, shape, raw, 'M', source, issues);
  return { value, messages: issues.issues.map((i) => i.message) };
}

describe('readShape: patterns', () => {
  test('the whole value must match, alternation included', () => {
    assert.deepEqual(read('Alternation', 'ab').messages, []);
    assert.deepEqual(read('Alternation', 'a').messages, []);
    assert.deepEqual(read('Alternation', 'abc').messages, [
      "Value 'abc' at 'M' failed to satisfy constraint: Member must satisfy regular expression pattern: a|ab",
    ]);
    assert.equal(read('Alternation', 'xab').messages.length, 1);
  });

  test('a pattern that anchors itself still needs a full match', () => {
    assert.deepEqual(read('Prefix', 'abc').messages, []);
    assert.equal(read('Prefix', 'abc1').messages.length, 1);
  });

  test('unicode property escapes work', () => {
    assert.deepEqual(read('Word', 'Ünïcødé').messages, []);
    assert.equal(read('Word', 'a1').messages.length, 1);
  });
});

describe('readShape: scalars', () => {
  test('integers from text must be whole numbers', () => {
    assert.equal(read('Int', '12', 'text').value, 12);
    assert.equal(read('Int', '-3', 'text').value, -3);
    assert.equal(read('Int', '1e3', 'text').messages.length, 1);
    assert.equal(read('Int', '', 'text').messages.length, 1);
    // From JSON, a string is a type error even if it spells a number.
    assert.equal(read('Int', '12', 'json').messages.length, 1);
  });

  test('longs outside the safe range and ranges are refused', () => {
    assert.deepEqual(read('Long', 2 ** 53).messages, ["Value '9007199254740992' at 'M' failed to satisfy constraint: Member must be an integer"]);
    assert.deepEqual(read('Long', -6).messages, ["Value '-6' at 'M' failed to satisfy constraint: Member must have value greater than or equal to -5"]);
    assert.deepEqual(read('Long', 5).messages, []);
  });

  test('doubles are range-checked', () => {
    assert.equal(read('Ratio', '0.25', 'text').value, 0.25);
    assert.deepEqual(read('Ratio', 1.5).messages, ["Value '1.5' at 'M' failed to satisfy constraint: Member must have value less than or equal to 1"]);
    assert.equal(read('Ratio', '', 'text').messages.length, 1);
  });

  test('booleans from text are only true/false', () => {
    assert.equal(read('Bool', 'true', 'text').value, true);
    assert.equal(read('Bool', 'TRUE', 'text').messages.length, 1);
    assert.equal(read('Bool', 'true', 'json').messages.length, 1);
    assert.equal(read('Bool', false).value, false);
  });
});

describe('readShape: string lengths count code points', () => {
  test('a character outside the BMP counts once, against max and min', () => {
    assert.deepEqual(read('Name', 'a😀c').messages, []);
    assert.deepEqual(read('Name', '😀😀').messages, []);
    assert.deepEqual(read('Name', 'a😀c😀').messages, [
      "Value 'a😀c😀' at 'M' failed to satisfy constraint: Member must have length less than or equal to 3",
    ]);
    assert.deepEqual(read('Name', '😀').messages, [
      "Value '😀' at 'M' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ]);
  });

  test('a lone surrogate counts as one code point', () => {
    assert.deepEqual(read('Name', '\ud800\ud800').messages, []);
    assert.equal(read('Name', '\udc00\ud800ab').messages.length, 1);
  });
});

describe('readShape: timestamps', () => {
  test('JSON numbers are epoch seconds, fractions kept', () => {
    assert.deepEqual(read('Ts', 1.5).value, new Date(1500));
  });

  test('ISO 8601 with offsets and fractions', () => {
    assert.deepEqual(read('Ts', '2020-01-01T01:00:00+01:00').value, new Date('2020-01-01T00:00:00Z'));
    assert.deepEqual(read('Ts', '2020-01-01T00:00:00.5Z').value, new Date('2020-01-01T00:00:00.500Z'));
  });

  test('dates without a time or zone are refused', () => {
    assert.equal(read('Ts', '2020-01-01').messages.length, 1);
    assert.equal(read('Ts', '2020-01-01T00:00:00').messages.length, 1);
    assert.equal(read('Ts', true).messages.length, 1);
  });

  test('unixTimestamp text is epoch seconds; HTTP-date text is accepted', () => {
    assert.deepEqual(read('Unix', '1700000000.5', 'text').value, new Date(1700000000500));
    assert.deepEqual(read('Ts', 'Sun, 06 Nov 1994 08:49:37 GMT', 'text').value, new Date('1994-11-06T08:49:37Z'));
    assert.deepEqual(read('Rfc', 'Sun, 06 Nov 1994 08:49:37 GMT').value, new Date('1994-11-06T08:49:37Z'));
    assert.equal(read('Rfc', 'not a date').messages.length, 1);
  });
});

describe('readShape: blobs, lists, maps, structures', () => {
  test('blobs decode base64 and check their byte length', () => {
    assert.deepEqual(read('Blob', 'aGk=').value, Buffer.from('hi'));
    assert.deepEqual(read('Blob', '').messages, ["Value '(binary)' at 'M' failed to satisfy constraint: Member must have length greater than or equal to 1"]);
    assert.deepEqual(read('Blob', Buffer.alloc(0)).messages.length, 1);
    assert.deepEqual(read('Blob', 5).messages, ["Value '(binary)' at 'M' failed to satisfy constraint: Member must be base64-encoded binary"]);
  });

  test('lists check their length and every item; null items are refused (no model list is sparse)', () => {
    assert.deepEqual(read('Strings', ['a', null]).messages, ["Value null at 'M[1]' failed to satisfy constraint: Member must not be null"]);
    assert.equal(read('Strings', []).messages.length, 1);
    assert.deepEqual(read('Strings', ['a', 1]).messages, ["Value '1' at 'M[1]' failed to satisfy constraint: Member must be a string"]);
  });

  test('maps check their size, keys and values; null values are dropped', () => {
    assert.deepEqual(read('Dict', { a: 1, b: null }).value, { a: 1 });
    assert.equal(read('Dict', { a: 1, b: 2, c: 3 }).messages.length, 1);
    const { messages } = read('Dict', { long: 1, ok: 'x' });
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /Value 'long' at 'M.long\(key\)' failed to satisfy constraint: Member must have length less than or equal to 3/);
    assert.match(messages[1]!, /Value 'x' at 'M.ok' failed to satisfy constraint: Member must be an integer/);
    assert.equal(read('Dict', [1]).messages.length, 1);
  });

  test('a map key named __proto__ stays an own key and does not change the prototype', () => {
    const { value, messages } = read('Tags', JSON.parse('{"__proto__":"x","constructor":"y"}'));
    assert.deepEqual(messages, []);
    assert.deepEqual(Object.keys(value as object), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal((value as Record<string, unknown>).constructor, 'y');
  });

  test('structures read wire names, skip nulls and report missing required members', () => {
    assert.deepEqual(read('Pair', { Left: 'l', right: 2, Right: 99 }).value, { Left: 'l', Right: 2 });
    assert.deepEqual(read('Pair', { Left: null, right: 1 }).messages, ["Value null at 'M.Left' failed to satisfy constraint: Member must not be null"]);
  });

  test('a required member sent with a bad value is reported once, for its value', () => {
    assert.deepEqual(read('Pair', { Left: 'l', right: 'two' }).messages, [
      "Value 'two' at 'M.Right' failed to satisfy constraint: Member must be an integer",
    ]);
  });

  test('readStructure at the top level names the body', () => {
    const issues = new IssueList();
    assert.equal(readStructure(lookup, shapes.Pair!, 'x', '', issues), undefined);
    assert.deepEqual(issues.issues.map((i) => i.path), ['body']);
  });

  test('checkRequired only considers the given members', () => {
    const issues = new IssueList();
    checkRequired(shapes.Pair!, {}, '', issues, { Left: { shape: 'String' } });
    assert.deepEqual(issues.issues.map((i) => i.path), ['Left']);
  });
});

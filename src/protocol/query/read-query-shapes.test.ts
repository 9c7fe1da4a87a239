import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { QueryServiceKey, QueryServiceModel } from '../../spec/service-model.ts';
import { readQueryRequest } from './read-query-request.ts';
import { tinyQueryModel } from './query-test-model.ts';

/** Serialization features IAM and STS do not use, checked on a small model (query-test-model.ts). */

const models = new Map<QueryServiceKey, QueryServiceModel>([['iam', tinyQueryModel()]]);

function read(params: string) {
  return readQueryRequest(models, 'iam', new URLSearchParams(`Action=Put&Version=2020-01-01&${params}`));
}

function input(params: string): Record<string, unknown> {
  const result = read(params);
  if (!result.ok) assert.fail(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.input;
}

function problems(params: string): string {
  const result = read(params);
  if (result.ok) assert.fail(`expected an error, got ${JSON.stringify(result.input)}`);
  assert.equal(result.error.code, 'ValidationError');
  return result.error.message;
}

describe('readQueryRequest: locationName and flattened', () => {
  test("a member's locationName is its parameter name; the model name is not read", () => {
    assert.deepEqual(input('wireName=a&Renamed=b'), { Renamed: 'a' });
  });

  test("a list member's locationName replaces `member`", () => {
    assert.deepEqual(input('Items.Item.1=a&Items.Item.2=b&Items.member.3=ignored'), { Items: ['a', 'b'] });
  });

  test('flattened lists are Name.N', () => {
    assert.deepEqual(input('Flat.1=a&Flat.2=b'), { Flat: ['a', 'b'] });
  });

  test("flattened lists whose member has a locationName are named after it (botocore's rule)", () => {
    assert.deepEqual(input('Thing.1=x&Thing.2=y'), { FlatThings: ['x', 'y'] });
  });

  test('list positions are read in numeric order, gaps closed, non-positions ignored', () => {
    assert.deepEqual(input('Plain.member.10=c&Plain.member.2=b&Plain.member.1=a&Plain.member.0=z&Plain.member.x=z'), { Plain: ['a', 'b', 'c'] });
  });
});

describe('readQueryRequest: maps', () => {
  test('Name.entry.N.key/value with the key and value locationNames', () => {
    assert.deepEqual(input('Attrs.entry.1.Name=color&Attrs.entry.1.Value=red&Attrs.entry.2.Name=size&Attrs.entry.2.Value=L'), {
      Attrs: { color: 'red', size: 'L' },
    });
  });

  test('flattened maps are Name.N.key/value', () => {
    assert.deepEqual(input('Flags.1.key=a&Flags.1.value=1&Flags.2.key=b&Flags.2.value=2'), { Flags: { a: '1', b: '2' } });
  });

  test('a key named __proto__ is an ordinary entry', () => {
    const attrs = input('Attrs.entry.1.Name=__proto__&Attrs.entry.1.Value=x').Attrs as Record<string, unknown>;
    assert.deepEqual(Object.keys(attrs), ['__proto__']);
    assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
  });

  test('`Name=` is an empty map', () => {
    assert.deepEqual(input('Attrs='), { Attrs: {} });
  });

  test('map keys, values and size are validated', () => {
    assert.equal(
      problems('Counts.entry.1.key=toolong&Counts.entry.1.value=1&Counts.entry.2.value=x'),
      "3 validation errors detected: Value 'toolong' at 'counts.entry.1.key' failed to satisfy constraint: Member must have length less than or equal to 5; " +
        "Value null at 'counts.entry.2.key' failed to satisfy constraint: Member must not be null; " +
        "Value 'x' at 'counts.entry.2.value' failed to satisfy constraint: Member must be an integer",
    );
    assert.match(
      problems('Counts.entry.1.key=a&Counts.entry.1.value=1&Counts.entry.2.key=b&Counts.entry.2.value=2&Counts.entry.3.key=c&Counts.entry.3.value=3'),
      /at 'counts' failed to satisfy constraint: Member must have length less than or equal to 2$/,
    );
  });
});

describe('readQueryRequest: scalars and nested structures', () => {
  test('timestamps (ISO 8601 as the SDKs send them; epoch seconds where the shape says so), booleans, blobs', () => {
    const result = input('When=2024-02-03T04:05:06Z&Epoch=1700000000&Enabled=true&Payload=aGk%3D');
    assert.deepEqual(result, {
      When: new Date('2024-02-03T04:05:06Z'),
      Epoch: new Date(1700000000 * 1000),
      Enabled: true,
      Payload: Buffer.from('hi'),
    });
    assert.deepEqual(input('When=2024-02-03T04:05:06.123Z').When, new Date('2024-02-03T04:05:06.123Z'));
  });

  test('bad scalars are reported', () => {
    assert.equal(
      problems('When=yesterday&Enabled=1&Payload=%%%'),
      "3 validation errors detected: Value 'yesterday' at 'when' failed to satisfy constraint: Member must be a timestamp; " +
        "Value '1' at 'enabled' failed to satisfy constraint: Member must be a boolean; " +
        "Value '(binary)' at 'payload' failed to satisfy constraint: Member must be base64-encoded binary",
    );
  });

  test('nested structures: present when anything is sent under them; their required members checked', () => {
    assert.deepEqual(input('Nested.Id=abc&Nested.Score=1.5'), { Nested: { Id: 'abc', Score: 1.5 } });
    assert.equal(
      problems('Nested.Score=-1'),
      "2 validation errors detected: Value '-1' at 'nested.score' failed to satisfy constraint: Member must have value greater than or equal to 0; " +
        "Value null at 'nested.id' failed to satisfy constraint: Member must not be null",
    );
    assert.deepEqual(input(''), {});
  });

  test('an operation without an input shape reads as {}', () => {
    const result = readQueryRequest(models, 'iam', [['Action', 'Ping'], ['Version', '2020-01-01'], ['Extra', '1']]);
    assert.ok(result.ok);
    assert.deepEqual(result.input, {});
  });
});

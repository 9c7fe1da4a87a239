import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { maxTagsPerResource, tagKeyProblem, tagProblems, tagValueProblem } from './tags.ts';

function manyTags(n: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, `value${i}`]));
}

describe('tagProblems', () => {
  test('50 tags are allowed, 51 are not', () => {
    assert.equal(maxTagsPerResource, 50);
    assert.deepEqual(tagProblems(manyTags(50)), []);
    assert.deepEqual(tagProblems(manyTags(51)), ['At most 50 tags are allowed per resource; 51 were given']);
    assert.deepEqual(tagProblems({}), []);
  });

  test('every bad key and value is reported', () => {
    const problems = tagProblems({ 'aws:owner': 'x', 'ok': 'bad#value', 'bad*key': 'v', '': 'empty' });
    assert.equal(problems.length, 4);
    assert.ok(problems.some((p) => /reserved prefix aws:/.test(p)));
    assert.ok(problems.some((p) => /Value of tag 'ok' contains characters/.test(p)));
    assert.ok(problems.some((p) => /Tag key 'bad\*key' contains characters/.test(p)));
    assert.ok(problems.includes('Tag keys must not be empty'));
  });
});

describe('tagKeyProblem', () => {
  test('keys are 1–128 characters, counted as characters', () => {
    assert.equal(tagKeyProblem('k'.repeat(128)), undefined);
    assert.match(tagKeyProblem('k'.repeat(129)) ?? '', /longer than 128 characters/);
    assert.equal(tagKeyProblem('é'.repeat(128)), undefined);
    assert.equal(tagKeyProblem(''), 'Tag keys must not be empty');
  });

  test('the aws: prefix is reserved in any case', () => {
    for (const key of ['aws:x', 'AWS:x', 'Aws:cloudformation:stack']) {
      assert.match(tagKeyProblem(key) ?? '', /reserved prefix aws:/, key);
    }
    assert.equal(tagKeyProblem('awsome'), undefined);
    assert.equal(tagKeyProblem('my:aws:key'), undefined);
  });

  test('letters (any script), digits, spaces and _ . : / = + - @ are allowed; nothing else', () => {
    assert.equal(tagKeyProblem('Team Name_1.2:3/4=5+6-7@8'), undefined);
    assert.equal(tagKeyProblem('Größe Ωμέγα 日本'), undefined);
    for (const key of ['a#b', 'a!b', 'a*b', 'a"b', 'a,b', 'a;b', 'a\nb', 'emoji📨', 'a<b>']) {
      assert.match(tagKeyProblem(key) ?? '', /contains characters other than/, JSON.stringify(key));
    }
  });
});

describe('tagValueProblem', () => {
  test('values are 0–256 characters', () => {
    assert.equal(tagValueProblem('k', ''), undefined);
    assert.equal(tagValueProblem('k', 'v'.repeat(256)), undefined);
    assert.equal(tagValueProblem('k', 'v'.repeat(257)), "Value of tag 'k' is longer than 256 characters");
  });

  test('values follow the same character rules', () => {
    assert.equal(tagValueProblem('k', 'a value with spaces/and:colons'), undefined);
    assert.match(tagValueProblem('k', 'a&b') ?? '', /contains characters other than/);
  });

  test('the aws: prefix is reserved in values too (Pinpoint tagging rules)', () => {
    assert.equal(tagValueProblem('k', 'aws:thing'), "Value of tag 'k' uses the reserved prefix aws:");
    assert.match(tagValueProblem('k', 'AWS:thing') ?? '', /reserved prefix/);
    assert.equal(tagValueProblem('k', 'not-aws:thing'), undefined);
  });
});

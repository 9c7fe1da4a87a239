import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { MalformedQueryError, parseQueryString, splitTarget } from './query-string.ts';

describe('parseQueryString', () => {
  test('repeated keys keep every value in order', () => {
    assert.deepEqual(parseQueryString('a=1&b=2&a=3'), new Map([['a', ['1', '3']], ['b', ['2']]]));
  });

  test('+ stays a plus; %20 is a space; keys are decoded too', () => {
    assert.deepEqual(parseQueryString('q=a+b%20c&k%2Dx=%E2%9C%93'), new Map([['q', ['a+b c']], ['k-x', ['✓']]]));
  });

  test('bare keys have an empty value; empty pairs are skipped; = in values is kept', () => {
    assert.deepEqual(parseQueryString('tagging&&x=a=b&y='), new Map([['tagging', ['']], ['x', ['a=b']], ['y', ['']]]));
    assert.equal(parseQueryString('').size, 0);
  });

  test('bad percent-encoding throws MalformedQueryError naming the key', () => {
    assert.throws(() => parseQueryString('ok=1&bad=%E0%A4'), (e: unknown) => e instanceof MalformedQueryError && /bad/.test(e.message));
    assert.throws(() => parseQueryString('%zz=1'), MalformedQueryError);
  });
});

test('splitTarget keeps both parts encoded', () => {
  assert.deepEqual(splitTarget('/v1/tags/a%2Fb?x=1%202&y'), { rawPath: '/v1/tags/a%2Fb', rawQuery: 'x=1%202&y' });
  assert.deepEqual(splitTarget('/v1/apps'), { rawPath: '/v1/apps', rawQuery: '' });
  assert.deepEqual(splitTarget('/a?b?c'), { rawPath: '/a', rawQuery: 'b?c' });
});

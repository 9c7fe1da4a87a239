import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TokenCache } from './token-cache.ts';

describe('token cache', () => {
  test('one issue for concurrent callers; reused until its refresh time; then a new one', async () => {
    let now = 0;
    let issued = 0;
    const cache = new TokenCache(() => now);
    const issue = async () => ({ value: `t${(issued += 1)}`, refreshAt: now + 1000 });
    assert.deepEqual(await Promise.all([cache.get('k', issue), cache.get('k', issue), cache.get('k', issue)]), ['t1', 't1', 't1']);
    now = 999;
    assert.equal(await cache.get('k', issue), 't1');
    now = 1000;
    assert.deepEqual(await Promise.all([cache.get('k', issue), cache.get('k', issue)]), ['t2', 't2']);
    assert.equal(issued, 2);
  });

  test('invalidate drops only the token named; a failed issue is not kept', async () => {
    const cache = new TokenCache(() => 0);
    let issued = 0;
    const issue = async () => ({ value: `t${(issued += 1)}`, refreshAt: 10 });
    assert.equal(await cache.get('k', issue), 't1');
    await cache.invalidate('k', 'stale');
    assert.equal(await cache.get('k', issue), 't1');
    await cache.invalidate('k', 't1');
    assert.equal(await cache.get('k', issue), 't2');
    await assert.rejects(cache.get('bad', () => Promise.reject(new Error('refused'))), /refused/);
    assert.equal(await cache.get('bad', issue), 't3');
  });

  test('at most maxEntries credentials are kept', async () => {
    const cache = new TokenCache(() => 0, 2);
    let issued = 0;
    const issue = async () => ({ value: `t${(issued += 1)}`, refreshAt: 10 });
    await cache.get('a', issue);
    await cache.get('b', issue);
    await cache.get('c', issue);
    assert.equal(await cache.get('b', issue), 't2');
    assert.equal(await cache.get('a', issue), 't4', 'the oldest was evicted');
  });
});

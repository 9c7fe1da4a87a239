import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelayMs, withRetries } from './retry.ts';

const policy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 250 };

test('full jitter: the wait is random below base·2^attempt, capped', () => {
  assert.equal(backoffDelayMs(policy, 0, () => 0), 0);
  assert.equal(backoffDelayMs(policy, 0, () => 0.999), 99);
  assert.equal(backoffDelayMs(policy, 1, () => 0.5), 100);
  assert.equal(backoffDelayMs(policy, 5, () => 0.999), 249);
});

test('retries while the answer asks for it, at most the policy attempts, and answers the last result', async () => {
  const waits: number[] = [];
  const seen: number[] = [];
  const result = await withRetries(policy, async (n) => (seen.push(n), n < 10 ? 'busy' : 'ok'), (r) => r === 'busy', async (ms) => void waits.push(ms));
  assert.equal(result, 'busy');
  assert.deepEqual(seen, [0, 1, 2]);
  assert.equal(waits.length, 2);
  const once = await withRetries(policy, async () => 'ok', (r) => r === 'busy', async () => assert.fail('no wait after a final answer'));
  assert.equal(once, 'ok');
});

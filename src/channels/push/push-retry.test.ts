import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { outcomes } from '../delivery-outcome.ts';
import type { PushAttempt } from './push-retry.ts';
import { retryAfterMs } from '../retry.ts';
import { MAX_RETRY_AFTER_MS, sendWithRetries } from './push-retry.ts';

const policy = { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 };

describe('push retries', () => {
  test('Retry-After as seconds or an HTTP date; unreadable is undefined', () => {
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs(['3']), 3000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(retryAfterMs('soon'), undefined);
    assert.equal(retryAfterMs(undefined), undefined);
  });

  test('retries throttled and temporary outcomes, waiting at least what the service asked', async () => {
    const waits: number[] = [];
    const answers: PushAttempt[] = [{ outcome: { outcome: outcomes.throttled('slow down') }, retryAfterMs: 1000 }, { outcome: { outcome: outcomes.temporary('down') } }, { outcome: { outcome: outcomes.accepted() } }];
    const result = await sendWithRetries(policy, async (n) => answers[n]!, async (ms) => void waits.push(ms));
    assert.equal(result.outcome.status, 'SUCCESSFUL');
    assert.equal(waits.length, 2);
    assert.equal(waits[0], 1000);
    assert.ok(waits[1]! <= 20);
  });

  test('a Retry-After past the cap answers at once; permanent outcomes are not retried', async () => {
    let calls = 0;
    const long = await sendWithRetries(policy, async () => ((calls += 1), { outcome: { outcome: outcomes.throttled('later') }, retryAfterMs: MAX_RETRY_AFTER_MS + 1 }), async () => assert.fail('no wait'));
    assert.equal(long.outcome.status, 'THROTTLED');
    assert.equal(calls, 1);
    const permanent = await sendWithRetries(policy, async () => ((calls += 1), { outcome: { outcome: outcomes.permanent('no'), tokenInvalid: true } }), async () => assert.fail('no wait'));
    assert.equal(permanent.tokenInvalid, true);
    assert.equal(calls, 2);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportLimit, SOFT_BOUNCES_PER_MESSAGE } from './email-feedback-sink.ts';

test('a message may have one hard bounce, one complaint and five soft bounces recorded', () => {
  assert.equal(reportLimit('hardbounce'), 1);
  assert.equal(reportLimit('complaint'), 1);
  assert.equal(reportLimit('softbounce'), SOFT_BOUNCES_PER_MESSAGE);
  assert.equal(SOFT_BOUNCES_PER_MESSAGE, 5);
});

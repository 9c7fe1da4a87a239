import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RecordedFeedback } from './email-feedback-sink.ts';

describe('RecordedFeedback', () => {
  test('one hard bounce and one complaint per message, soft bounces up to five', () => {
    const recorded = new RecordedFeedback();
    assert.deepEqual([1, 2, 3].map(() => recorded.first('m1', 'hardbounce')), [true, false, false]);
    assert.deepEqual([1, 2].map(() => recorded.first('m1', 'complaint')), [true, false]);
    assert.deepEqual(Array.from({ length: 7 }, () => recorded.first('m1', 'softbounce')), [true, true, true, true, true, false, false]);
    assert.equal(recorded.first('m2', 'hardbounce'), true, 'another message counts apart');
  });

  test('only the most recent messages are remembered', () => {
    const recorded = new RecordedFeedback(2);
    assert.equal(recorded.first('m1', 'hardbounce'), true);
    assert.equal(recorded.first('m2', 'hardbounce'), true);
    assert.equal(recorded.first('m3', 'hardbounce'), true);
    assert.equal(recorded.first('m3', 'hardbounce'), false);
    assert.equal(recorded.first('m1', 'hardbounce'), true, 'm1 was forgotten when m3 came');
  });
});

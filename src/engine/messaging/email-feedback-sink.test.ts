import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EmailFeedback } from '../../domain/messages/email-feedback.ts';
import { RecordedFeedback } from './email-feedback-sink.ts';

/** As bounce processing uses it: record when allowed, then note it. */
function record(recorded: RecordedFeedback, messageId: string, kind: EmailFeedback['kind']): boolean {
  if (!recorded.allows(messageId, kind)) return false;
  recorded.note(messageId, kind);
  return true;
}

describe('RecordedFeedback', () => {
  test('one hard bounce and one complaint per message, soft bounces up to five', () => {
    const recorded = new RecordedFeedback();
    assert.deepEqual([1, 2, 3].map(() => record(recorded, 'm1', 'hardbounce')), [true, false, false]);
    assert.deepEqual([1, 2].map(() => record(recorded, 'm1', 'complaint')), [true, false]);
    assert.deepEqual(Array.from({ length: 7 }, () => record(recorded, 'm1', 'softbounce')), [true, true, true, true, true, false, false]);
    assert.equal(record(recorded, 'm2', 'hardbounce'), true, 'another message counts apart');
  });

  test('a report is counted only once noted: one that failed to record may come again', () => {
    const recorded = new RecordedFeedback();
    assert.equal(recorded.allows('m1', 'hardbounce'), true);
    assert.equal(recorded.allows('m1', 'hardbounce'), true);
    recorded.note('m1', 'hardbounce');
    assert.equal(recorded.allows('m1', 'hardbounce'), false);
  });

  test('only the most recent messages are remembered', () => {
    const recorded = new RecordedFeedback(2);
    assert.equal(record(recorded, 'm1', 'hardbounce'), true);
    assert.equal(record(recorded, 'm2', 'hardbounce'), true);
    assert.equal(record(recorded, 'm3', 'hardbounce'), true);
    assert.equal(record(recorded, 'm3', 'hardbounce'), false);
    assert.equal(record(recorded, 'm1', 'hardbounce'), true, 'm1 was forgotten when m3 came');
  });
});

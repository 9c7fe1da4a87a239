import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JobPieceRecord } from '../../../storage/jobs-repository.ts';
import { JobFailedError } from '../job-runner.ts';
import { nextStart, resumePoint } from './export-resume.ts';

function piece(n: number, state: JobPieceRecord['state'], checkpoint?: string, processed = 0): JobPieceRecord {
  return { piece: n, s3Key: `e/job/part-${n}.json.gz`, state, ...(checkpoint === undefined ? {} : { checkpoint }), processed, failures: 0 };
}

describe('export resume point', () => {
  test('a new job writes piece 0 from the first endpoint', () => {
    assert.deepEqual(resumePoint([piece(0, 'PENDING')]), { kind: 'write', piece: 0, startAfter: undefined });
  });

  test('a pending piece starts after the checkpoint of the completed piece before it', () => {
    const pieces = [piece(0, 'COMPLETED', 'id-0004', 5), piece(1, 'COMPLETED', 'id-0009', 5), piece(2, 'PENDING')];
    assert.deepEqual(resumePoint(pieces), { kind: 'write', piece: 2, startAfter: 'id-0009' });
  });

  test('pieces are read in number order whatever order storage gives', () => {
    const pieces = [piece(2, 'PENDING'), piece(0, 'COMPLETED', 'a', 1), piece(1, 'COMPLETED', 'b', 1)];
    assert.deepEqual(resumePoint(pieces), { kind: 'write', piece: 2, startAfter: 'b' });
  });

  test('when every piece is completed, the next piece would start after the last checkpoint', () => {
    assert.deepEqual(resumePoint([piece(0, 'COMPLETED', 'x', 3), piece(1, 'COMPLETED', 'y', 3)]), { kind: 'after-last', next: 2, startAfter: 'y' });
  });

  test('an empty first part leaves no checkpoint: a later part starts from the first endpoint', () => {
    assert.deepEqual(resumePoint([piece(0, 'COMPLETED')]), { kind: 'after-last', next: 1, startAfter: undefined });
    assert.deepEqual(resumePoint([piece(0, 'COMPLETED'), piece(1, 'PENDING')]), { kind: 'write', piece: 1, startAfter: undefined });
  });

  test('no pieces at all: piece 0 is next', () => {
    assert.deepEqual(resumePoint([]), { kind: 'after-last', next: 0, startAfter: undefined });
  });

  test('inconsistent pieces fail the job with the reason', () => {
    const cases: [JobPieceRecord[], RegExp][] = [
      [[piece(0, 'COMPLETED', 'a'), piece(2, 'PENDING')], /piece 1 is missing/],
      [[piece(0, 'PENDING'), piece(1, 'PENDING')], /piece 0 is pending but piece 1 exists/],
      [[piece(0, 'FAILED')], /piece 0 failed/],
    ];
    for (const [pieces, reason] of cases) {
      assert.throws(
        () => resumePoint(pieces),
        (error) => error instanceof JobFailedError && reason.test(error.message) && /create a new export job/.test(error.message),
      );
    }
  });

  test('the next start is the last id written, or the part\'s own start for an empty part', () => {
    assert.equal(nextStart('a', 'f'), 'f');
    assert.equal(nextStart('a', undefined), 'a');
    assert.equal(nextStart(undefined, undefined), undefined);
  });
});

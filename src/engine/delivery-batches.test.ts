import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RecordOutcome, SinkLimits } from '../integrations/event-sink.ts';
import { fullJitterDelay, settleBatch, splitBatches } from './delivery-batches.ts';
import type { PendingRecord } from './delivery-batches.ts';

function record(id: string, partitionKey: string, size = 10): PendingRecord {
  return { id, item: { partitionKey, data: new Uint8Array(size) }, size };
}

const ok: RecordOutcome = { ok: true };
const throttled: RecordOutcome = { ok: false, code: 'ProvisionedThroughputExceededException', message: 'Rate exceeded for shard shardId-000000000000' };

describe('splitBatches', () => {
  const limits: SinkLimits = { maxRecords: 3, maxRequestBytes: 100, maxRecordBytes: 60 };

  test('cuts at the record count, keeping order', () => {
    const records = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => record(id, 'k'));
    const { batches, oversize } = splitBatches(records, limits);
    assert.deepEqual(batches.map((b) => b.map((r) => r.id)), [['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
    assert.deepEqual(oversize, []);
  });

  test('cuts before a record that would pass the request bytes; a request may be exactly at the limit', () => {
    const records = [record('a', 'k', 50), record('b', 'k', 50), record('c', 'k', 1), record('d', 'k', 60), record('e', 'k', 40)];
    const { batches } = splitBatches(records, limits);
    assert.deepEqual(batches.map((b) => b.map((r) => r.id)), [['a', 'b'], ['c', 'd'], ['e']]);
    for (const batch of batches) assert.ok(batch.reduce((n, r) => n + r.size, 0) <= limits.maxRequestBytes);
  });

  test('a record over the per-record limit is set apart, not sent and not blocking the others', () => {
    const records = [record('a', 'k', 10), record('big', 'k', 61), record('b', 'k', 10)];
    const { batches, oversize } = splitBatches(records, limits);
    assert.deepEqual(batches.map((b) => b.map((r) => r.id)), [['a', 'b']]);
    assert.deepEqual(oversize.map((r) => r.id), ['big']);
  });

  test('nothing in, nothing out', () => {
    assert.deepEqual(splitBatches([], limits), { batches: [], oversize: [] });
  });
});

describe('settleBatch', () => {
  test('all written: all acknowledged', () => {
    const batch = [record('1', 'a'), record('2', 'b')];
    assert.deepEqual(settleBatch(batch, [ok, ok], true), { acknowledged: ['1', '2'], failed: [], resent: [], accepted: 2 });
  });

  test('Kinesis: after a failed record, the later written records of its key are re-sent; other keys are done', () => {
    // a1 ok, a2 fails, b1 ok, a3 ok (after a2: re-sent), b2 ok, a4 fails, a5 ok (re-sent)
    const batch = [record('a1', 'a'), record('a2', 'a'), record('b1', 'b'), record('a3', 'a'), record('b2', 'b'), record('a4', 'a'), record('a5', 'a')];
    const settled = settleBatch(batch, [ok, throttled, ok, ok, ok, throttled, ok], true);
    assert.deepEqual(settled.acknowledged, ['a1', 'b1', 'b2']);
    assert.deepEqual(settled.failed.map((f) => f.id), ['a2', 'a4']);
    assert.equal(settled.failed[0]!.code, 'ProvisionedThroughputExceededException');
    assert.deepEqual(settled.resent, ['a3', 'a5']);
    assert.equal(settled.accepted, 5);
  });

  test('Firehose (no key order): every written record is done', () => {
    const batch = [record('a1', 'a'), record('a2', 'a'), record('a3', 'a')];
    const settled = settleBatch(batch, [ok, throttled, ok], false);
    assert.deepEqual(settled.acknowledged, ['a1', 'a3']);
    assert.deepEqual(settled.failed.map((f) => f.id), ['a2']);
    assert.deepEqual(settled.resent, []);
  });

  test('outcomes must match the batch', () => {
    assert.throws(() => settleBatch([record('1', 'a')], [], true), RangeError);
  });
});

describe('fullJitterDelay', () => {
  test('no failure, no delay', () => {
    assert.equal(fullJitterDelay(0, 500, 60_000, () => 0.99), 0);
  });

  test('uniform between 0 and min(cap, base × 2^(n−1))', () => {
    assert.equal(fullJitterDelay(1, 500, 60_000, () => 0.999999), 499);
    assert.equal(fullJitterDelay(3, 500, 60_000, () => 0.5), 1000);
    assert.equal(fullJitterDelay(4, 500, 60_000, () => 0), 0);
    assert.equal(fullJitterDelay(20, 500, 60_000, () => 0.5), 30_000);
    assert.equal(fullJitterDelay(10_000, 500, 60_000, () => 0.999999), 59_999);
    for (let i = 0; i < 200; i++) {
      const delay = fullJitterDelay(5, 500, 60_000);
      assert.ok(delay >= 0 && delay < 8000, String(delay));
    }
  });
});

import type { RecordOutcome, SinkLimits, SinkRecord } from '../integrations/event-sink.ts';

/**
 * The pure part of event-stream delivery: cutting the outbox into requests within a destination's
 * limits, deciding which records are done after a (partly) failed request, and the retry delay.
 */

export interface PendingRecord {
  readonly id: string;
  readonly item: SinkRecord;
  readonly size: number;
}

/**
 * Consecutive records, in order, cut into batches of at most `maxRecords` records and
 * `maxRequestBytes` bytes. A record larger than `maxRecordBytes` can never be delivered and is
 * returned apart (`oversize`) instead of blocking the ones behind it forever.
 */
export function splitBatches(records: readonly PendingRecord[], limits: SinkLimits): { batches: PendingRecord[][]; oversize: PendingRecord[] } {
  const batches: PendingRecord[][] = [];
  const oversize: PendingRecord[] = [];
  let current: PendingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    if (record.size > limits.maxRecordBytes || record.size > limits.maxRequestBytes) {
      oversize.push(record);
      continue;
    }
    if (current.length === limits.maxRecords || bytes + record.size > limits.maxRequestBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += record.size;
  }
  if (current.length > 0) batches.push(current);
  return { batches, oversize };
}

export interface Settlement {
  /** Delivered and done: remove from the outbox. */
  readonly acknowledged: string[];
  /** Refused by the destination: stay in the outbox, attempts + 1. */
  readonly failed: { readonly id: string; readonly code: string; readonly message: string }[];
  /**
   * Delivered, but after a failed record of the same partition key: kept in the outbox and sent
   * again after that record, so the last copy of each record arrives in order.
   */
  readonly resent: string[];
  /** Records the destination accepted in this request (acknowledged + resent). */
  readonly accepted: number;
}

/**
 * Reads a request's per-record outcomes. With `keepKeyOrder` (Kinesis), once a record of a
 * partition key failed, every later record of that key in the batch is kept for re-sending even
 * if it was written: the retry sends the failed record and then those again, in id order.
 */
export function settleBatch(batch: readonly PendingRecord[], outcomes: readonly RecordOutcome[], keepKeyOrder: boolean): Settlement {
  if (outcomes.length !== batch.length) throw new RangeError(`settleBatch: ${outcomes.length} outcomes for ${batch.length} records`);
  const acknowledged: string[] = [];
  const failed: { id: string; code: string; message: string }[] = [];
  const resent: string[] = [];
  const blocked = new Set<string>();
  batch.forEach((record, index) => {
    const outcome = outcomes[index]!;
    if (!outcome.ok) {
      failed.push({ id: record.id, code: outcome.code, message: outcome.message });
      blocked.add(record.item.partitionKey);
    } else if (keepKeyOrder && blocked.has(record.item.partitionKey)) {
      resent.push(record.id);
    } else {
      acknowledged.push(record.id);
    }
  });
  return { acknowledged, failed, resent, accepted: acknowledged.length + resent.length };
}

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff And Jitter): a uniformly random delay
 * between 0 and min(cap, base × 2^(failures − 1)). Spreads retries of many streams apart.
 */
export function fullJitterDelay(failures: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.floor(random() * ceiling);
}

import type { AuditRepository } from '../storage/audit-repository.ts';
import { buildAuditRecord } from './audit-event.ts';
import type { AuditCall, AuditRecord } from './audit-event.ts';
import { createEventIdGenerator } from './audit-event-id.ts';

/** The part of a pino Logger the trail uses (a pino Logger fits). */
export interface AuditLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface AuditTrailOptions {
  /** The account the deployment serves: every record's recipientAccountId. */
  accountId: string;
  logger: AuditLogger;
  /** How often queued records are written (default 1000 ms); a full batch is written sooner. */
  flushIntervalMs?: number;
  /**
   * Records per write (default 500). On SQLite a write runs on the event loop (about 10-20 µs a
   * record), so batches are kept small and the timer yields to requests between them.
   */
  maxBatch?: number;
  /** Records kept in memory while the database cannot take them (default 100 000); the oldest go first. */
  maxQueued?: number;
  /** Records older than this many days are deleted (hourly, and once at start). */
  retentionDays: number;
  /** How often pruning runs (default one hour). */
  pruneIntervalMs?: number;
}

const DAY_MS = 86_400_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * A first-in first-out queue of records with O(1) removal at the head. Every record ever pushed
 * has a sequence number; `firstSeq` is the one at the head, so a batch taken from the head can be
 * removed after its write even if overflow dropped some of it in the meantime.
 */
class RecordQueue {
  #items: (AuditRecord | undefined)[] = [];
  #head = 0;
  firstSeq = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  /** The sequence number the next pushed record gets. */
  get endSeq(): number {
    return this.firstSeq + this.length;
  }

  push(record: AuditRecord): void {
    this.#items.push(record);
  }

  peek(count: number): AuditRecord[] {
    return this.#items.slice(this.#head, this.#head + Math.min(count, this.length)) as AuditRecord[];
  }

  /** Removes up to `count` records from the head; returns how many were removed. */
  dropOldest(count: number): number {
    const n = Math.min(count, this.length);
    for (let i = this.#head; i < this.#head + n; i++) this.#items[i] = undefined;
    this.#head += n;
    this.firstSeq += n;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return n;
  }

  /** Removes every record whose sequence number is below `seq`. */
  removeBefore(seq: number): void {
    if (seq > this.firstSeq) this.dropOldest(seq - this.firstSeq);
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`AuditTrail: ${name} must be a positive integer, got ${value}`);
  return value;
}

/**
 * The audit trail: every finished API call becomes a CloudTrail record (see audit-event.ts),
 * queued in memory and written in batches, so a request pays for building one small object and
 * nothing else. A timer writes the queue every `flushIntervalMs` (sooner when a full batch is
 * waiting), one multi-row insert per batch. When the database refuses, the batch stays at the
 * head of the queue and is retried with exponential backoff and jitter (up to 30 s); the queue is
 * bounded by `maxQueued`, past which the oldest records are dropped and an error log says how many.
 *
 * Lifecycle: construct, start() (timers), record() per request, close() at shutdown (stops the
 * timers and writes what is queued; close the storage after it).
 */
export class AuditTrail {
  readonly #repository: AuditRepository;
  readonly #accountId: string;
  readonly #logger: AuditLogger;
  readonly #flushIntervalMs: number;
  readonly #maxBatch: number;
  readonly #maxQueued: number;
  readonly #retentionDays: number;
  readonly #pruneIntervalMs: number;
  readonly #nextEventId = createEventIdGenerator();
  readonly #queue = new RecordQueue();

  #started = false;
  #closed = false;
  #flushTimer: NodeJS.Timeout | undefined;
  #flushSoon = false;
  #pruneTimer: NodeJS.Timeout | undefined;
  #ticking = false;
  /** Resolves when the write in progress ends (never rejects); undefined when none is. */
  #writing: Promise<void> | undefined;
  #pruning: Promise<unknown> | undefined;
  #failures = 0;
  #retryAt = 0;
  #dropped = 0;
  #droppedUnlogged = 0;
  #lateRecords = 0;

  constructor(repository: AuditRepository, options: AuditTrailOptions) {
    this.#repository = repository;
    this.#accountId = options.accountId;
    this.#logger = options.logger;
    this.#flushIntervalMs = positiveInteger('flushIntervalMs', options.flushIntervalMs ?? 1000);
    this.#maxBatch = positiveInteger('maxBatch', options.maxBatch ?? 500);
    this.#maxQueued = positiveInteger('maxQueued', options.maxQueued ?? 100_000);
    this.#retentionDays = positiveInteger('retentionDays', options.retentionDays);
    this.#pruneIntervalMs = positiveInteger('pruneIntervalMs', options.pruneIntervalMs ?? 3_600_000);
  }

  /** Records waiting to be written. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Records lost so far because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Synchronous and cheap; never throws, never waits for the database. */
  record(call: AuditCall): void {
    try {
      if (this.#closed) {
        this.#lateRecords += 1;
        if (this.#lateRecords === 1) this.#logger.warn({ requestId: call.requestId }, 'audit: a call finished after the audit trail was closed; not recorded');
        return;
      }
      this.#queue.push(buildAuditRecord(call, this.#accountId, this.#nextEventId()));
      if (this.#queue.length > this.#maxQueued) {
        const n = this.#queue.dropOldest(this.#queue.length - this.#maxQueued);
        this.#dropped += n;
        this.#droppedUnlogged += n;
      }
      if (this.#queue.length >= this.#maxBatch) this.#writeSoon();
    } catch (error) {
      try {
        this.#logger.error({ err: error, requestId: call?.requestId }, 'audit: could not record a call');
      } catch {
        // Nothing left to tell; the request must not fail because of its audit record.
      }
    }
  }

  /**
   * Writes everything queued when it is called, batch by batch (waiting for a write already in
   * progress). Rejects with the storage error if a write fails; the unwritten records stay queued.
   */
  async flush(): Promise<void> {
    try {
      await this.#drainTo(this.#queue.endSeq, false);
    } finally {
      this.#reportDrops();
    }
  }

  /** Starts the flush timer and the pruning timer (pruning runs once at once, then every interval). */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#scheduleFlush(this.#flushIntervalMs);
    this.#schedulePrune(0);
  }

  /**
   * Stops the timers and writes what is queued. Does not reject: records that cannot be written
   * at shutdown are reported in an error log with their number.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#flushTimer);
    clearTimeout(this.#pruneTimer);
    this.#flushTimer = undefined;
    this.#pruneTimer = undefined;
    await this.#pruning;
    try {
      await this.flush();
    } catch (error) {
      this.#logger.error({ err: error, lost: this.#queue.length }, 'audit: audit records could not be written at shutdown and are lost');
    }
    this.#reportDrops();
  }

  /** Deletes records older than the retention period; returns how many. */
  async prune(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.#retentionDays * DAY_MS);
    const deleted = await this.#repository.prune(cutoff);
    if (deleted > 0) this.#logger.info({ deleted, olderThan: cutoff.toISOString() }, 'audit: old audit records pruned');
    return deleted;
  }

  /**
   * Writes batches until every record before `target` is written, one write at a time (waiting
   * for a write already in progress). The timer passes `fromTimer`: it then stops when the trail
   * closes or a write failed and the backoff has not elapsed.
   */
  async #drainTo(target: number, fromTimer: boolean): Promise<void> {
    while (this.#queue.firstSeq < target) {
      if (this.#writing !== undefined) {
        await this.#writing;
        continue;
      }
      if (fromTimer && (this.#closed || Date.now() < this.#retryAt)) return;
      await this.#writeBatch();
      // Let waiting requests run between batches (a SQLite write does not yield by itself).
      if (fromTimer && this.#queue.firstSeq < target) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async #writeBatch(): Promise<void> {
    const startSeq = this.#queue.firstSeq;
    const batch = this.#queue.peek(this.#maxBatch);
    const endSeq = startSeq + batch.length;
    let done!: () => void;
    this.#writing = new Promise((resolve) => (done = resolve));
    try {
      await this.#repository.append(batch);
      // Overflow may have dropped part of this batch while it was being written: those records
      // were written after all, so they are not lost.
      const droppedButWritten = Math.max(0, Math.min(endSeq, this.#queue.firstSeq) - startSeq);
      this.#dropped -= droppedButWritten;
      this.#droppedUnlogged = Math.max(0, this.#droppedUnlogged - droppedButWritten);
      this.#queue.removeBefore(endSeq);
      if (this.#failures > 0) {
        this.#logger.info({ failures: this.#failures, queued: this.#queue.length }, 'audit: writing audit records again');
        this.#failures = 0;
        this.#retryAt = 0;
      }
    } catch (error) {
      this.#failures += 1;
      const backoff = Math.min(MAX_BACKOFF_MS, this.#flushIntervalMs * 2 ** Math.min(this.#failures - 1, 20));
      const delay = Math.round(backoff / 2 + Math.random() * (backoff / 2));
      this.#retryAt = Date.now() + delay;
      this.#logger.error(
        { err: error, failures: this.#failures, queued: this.#queue.length, retryInMs: delay },
        'audit: cannot write audit records; keeping them and retrying',
      );
      throw error;
    } finally {
      this.#writing = undefined;
      done();
    }
  }

  /** The timer's work: write what is queued now, unless backing off; report drops; re-arm. */
  readonly #tick = async (): Promise<void> => {
    this.#flushTimer = undefined;
    this.#flushSoon = false;
    if (this.#closed) return;
    this.#ticking = true;
    try {
      await this.#drainTo(this.#queue.endSeq, true);
    } catch {
      // Logged by #writeBatch; the records stay queued for the retry.
    } finally {
      this.#ticking = false;
    }
    this.#reportDrops();
    if (!this.#closed) {
      this.#scheduleFlush(this.#failures > 0 ? Math.max(0, this.#retryAt - Date.now()) : this.#flushIntervalMs);
    }
  };

  #scheduleFlush(delayMs: number): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = setTimeout(() => void this.#tick(), delayMs);
    this.#flushTimer.unref();
  }

  /** A full batch is waiting: write it now rather than at the next interval (not while backing off). */
  #writeSoon(): void {
    if (!this.#started || this.#closed || this.#flushSoon || this.#ticking || this.#failures > 0) return;
    this.#flushSoon = true;
    this.#scheduleFlush(0);
  }

  #schedulePrune(delayMs: number): void {
    this.#pruneTimer = setTimeout(() => {
      this.#pruneTimer = undefined;
      if (this.#closed) return;
      const pruning = this.prune().catch((error: unknown) => {
        this.#logger.error({ err: error }, 'audit: pruning old audit records failed; will try again');
      });
      this.#pruning = pruning;
      void pruning.finally(() => {
        if (this.#pruning === pruning) this.#pruning = undefined;
        if (!this.#closed) this.#schedulePrune(this.#pruneIntervalMs);
      });
    }, delayMs);
    this.#pruneTimer.unref();
  }

  #reportDrops(): void {
    if (this.#droppedUnlogged === 0) return;
    const dropped = this.#droppedUnlogged;
    this.#droppedUnlogged = 0;
    this.#logger.error(
      { dropped, droppedTotal: this.#dropped, maxQueued: this.#maxQueued },
      'audit: audit queue full; the oldest audit records were dropped',
    );
  }
}

// The trail against a real SQLite storage in a temporary directory. Database failures are real
// too: the audit table is renamed away under the trail (and back), or the storage is closed.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { rootPrincipal } from '../iam/principal.ts';
import { openStorage } from '../storage/open-storage.ts';
import type { Storage } from '../storage/repositories.ts';
import { StorageError } from '../storage/storage-error.ts';
import type { AuditCall } from './audit-event.ts';
import { AuditTrail } from './audit-trail.ts';
import type { AuditLogger } from './audit-trail.ts';

const account = '123456789012';
let dir: string;
let n = 0;
const open: { storage: Storage; trail?: AuditTrail }[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pinion-audit-trail-'));
});

afterEach(async () => {
  for (const { storage, trail } of open.splice(0)) {
    await trail?.close();
    await storage.close();
  }
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function freshStorage(): Promise<{ storage: Storage; file: string }> {
  n += 1;
  const file = join(dir, `db-${n}`, 'pinion.sqlite');
  const storage = await openStorage({ kind: 'sqlite', file });
  open.push({ storage });
  return { storage, file };
}

function track(storage: Storage, trail: AuditTrail): AuditTrail {
  const entry = open.find((e) => e.storage === storage);
  if (entry) entry.trail = trail;
  return trail;
}

interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

function collectingLogger(): AuditLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (obj: object, msg?: string) => entries.push({ level, obj: obj as Record<string, unknown>, msg });
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}

function call(i: number, overrides: Partial<AuditCall> = {}): AuditCall {
  return {
    time: new Date(),
    service: 'mobiletargeting',
    operation: 'GetApps',
    region: 'us-east-1',
    sourceIp: '127.0.0.1',
    userAgent: 'test',
    requestId: `request-${i}`,
    caller: rootPrincipal(account),
    accessKeyId: 'AKIAROOT000000000001',
    input: { PageSize: String(i) },
    errorCode: undefined,
    errorMessage: undefined,
    ...overrides,
  };
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function renameAuditTable(file: string, from: string, to: string): void {
  const db = new BetterSqlite3(file, { timeout: 5_000 });
  try {
    db.exec(`ALTER TABLE ${from} RENAME TO ${to}`);
  } finally {
    db.close();
  }
}

async function requestIds(storage: Storage): Promise<string[]> {
  return (await storage.repositories.audit.query({ limit: 10_000 })).map((r) => r.requestID);
}

describe('AuditTrail', () => {
  test('record() only queues; flush() writes everything, in batches, newest first on reading', async () => {
    const { storage } = await freshStorage();
    const logger = collectingLogger();
    const trail = track(storage, new AuditTrail(storage.repositories.audit, { accountId: account, logger, maxBatch: 10, retentionDays: 90 }));
    for (let i = 0; i < 25; i++) trail.record(call(i));
    assert.equal(trail.queued, 25);
    assert.deepEqual(await requestIds(storage), [], 'nothing is written per request');
    await trail.flush();
    assert.equal(trail.queued, 0);
    const ids = await requestIds(storage);
    assert.deepEqual(ids, Array.from({ length: 25 }, (_, i) => `request-${24 - i}`), 'same-second events come back in reverse recording order');
    const [newest] = await storage.repositories.audit.query({ limit: 1 });
    assert.equal(newest?.recipientAccountId, account);
    assert.equal(newest?.eventSource, 'mobiletargeting.amazonaws.com');
    assert.deepEqual(newest?.requestParameters, { pageSize: '24' });
    assert.deepEqual(logger.entries, []);
    await trail.flush(); // nothing queued: a no-op
    assert.equal((await requestIds(storage)).length, 25);
  });

  test('started, the timer writes queued records on its own', async () => {
    const { storage } = await freshStorage();
    const trail = track(storage, new AuditTrail(storage.repositories.audit, { accountId: account, logger: collectingLogger(), flushIntervalMs: 20, retentionDays: 90 }));
    trail.start();
    for (let i = 0; i < 3; i++) trail.record(call(i));
    // The queue lets go of records once the write is acknowledged, which (with the SQLite writer
    // on its own thread) can come a moment after the rows are visible.
    await until('the timer wrote 3 records and let go of them', async () => (await requestIds(storage)).length === 3 && trail.queued === 0);
    assert.equal((await requestIds(storage)).length, 3);
  });

  test('a full batch is written before the interval elapses', async () => {
    const { storage } = await freshStorage();
    const trail = track(
      storage,
      new AuditTrail(storage.repositories.audit, { accountId: account, logger: collectingLogger(), flushIntervalMs: 600_000, maxBatch: 5, retentionDays: 90 }),
    );
    trail.start();
    for (let i = 0; i < 4; i++) trail.record(call(i));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await requestIds(storage)).length, 0, 'less than a batch waits for the interval');
    trail.record(call(4));
    await until('the full batch was written', async () => (await requestIds(storage)).length === 5);
  });

  test('when the database refuses, the batch is kept and retried with growing backoff until it goes in', async () => {
    const { storage, file } = await freshStorage();
    const logger = collectingLogger();
    const trail = track(storage, new AuditTrail(storage.repositories.audit, { accountId: account, logger, flushIntervalMs: 10, retentionDays: 90 }));
    renameAuditTable(file, 'audit_events', 'audit_events_away');
    trail.start();
    for (let i = 0; i < 3; i++) trail.record(call(i));
    const failures = () => logger.entries.filter((e) => e.level === 'error' && e.msg?.includes('cannot write audit records'));
    await until('three failed attempts', () => failures().length >= 3);
    assert.equal(trail.queued, 3, 'nothing is lost while the database refuses');
    const first3 = failures().slice(0, 3);
    first3.forEach((entry, i) => {
      const backoff = 10 * 2 ** i;
      const retryInMs = entry.obj.retryInMs as number;
      assert.ok(retryInMs >= backoff / 2 && retryInMs <= backoff, `attempt ${i + 1}: retry in ${retryInMs} ms, expected ${backoff / 2}..${backoff}`);
      assert.equal(entry.obj.failures, i + 1);
      assert.ok(entry.obj.err instanceof StorageError, 'the storage error is logged');
    });
    await assert.rejects(trail.flush(), StorageError, 'an explicit flush reports the failure');
    assert.equal(trail.queued, 3);

    renameAuditTable(file, 'audit_events_away', 'audit_events');
    await until('the kept batch was written', async () => trail.queued === 0);
    assert.deepEqual((await requestIds(storage)).sort(), ['request-0', 'request-1', 'request-2'], 'each record exactly once');
    assert.ok(logger.entries.some((e) => e.level === 'info' && e.msg === 'audit: writing audit records again'));
  });

  test('past maxQueued the oldest records are dropped and an error log counts them', async () => {
    const { storage, file } = await freshStorage();
    const logger = collectingLogger();
    const trail = track(storage, new AuditTrail(storage.repositories.audit, { accountId: account, logger, maxQueued: 5, retentionDays: 90 }));
    renameAuditTable(file, 'audit_events', 'audit_events_away');
    for (let i = 0; i < 8; i++) trail.record(call(i));
    assert.equal(trail.queued, 5);
    assert.equal(trail.dropped, 3);
    await assert.rejects(trail.flush(), StorageError);
    const drops = logger.entries.filter((e) => e.msg?.includes('oldest audit records were dropped'));
    assert.equal(drops.length, 1);
    assert.equal(drops[0]!.level, 'error');
    assert.equal(drops[0]!.obj.dropped, 3);
    assert.equal(drops[0]!.obj.maxQueued, 5);

    renameAuditTable(file, 'audit_events_away', 'audit_events');
    await trail.flush();
    assert.deepEqual(await requestIds(storage), ['request-7', 'request-6', 'request-5', 'request-4', 'request-3'], 'the newest five were kept');
  });

  test('a closed database: flush rejects and keeps the records; close() reports what is lost without throwing', async () => {
    const { storage } = await freshStorage();
    const logger = collectingLogger();
    const trail = new AuditTrail(storage.repositories.audit, { accountId: account, logger, retentionDays: 90 });
    await storage.close();
    trail.record(call(1));
    trail.record(call(2));
    await assert.rejects(trail.flush(), (error) => {
      assert.ok(error instanceof StorageError);
      assert.equal(error.operation, 'audit.append');
      return true;
    });
    assert.equal(trail.queued, 2);
    await trail.close();
    const lost = logger.entries.find((e) => e.msg?.includes('could not be written at shutdown'));
    assert.equal(lost?.level, 'error');
    assert.equal(lost?.obj.lost, 2);

    trail.record(call(3));
    assert.equal(trail.queued, 2, 'a call after close is not queued');
    assert.ok(logger.entries.some((e) => e.level === 'warn' && e.msg?.includes('after the audit trail was closed')));
  });

  test('record() never throws, even on input it cannot read', async () => {
    const { storage } = await freshStorage();
    const logger = collectingLogger();
    const trail = track(storage, new AuditTrail(storage.repositories.audit, { accountId: account, logger, retentionDays: 90 }));
    const hostile = {
      get Boom(): string {
        throw new Error('getter exploded');
      },
    };
    assert.doesNotThrow(() => trail.record(call(1, { input: hostile })));
    assert.equal(trail.queued, 0);
    assert.equal(logger.entries[0]?.level, 'error');
    assert.equal(logger.entries[0]?.obj.requestId, 'request-1');
    trail.record(call(2));
    assert.equal(trail.queued, 1, 'the trail keeps working');
  });

  test('retention: prune deletes records older than retentionDays, and start() prunes at once', async () => {
    const { storage } = await freshStorage();
    const logger = collectingLogger();
    const day = 86_400_000;
    const trail = track(storage, new AuditTrail(storage.repositories.audit, { accountId: account, logger, retentionDays: 30, flushIntervalMs: 600_000 }));
    trail.record(call(1, { time: new Date(Date.now() - 31 * day) }));
    trail.record(call(2, { time: new Date(Date.now() - 29 * day) }));
    trail.record(call(3, { time: new Date(Date.now() - 45 * day) }));
    await trail.flush();
    assert.equal(await trail.prune(), 2);
    assert.deepEqual(await requestIds(storage), ['request-2']);
    assert.equal(await trail.prune(), 0);
    assert.ok(logger.entries.some((e) => e.msg === 'audit: old audit records pruned' && e.obj.deleted === 2));

    trail.record(call(4, { time: new Date(Date.now() - 40 * day) }));
    await trail.flush();
    trail.start();
    await until('start() pruned the old record', async () => (await requestIds(storage)).length === 1);
  });

  test('options are checked', async () => {
    const repository = (await freshStorage()).storage.repositories.audit;
    assert.throws(() => new AuditTrail(repository, { accountId: account, logger: collectingLogger(), retentionDays: 0 }), /retentionDays/);
    assert.throws(() => new AuditTrail(repository, { accountId: account, logger: collectingLogger(), retentionDays: 1, maxBatch: 1.5 }), /maxBatch/);
  });
});

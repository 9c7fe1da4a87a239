// The event-stream repository on a real SQLite file and a real PostgreSQL database
// (test/helpers/storage-targets.ts): configuration, health, the outbox and the delivery lease.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appArn } from '../../src/domain/arn.ts';
import { createEventIdGenerator } from '../../src/observability/audit-event-id.ts';
import type { EventStreamConfig, EventStreamsRepository } from '../../src/storage/event-streams-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';

const TENANT: Tenant = { accountId: '123456789012', region: 'us-east-1' };
const OTHER_REGION: Tenant = { accountId: '123456789012', region: 'eu-west-1' };
const CREATED = '2026-11-23T10:00:00.000Z';
let appCounter = 0;

function appId(): string {
  appCounter += 1;
  return `${String(appCounter).padStart(4, '0')}${'a'.repeat(28)}`;
}

function config(id: string, overrides: Partial<EventStreamConfig> = {}): EventStreamConfig {
  return {
    applicationId: id,
    destinationStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/events',
    roleArn: 'arn:aws:iam::123456789012:role/PinpointEventStreamRole',
    externalId: undefined,
    lastModifiedDate: '2026-11-23T11:00:00.000Z',
    lastUpdatedBy: 'arn:aws:iam::123456789012:user/alice',
    ...overrides,
  };
}

const record = (n: number, endpoint = `endpoint-${n % 3}`) => JSON.stringify({ event_type: '_session.start', n, client: { client_id: endpoint } });

const { sqlite, postgres } = storageTargets('event-streams');
for (const target of [sqlite, postgres] as StorageTarget[]) {
  describe(`event streams storage on ${target.kind}`, () => {
    let options: StorageOptions;
    let storage: Storage;
    let streams: EventStreamsRepository;

    /** A new app of TENANT (and, when asked, its stream). */
    async function newApp(withStream = true, tenant: Tenant = TENANT, id = appId()): Promise<string> {
      await storage.repositories.apps.create(tenant, { id, name: id, arn: appArn(tenant, id), creationDate: CREATED }, {});
      if (withStream) assert.equal(await streams.put(tenant, config(id)), true);
      return id;
    }

    before(async () => {
      options = await target.fresh();
      storage = await openStorage(options);
      streams = storage.repositories.eventStreams;
    });

    after(async () => {
      await storage?.close();
      await target.cleanup();
    });

    test('put needs the app; get answers the configuration with a HEALTHY state', async () => {
      assert.equal(await streams.put(TENANT, config('f'.repeat(32))), false);
      assert.equal(await streams.get(TENANT, 'f'.repeat(32)), undefined);
      const id = await newApp();
      assert.deepEqual(await streams.get(TENANT, id), {
        ...config(id),
        tenant: TENANT,
        health: 'HEALTHY',
        healthReason: undefined,
        healthSince: undefined,
        lastDeliveryDate: undefined,
      });
      // Same app id, other region: another tenant, nothing there.
      assert.equal(await streams.get(OTHER_REGION, id), undefined);
    });

    test('put replaces the configuration, starts HEALTHY again and keeps the backlog', async () => {
      const id = await newApp();
      await streams.enqueue(TENANT, id, [{ partitionKey: 'e1', record: record(1) }]);
      await streams.setHealth(TENANT, id, 'UNHEALTHY', 'role check failed: nope', new Date('2026-11-23T12:00:00.000Z'));
      const replaced = config(id, { destinationStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/x', externalId: 'legacy', lastModifiedDate: '2026-11-23T13:00:00.000Z' });
      assert.equal(await streams.put(TENANT, replaced), true);
      const state = await streams.get(TENANT, id);
      assert.equal(state?.destinationStreamArn, replaced.destinationStreamArn);
      assert.equal(state?.externalId, 'legacy');
      assert.equal(state?.lastModifiedDate, '2026-11-23T13:00:00.000Z');
      assert.equal(state?.health, 'HEALTHY');
      assert.equal(state?.healthReason, undefined);
      assert.equal((await streams.backlog(TENANT, id)).count, 1);
    });

    test('enqueue appends only when the project streams; claim reads oldest first, in id order', async () => {
      const withoutStream = await newApp(false);
      assert.equal(await streams.enqueue(TENANT, withoutStream, [{ partitionKey: 'e', record: record(0) }]), 0);
      assert.equal((await streams.backlog(TENANT, withoutStream)).count, 0);

      const id = await newApp();
      const next = createEventIdGenerator();
      const explicit = Array.from({ length: 5 }, (_, n) => ({ id: next(), partitionKey: `e${n % 2}`, record: record(n), enqueuedDate: `2026-11-23T14:00:0${n}.000Z` }));
      // Given out of order: the id decides the order, not the insertion.
      assert.equal(await streams.enqueue(TENANT, id, [...explicit].reverse()), 5);
      // The repository's ids come from its own generator: a later millisecond makes them sort
      // after the explicit ones (two generators within one millisecond do not order each other).
      await new Promise((resolve) => setTimeout(resolve, 2));
      const generated = Array.from({ length: 250 }, (_, n) => ({ partitionKey: `g${n % 7}`, record: record(100 + n) }));
      assert.equal(await streams.enqueue(TENANT, id, generated), 250);

      const first = await streams.claim(TENANT, id, 3);
      assert.deepEqual(first, explicit.slice(0, 3).map((e) => ({ id: e.id, partitionKey: e.partitionKey, record: e.record, enqueuedDate: e.enqueuedDate, attempts: 0 })));
      const all = await streams.claim(TENANT, id, 1000);
      assert.equal(all.length, 255);
      assert.deepEqual(all.map((r) => r.id), [...all.map((r) => r.id)].sort(), 'id order');
      assert.deepEqual(all.slice(5).map((r) => JSON.parse(r.record).n), generated.map((_, n) => 100 + n), 'generated ids keep the order given');
      for (const r of all.slice(5)) assert.match(r.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.deepEqual(await streams.backlog(TENANT, id), { count: 255, oldestEnqueuedDate: '2026-11-23T14:00:00.000Z' });
      await assert.rejects(streams.claim(TENANT, id, 0), RangeError);
    });

    test('enqueue refuses entries without a partition key or record, writing nothing', async () => {
      const id = await newApp();
      await assert.rejects(streams.enqueue(TENANT, id, [{ partitionKey: 'ok', record: '{}' }, { partitionKey: '', record: '{}' }]), RangeError);
      await assert.rejects(streams.enqueue(TENANT, id, [{ partitionKey: 'ok', record: undefined as unknown as string }]), /record as JSON text/);
      assert.equal((await streams.backlog(TENANT, id)).count, 0);
    });

    test('acknowledge removes delivered records and records the delivery; bumpAttempts and discard', async () => {
      const id = await newApp();
      const other = await newApp();
      await streams.enqueue(TENANT, id, Array.from({ length: 6 }, (_, n) => ({ partitionKey: 'e', record: record(n) })));
      await streams.enqueue(TENANT, other, [{ partitionKey: 'e', record: record(9) }]);
      const claimed = await streams.claim(TENANT, id, 10);
      const otherId = (await streams.claim(TENANT, other, 1))[0]!.id;
      // An id of another project is never touched through this project.
      await streams.acknowledge(TENANT, id, [claimed[0]!.id, claimed[1]!.id, otherId], new Date('2026-11-23T15:00:00.000Z'));
      assert.equal((await streams.get(TENANT, id))?.lastDeliveryDate, '2026-11-23T15:00:00.000Z');
      assert.equal((await streams.backlog(TENANT, other)).count, 1);
      await streams.bumpAttempts(TENANT, id, [claimed[2]!.id, claimed[3]!.id]);
      await streams.bumpAttempts(TENANT, id, [claimed[2]!.id]);
      await streams.discard(TENANT, id, [claimed[5]!.id]);
      const left = await streams.claim(TENANT, id, 10);
      assert.deepEqual(left.map((r) => [r.id, r.attempts]), [[claimed[2]!.id, 2], [claimed[3]!.id, 1], [claimed[4]!.id, 0]]);
      await streams.acknowledge(TENANT, id, [], new Date());
      assert.equal((await streams.get(TENANT, id))?.lastDeliveryDate, '2026-11-23T15:00:00.000Z', 'nothing acknowledged, date kept');
    });

    test('acknowledging many records at once (more than one statement)', async () => {
      const id = await newApp();
      await streams.enqueue(TENANT, id, Array.from({ length: 1100 }, (_, n) => ({ partitionKey: `e${n % 50}`, record: record(n) })));
      const claimed = await streams.claim(TENANT, id, 1100);
      await streams.acknowledge(TENANT, id, claimed.slice(0, 1050).map((r) => r.id), new Date());
      assert.equal((await streams.backlog(TENANT, id)).count, 50);
    });

    test('prune deletes records enqueued before the cutoff and says how many', async () => {
      const id = await newApp();
      const dates = ['2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z', '2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z'];
      await streams.enqueue(TENANT, id, dates.map((enqueuedDate, n) => ({ partitionKey: 'e', record: record(n), enqueuedDate })));
      assert.equal(await streams.prune(TENANT, id, new Date('2026-11-22T00:00:00.000Z')), 2);
      assert.equal(await streams.prune(TENANT, id, new Date('2026-11-22T00:00:00.000Z')), 0);
      assert.deepEqual(await streams.backlog(TENANT, id), { count: 2, oldestEnqueuedDate: '2026-11-22T00:00:00.000Z' });
      await assert.rejects(streams.prune(TENANT, id, new Date(Number.NaN)), RangeError);
    });

    test('setHealth says when something changed; healthSince moves only with the health itself', async () => {
      const id = await newApp();
      const t1 = new Date('2026-11-23T16:00:00.000Z');
      const t2 = new Date('2026-11-23T16:05:00.000Z');
      assert.deepEqual(await streams.setHealth(TENANT, id, 'HEALTHY', undefined, t1), { changed: false, previous: 'HEALTHY' });
      assert.deepEqual(await streams.setHealth(TENANT, id, 'UNHEALTHY', 'role check failed: a', t1), { changed: true, previous: 'HEALTHY' });
      assert.deepEqual(await streams.setHealth(TENANT, id, 'UNHEALTHY', 'role check failed: a', t2), { changed: false, previous: 'UNHEALTHY' });
      assert.deepEqual(await streams.setHealth(TENANT, id, 'UNHEALTHY', 'Kinesis PutRecords failed', t2), { changed: true, previous: 'UNHEALTHY' });
      let state = await streams.get(TENANT, id);
      assert.equal(state?.health, 'UNHEALTHY');
      assert.equal(state?.healthReason, 'Kinesis PutRecords failed');
      assert.equal(state?.healthSince, t1.toISOString());
      assert.deepEqual(await streams.setHealth(TENANT, id, 'HEALTHY', 'ignored', t2), { changed: true, previous: 'UNHEALTHY' });
      state = await streams.get(TENANT, id);
      assert.equal(state?.healthReason, undefined);
      assert.equal(state?.healthSince, t2.toISOString());
      assert.equal(await streams.setHealth(TENANT, 'e'.repeat(32), 'HEALTHY', undefined, t2), undefined);
    });

    test('delete removes the stream and its backlog, nothing of other projects or regions', async () => {
      const id = await newApp();
      const sameIdOtherRegion = await newApp(true, OTHER_REGION, id);
      const other = await newApp();
      for (const [tenant, app] of [[TENANT, id], [OTHER_REGION, sameIdOtherRegion], [TENANT, other]] as const) {
        await streams.enqueue(tenant, app, [{ partitionKey: 'e', record: record(1) }, { partitionKey: 'e', record: record(2) }]);
      }
      const deleted = await streams.delete(TENANT, id);
      assert.equal(deleted?.applicationId, id);
      assert.equal(deleted?.destinationStreamArn, config(id).destinationStreamArn);
      assert.equal(await streams.get(TENANT, id), undefined);
      assert.equal((await streams.backlog(TENANT, id)).count, 0);
      assert.equal(await streams.delete(TENANT, id), undefined);
      assert.equal((await streams.backlog(OTHER_REGION, id)).count, 2);
      assert.equal((await streams.backlog(TENANT, other)).count, 2);
      const rows = await target.query(options, `select count(*) as n from event_stream_outbox where app_id = '${id}' and region = 'us-east-1'`);
      assert.equal(Number(rows[0]!.n), 0);
    });

    test('deleting the app deletes its stream and backlog', async () => {
      const id = await newApp();
      await streams.enqueue(TENANT, id, [{ partitionKey: 'e', record: record(1) }]);
      await storage.repositories.apps.delete(TENANT, id);
      assert.equal(await streams.get(TENANT, id), undefined);
      const rows = await target.query(options, `select count(*) as n from event_stream_outbox where app_id = '${id}'`);
      assert.equal(Number(rows[0]!.n), 0);
    });

    test('list: every stream of every tenant in a stable order', async () => {
      const listed = await streams.list();
      const keys = listed.map((s) => `${s.tenant.accountId}/${s.tenant.region}/${s.applicationId}`);
      assert.deepEqual(keys, [...keys].sort());
      assert.ok(listed.some((s) => s.tenant.region === 'eu-west-1'));
      assert.ok(listed.length >= 5);
    });

    test('a stored health that is not HEALTHY or UNHEALTHY is a StorageError, not a guess', async () => {
      const id = await newApp();
      await target.exec(options, `update event_streams set health = 'SICK' where app_id = '${id}'`);
      await assert.rejects(streams.get(TENANT, id), /stored health of the event stream of app .* is 'SICK'/);
      await target.exec(options, `update event_streams set health = 'HEALTHY' where app_id = '${id}'`);
    });

    test('the delivery lease: one holder at a time, released after the work (even when it throws)', async () => {
      const id = await newApp();
      let release!: () => void;
      const holding = streams.withDeliveryLease(TENANT, id, () => new Promise<string>((resolve) => (release = () => resolve('delivered'))));
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(await streams.withDeliveryLease(TENANT, id, async () => 'second'), { acquired: false });
      // Other streams are not held up.
      assert.deepEqual(await streams.withDeliveryLease(TENANT, await newApp(), async () => 'other'), { acquired: true, value: 'other' });
      release();
      assert.deepEqual(await holding, { acquired: true, value: 'delivered' });
      await assert.rejects(streams.withDeliveryLease(TENANT, id, async () => Promise.reject(new Error('boom'))), /boom/);
      assert.deepEqual(await streams.withDeliveryLease(TENANT, id, async () => 'again'), { acquired: true, value: 'again' });
    });

    if (target.kind === 'postgres') {
      test('the lease holds across processes: a second storage on the same database cannot take it', async () => {
        const id = await newApp();
        const second = await openStorage(options);
        try {
          let release!: () => void;
          const holding = streams.withDeliveryLease(TENANT, id, () => new Promise<void>((resolve) => (release = resolve)));
          await new Promise((resolve) => setTimeout(resolve, 100));
          assert.deepEqual(await second.repositories.eventStreams.withDeliveryLease(TENANT, id, async () => 'stolen'), { acquired: false });
          release();
          await holding;
          assert.deepEqual(await second.repositories.eventStreams.withDeliveryLease(TENANT, id, async () => 'taken'), { acquired: true, value: 'taken' });
          // A holder whose connection dies loses the lease with it.
          const third = await openStorage(options);
          const abandoned = third.repositories.eventStreams.withDeliveryLease(TENANT, id, () => new Promise<void>(() => undefined));
          await new Promise((resolve) => setTimeout(resolve, 100));
          assert.deepEqual(await streams.withDeliveryLease(TENANT, id, async () => 'x'), { acquired: false });
          await target.exec(
            options,
            `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and pid <> pg_backend_pid() and database = (select oid from pg_database where datname = current_database())`,
          );
          void abandoned.catch(() => undefined);
          // Its pool still counts the dead connection as checked out: closing would wait forever.
          void third.close().catch(() => undefined);
          let taken = false;
          for (let i = 0; i < 50 && !taken; i++) {
            taken = (await streams.withDeliveryLease(TENANT, id, async () => true)).acquired;
            if (!taken) await new Promise((resolve) => setTimeout(resolve, 100));
          }
          assert.ok(taken, 'the lease of a dead connection is free again');
        } finally {
          await second.close();
        }
      });
    }
  });
}

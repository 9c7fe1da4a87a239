// Event-stream delivery to a Firehose peer (test/helpers/firehose-peer.ts, awsJson1_1 over HTTP)
// by the worker serve.ts runs, on SQLite and on PostgreSQL; on PostgreSQL also two workers (two
// storages, as two processes) sharing one database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EventStreamDelivery } from '../../src/engine/event-stream-delivery.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import { FirehosePeer } from '../helpers/firehose-peer.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';
import { ACCOUNT, describeOnlyPolicy, eventRecord, metricValue, newWorker, openWorld, permissionsPolicy, setRolePolicy, streamingProject, TENANT, until } from '../helpers/event-stream-world.ts';
import type { World } from '../helpers/event-stream-world.ts';

let streamCounter = 0;

async function enqueue(world: World, appId: string, count: number, padding = 0, from = 0): Promise<void> {
  const entries = Array.from({ length: count }, (_, i) => ({ partitionKey: `endpoint-${(from + i) % 5}`, record: eventRecord(appId, `endpoint-${(from + i) % 5}`, from + i, padding) }));
  assert.equal(await world.storage.repositories.eventStreams.enqueue(TENANT, appId, entries), count);
}

/** Every record arrived as one JSON object followed by a newline; returns how many copies of each number. */
function assertComplete(records: readonly string[], count: number, appId: string): Map<number, number> {
  const copies = new Map<number, number>();
  for (const text of records) {
    assert.ok(text.endsWith('}\n'), 'one JSON object and a newline');
    assert.equal(text.indexOf('\n'), text.length - 1, 'exactly one newline, at the end');
    const parsed = JSON.parse(text) as { application: { app_id: string }; attributes: { n: string } };
    assert.equal(parsed.application.app_id, appId);
    const n = Number(parsed.attributes.n);
    copies.set(n, (copies.get(n) ?? 0) + 1);
  }
  for (let n = 0; n < count; n++) assert.ok(copies.has(n), `record ${n} arrived`);
  assert.equal(copies.size, count);
  return copies;
}

const { sqlite, postgres } = storageTargets('event-stream-firehose');
for (const target of [sqlite, postgres] as StorageTarget[]) {
  describe(`event stream delivery to Firehose (${target.kind})`, () => {
    let peer: FirehosePeer;
    let world: World;
    let worker: EventStreamDelivery;
    let options: StorageOptions;
    const backlog = async (appId: string) => (await world.storage.repositories.eventStreams.backlog(TENANT, appId)).count;
    const drain = (what: string, done: () => Promise<boolean> | boolean) => until(what, done, () => worker.runOnce());

    before(async () => {
      peer = await FirehosePeer.start();
      options = await target.fresh();
      world = await openWorld(options, { firehose: peer.url });
      worker = newWorker(world);
    });

    after(async () => {
      await world?.close();
      await peer?.stop();
      await target.cleanup();
    });

    async function firehoseProject(policy?: (arn: string) => string) {
      const name = `events-${target.kind}-${++streamCounter}`;
      peer.createStream(name);
      const arn = `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/${name}`;
      return { name, arn, ...(await streamingProject(world, arn, policy ? policy(arn) : undefined)) };
    }

    test('records arrive whole, newline-terminated, within PutRecordBatch limits (500 records, 4 MiB)', async () => {
      const { name, appId } = await firehoseProject();
      // 40 records of about 300 KiB need several requests by size; 1300 small ones by count.
      await enqueue(world, appId, 40, 300 * 1024);
      await enqueue(world, appId, 1300, 0, 40);
      await drain('the backlog to empty', async () => (await backlog(appId)) === 0);
      const copies = assertComplete(peer.records(name), 1340, appId);
      assert.ok([...copies.values()].every((n) => n === 1), 'exactly once without failures');
      const requests = peer.requests.filter((r) => r.stream === name);
      assert.ok(requests.every((r) => r.records <= 500 && r.bytes <= 4 * 1024 * 1024));
      assert.ok(requests.length >= 6, `${requests.length} requests`);
      assert.ok(requests.every((r) => r.region === 'us-east-1'), 'the client is made for the region of the stream ARN');
      assert.deepEqual(peer.violations, []);
    });

    test('throttled requests and refused records are retried until everything is there', async () => {
      const { name, appId } = await firehoseProject();
      peer.throttle(3);
      peer.failRecords(250);
      await enqueue(world, appId, 700);
      await drain('the backlog to empty', async () => (await backlog(appId)) === 0);
      assertComplete(peer.records(name), 700, appId);
      assert.ok((await metricValue(world.metrics, 'pinion_event_stream_delivery_failures_total', { app_id: appId, cause: 'request' })) >= 3);
      assert.ok((await metricValue(world.metrics, 'pinion_event_stream_records_refused_total', { app_id: appId })) >= 250);
      assert.equal(await metricValue(world.metrics, 'pinion_event_stream_records_delivered_total', { app_id: appId }), 700);
    });

    test('the peer stopped mid-way and restarted: nothing is lost', async () => {
      const { name, appId } = await firehoseProject();
      peer.stopAfter(2);
      await enqueue(world, appId, 1600);
      await drain('the stream to turn UNHEALTHY', async () => (await world.storage.repositories.eventStreams.get(TENANT, appId))?.health === 'UNHEALTHY');
      assert.equal(peer.running, false);
      assert.equal(await backlog(appId), 600, 'two requests of 500 delivered, the rest kept');
      assert.match((await world.storage.repositories.eventStreams.get(TENANT, appId))!.healthReason!, /^Firehose PutRecordBatch to arn:aws:firehose:.* failed: /);
      await peer.restart();
      await drain('the backlog to empty', async () => (await backlog(appId)) === 0);
      assertComplete(peer.records(name), 1600, appId);
      assert.equal((await world.storage.repositories.eventStreams.get(TENANT, appId))?.health, 'HEALTHY');
    });

    test('a role without firehose:PutRecordBatch: nothing sent until the role is fixed', async () => {
      const { name, arn, appId, roleName } = await firehoseProject(describeOnlyPolicy);
      await enqueue(world, appId, 50);
      await worker.runOnce();
      await worker.runOnce();
      const state = await world.storage.repositories.eventStreams.get(TENANT, appId);
      assert.equal(state?.health, 'UNHEALTHY');
      assert.match(state!.healthReason!, /do not allow firehose:PutRecordBatch on arn:aws:firehose:/);
      assert.equal(peer.records(name).length, 0);
      await setRolePolicy(world, roleName, permissionsPolicy(arn));
      await drain('the backlog to empty', async () => (await backlog(appId)) === 0);
      assertComplete(peer.records(name), 50, appId);
    });

    test('a record larger than Firehose accepts is dropped, counted and logged; the others go', async () => {
      const { name, appId } = await firehoseProject();
      await enqueue(world, appId, 3);
      await world.storage.repositories.eventStreams.enqueue(TENANT, appId, [{ partitionKey: 'big', record: eventRecord(appId, 'big', 3, 1_100 * 1024) }]);
      await enqueue(world, appId, 2, 0, 4);
      world.logs.length = 0;
      await drain('the backlog to empty', async () => (await backlog(appId)) === 0);
      const numbers = peer.records(name).map((text) => Number((JSON.parse(text) as { attributes: { n: string } }).attributes.n));
      assert.deepEqual(numbers.sort(), [0, 1, 2, 4, 5]);
      assert.equal(await metricValue(world.metrics, 'pinion_event_stream_records_dropped_total', { app_id: appId, reason: 'oversize' }), 1);
      assert.equal(world.logs.filter((l) => l.msg.startsWith('event stream: records larger than the destination accepts')).length, 1);
      assert.deepEqual(peer.violations, []);
    });

    test('close() aborts the request in flight and keeps its records in the outbox', async () => {
      const { name, appId } = await firehoseProject();
      const running = newWorker(world, { pollIntervalMs: 50 });
      peer.delayMs = 30_000;
      await enqueue(world, appId, 10);
      running.start();
      await until('a request in flight', () => peer.maxConcurrentPerStream > 0);
      const started = Date.now();
      await running.close();
      peer.delayMs = 0;
      assert.ok(Date.now() - started < 20_000, 'close did not wait for the answer');
      assert.equal(await backlog(appId), 10);
      await drain('the backlog to empty', async () => (await backlog(appId)) === 0);
      assert.ok(peer.records(name).length >= 10);
    });

    if (target.kind === 'postgres') {
      test('two workers on one database (two processes) never deliver the same stream at once', async () => {
        const shared = await openWorld(options, { firehose: peer.url });
        try {
          const projects = [await firehoseProject(), await firehoseProject()];
          peer.maxConcurrentPerStream = 0;
          peer.delayMs = 20;
          for (const { appId } of projects) await enqueue(world, appId, 2000);
          const workers = [newWorker(world, { pollIntervalMs: 20 }), newWorker(shared, { pollIntervalMs: 20 })];
          for (const w of workers) w.start();
          try {
            await until('both backlogs to empty', async () => (await backlog(projects[0]!.appId)) === 0 && (await backlog(projects[1]!.appId)) === 0);
          } finally {
            for (const w of workers) await w.close();
            peer.delayMs = 0;
          }
          assert.equal(peer.maxConcurrentPerStream, 1, 'one request at a time per delivery stream');
          for (const { name, appId } of projects) {
            const copies = assertComplete(peer.records(name), 2000, appId);
            assert.ok([...copies.values()].every((n) => n === 1), 'each record once');
          }
        } finally {
          await shared.close();
        }
      });
    }
  });
}

// Event-stream delivery to a real Kinesis-compatible server (kinesalite behind
// test/helpers/kinesis-peer.ts), by the worker serve.ts runs, on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EventStreamDelivery } from '../../src/engine/event-stream-delivery.ts';
import { KinesisPeer } from '../helpers/kinesis-peer.ts';
import type { StreamRecord } from '../helpers/kinesis-peer.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';
import { ACCOUNT, describeOnlyPolicy, eventRecord, metricValue, newWorker, openWorld, permissionsPolicy, setRolePolicy, streamingProject, TENANT, until } from '../helpers/event-stream-world.ts';
import type { World } from '../helpers/event-stream-world.ts';

let streamCounter = 0;

function streamArn(name: string): string {
  return `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
}

/** Records numbered 0..count-1 over `endpoints` endpoints, enqueued in one call. */
async function enqueue(world: World, appId: string, count: number, endpoints = 5, from = 0): Promise<void> {
  const entries = Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return { partitionKey: `endpoint-${n % endpoints}`, record: eventRecord(appId, `endpoint-${n % endpoints}`, n) };
  });
  assert.equal(await world.storage.repositories.eventStreams.enqueue(TENANT, appId, entries), count);
}

function numbers(records: readonly StreamRecord[]): number[] {
  return records.map((record) => Number((JSON.parse(record.data) as { attributes: { n: string } }).attributes.n));
}

/**
 * Every record arrived whole and parseable, and per partition key the last copy of each record
 * is in enqueue order (a record re-sent after a failed predecessor may also appear earlier).
 */
function assertCompleteAndOrdered(records: readonly StreamRecord[], count: number, from = 0): void {
  for (const record of records) {
    const parsed = JSON.parse(record.data) as { event_type: string; client: { client_id: string }; awsAccountId: string };
    assert.equal(parsed.event_type, 'purchase');
    assert.equal(parsed.client.client_id, record.partitionKey);
    assert.equal(parsed.awsAccountId, ACCOUNT);
  }
  const seen = new Set(numbers(records));
  for (let n = from; n < from + count; n++) assert.ok(seen.has(n), `record ${n} arrived`);
  const byKey = new Map<string, StreamRecord[]>();
  for (const record of records) byKey.set(record.partitionKey, [...(byKey.get(record.partitionKey) ?? []), record]);
  for (const [key, keyed] of byKey) {
    assert.equal(new Set(keyed.map((r) => r.shardId)).size, 1, `one shard per key ${key}`);
    const lastCopies: number[] = [];
    const all = numbers(keyed);
    all.forEach((n, index) => {
      if (all.lastIndexOf(n) === index) lastCopies.push(n);
    });
    assert.deepEqual(lastCopies, [...lastCopies].sort((a, b) => a - b), `last copies of ${key} are in order`);
  }
}

const { sqlite, postgres } = storageTargets('event-stream-kinesis');
for (const target of [sqlite, postgres] as StorageTarget[]) {
  describe(`event stream delivery to Kinesis (${target.kind})`, () => {
    let peer: KinesisPeer;
    let world: World;
    let worker: EventStreamDelivery;
    const drain = (what: string, done: () => Promise<boolean> | boolean) => until(what, done, () => worker.runOnce());

    before(async () => {
      peer = await KinesisPeer.start();
      world = await openWorld(await target.fresh(), { kinesis: peer.url });
      worker = newWorker(world);
    });

    after(async () => {
      await world?.close();
      await peer?.close();
      await target.cleanup();
    });

    async function kinesisProject(policy?: (arn: string) => string) {
      const name = `events-${target.kind}-${++streamCounter}`;
      await peer.createStream(name, 2);
      const arn = streamArn(name);
      return { name, arn, ...(await streamingProject(world, arn, policy ? policy(arn) : undefined)) };
    }

    test('records arrive complete, parseable and in order per endpoint; the outbox empties; HEALTHY', async () => {
      const { name, appId } = await kinesisProject();
      await enqueue(world, appId, 1200, 7);
      await drain('the backlog to empty', async () => (await world.storage.repositories.eventStreams.backlog(TENANT, appId)).count === 0);
      const records = await peer.records(name);
      assert.equal(records.length, 1200, 'exactly once without failures');
      assertCompleteAndOrdered(records, 1200);
      const state = await world.storage.repositories.eventStreams.get(TENANT, appId);
      assert.equal(state?.health, 'HEALTHY');
      assert.ok(state?.lastDeliveryDate !== undefined && Date.now() - Date.parse(state.lastDeliveryDate) < 120_000);
      assert.equal(await metricValue(world.metrics, 'pinion_event_stream_records_delivered_total', { app_id: appId }), 1200);
      assert.ok(peer.putRequests >= 3, 'batched in requests of at most 500 records');
      assert.deepEqual(peer.violations, []);
    });

    test('records refused by Kinesis are retried; later records of their endpoint are re-sent so the last copies stay in order', async () => {
      const { name, appId } = await kinesisProject();
      peer.failRecords(400);
      await enqueue(world, appId, 900, 4);
      await drain('the backlog to empty', async () => (await world.storage.repositories.eventStreams.backlog(TENANT, appId)).count === 0);
      const records = await peer.records(name);
      assertCompleteAndOrdered(records, 900);
      assert.ok(records.length > 900, `some records were re-sent (${records.length})`);
      assert.ok((await metricValue(world.metrics, 'pinion_event_stream_records_refused_total', { app_id: appId })) >= 400);
      assert.ok((await metricValue(world.metrics, 'pinion_event_stream_delivery_failures_total', { app_id: appId, cause: 'records' })) >= 1);
      assert.equal((await world.storage.repositories.eventStreams.get(TENANT, appId))?.health, 'HEALTHY');
    });

    test('Kinesis stopped mid-way: the stream turns UNHEALTHY, keeps its backlog, and delivers it all once Kinesis is back', async () => {
      const { name, appId } = await kinesisProject();
      world.logs.length = 0;
      peer.stopAfter(1);
      await enqueue(world, appId, 1500, 6);
      await drain('the stream to turn UNHEALTHY', async () => (await world.storage.repositories.eventStreams.get(TENANT, appId))?.health === 'UNHEALTHY');
      assert.equal(peer.running, false);
      const state = await world.storage.repositories.eventStreams.get(TENANT, appId);
      assert.match(state!.healthReason!, new RegExp(`^Kinesis PutRecords to ${streamArn(name)} failed: `));
      const waiting = (await world.storage.repositories.eventStreams.backlog(TENANT, appId)).count;
      assert.ok(waiting > 0 && waiting < 1500, `part delivered, the rest kept (${waiting})`);
      for (let i = 0; i < 5; i++) await worker.runOnce();
      assert.equal(world.logs.filter((l) => l.msg.startsWith('event stream unhealthy') && l.appId === appId).length, 1, 'one warning per state change');
      assert.equal(await metricValue(world.metrics, 'pinion_event_stream_records_delivered_total', { app_id: appId }), 1500 - waiting);

      await peer.restart();
      await drain('the backlog to empty', async () => (await world.storage.repositories.eventStreams.backlog(TENANT, appId)).count === 0);
      assertCompleteAndOrdered(await peer.records(name), 1500);
      assert.equal((await world.storage.repositories.eventStreams.get(TENANT, appId))?.health, 'HEALTHY');
      assert.equal(world.logs.filter((l) => l.msg.startsWith('event stream healthy again') && l.appId === appId).length, 1);
      assert.ok(!JSON.stringify(world.logs).includes(process.env.AWS_SECRET_ACCESS_KEY!), 'no secret in the logs');
    });

    test('a role without kinesis:PutRecords: nothing is sent, UNHEALTHY with the reason; fixed, the backlog arrives', async () => {
      const { name, arn, appId, roleName } = await kinesisProject(describeOnlyPolicy);
      await enqueue(world, appId, 300, 3);
      for (let i = 0; i < 3; i++) await worker.runOnce();
      const state = await world.storage.repositories.eventStreams.get(TENANT, appId);
      assert.equal(state?.health, 'UNHEALTHY');
      assert.match(state!.healthReason!, new RegExp(`^role check failed: the policies of role arn:aws:iam::${ACCOUNT}:role/${roleName} do not allow kinesis:PutRecords on ${arn}`));
      assert.equal((await peer.records(name)).length, 0, 'nothing delivered');
      assert.equal((await world.storage.repositories.eventStreams.backlog(TENANT, appId)).count, 300);
      assert.ok((await metricValue(world.metrics, 'pinion_event_stream_delivery_failures_total', { app_id: appId, cause: 'role' })) >= 1);

      await setRolePolicy(world, roleName, permissionsPolicy(arn));
      await drain('the backlog to empty', async () => (await world.storage.repositories.eventStreams.backlog(TENANT, appId)).count === 0);
      assertCompleteAndOrdered(await peer.records(name), 300);
      assert.equal((await world.storage.repositories.eventStreams.get(TENANT, appId))?.health, 'HEALTHY');
    });

    test('a stream Kinesis does not have: UNHEALTHY after repeated failures, naming the error; created, it delivers', async () => {
      const name = `missing-${target.kind}-${++streamCounter}`;
      const { appId } = await streamingProject(world, streamArn(name));
      await enqueue(world, appId, 20, 2);
      await drain('the stream to turn UNHEALTHY', async () => (await world.storage.repositories.eventStreams.get(TENANT, appId))?.health === 'UNHEALTHY');
      assert.match((await world.storage.repositories.eventStreams.get(TENANT, appId))!.healthReason!, /failed: ResourceNotFoundException: /);
      await peer.createStream(name, 1);
      await drain('the backlog to empty', async () => (await world.storage.repositories.eventStreams.backlog(TENANT, appId)).count === 0);
      assertCompleteAndOrdered(await peer.records(name), 20);
    });

    test('records past the retention are dropped, counted and logged; the newer ones wait', async () => {
      const { appId } = await kinesisProject(describeOnlyPolicy);
      const old = new Date(Date.now() - 30 * 3_600_000).toISOString();
      await world.storage.repositories.eventStreams.enqueue(TENANT, appId, [
        ...Array.from({ length: 4 }, (_, n) => ({ partitionKey: 'e', record: eventRecord(appId, 'e', n), enqueuedDate: old })),
        { partitionKey: 'e', record: eventRecord(appId, 'e', 4) },
      ]);
      world.logs.length = 0;
      await worker.runOnce();
      assert.equal((await world.storage.repositories.eventStreams.backlog(TENANT, appId)).count, 1);
      assert.equal(await metricValue(world.metrics, 'pinion_event_stream_records_dropped_total', { app_id: appId, reason: 'retention' }), 4);
      const line = world.logs.find((l) => l.msg.startsWith('event stream: undelivered records older than the retention were dropped'));
      assert.equal(line?.records, 4);
      assert.equal(line?.retentionHours, 24);
    });

    test('a deleted stream is forgotten: its counters go, its backlog is gone', async () => {
      const { appId } = await kinesisProject();
      await enqueue(world, appId, 10, 2);
      await drain('delivery', async () => (await metricValue(world.metrics, 'pinion_event_stream_records_delivered_total', { app_id: appId })) === 10);
      await world.storage.repositories.eventStreams.delete(TENANT, appId);
      await worker.runOnce();
      assert.equal(await metricValue(world.metrics, 'pinion_event_stream_records_delivered_total', { app_id: appId }), 0);
      assert.ok(!(await world.metrics.registry.metrics()).includes(appId));
    });
  });
}

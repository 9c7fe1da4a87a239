// A started `pinion serve` (SQLite) delivering event streams to a real Kinesis-compatible server
// (kinesalite behind test/helpers/kinesis-peer.ts). Streams are configured with the real Pinpoint
// SDK, roles with the real IAM SDK; the outbox is fed through the repository (PutEvents feeds it
// in production); health is read with `pinion streams status` and /metrics.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import { CreateAppCommand, PinpointClient, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import { describeOnlyPolicy, eventRecord, permissionsPolicy } from '../helpers/event-stream-world.ts';
import { KinesisPeer } from '../helpers/kinesis-peer.ts';
import type { StreamRecord } from '../helpers/kinesis-peer.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { awsEnvironment, createStreamRole, eventually, putRolePermissions, runCli, scrape, streamsStatus } from '../helpers/stream-server.ts';

const TENANT = { accountId: testAccountId, region: 'us-east-1' };

let peer: KinesisPeer;
let server: PinionProcess;
let storage: Storage;
let iam: IAMClient;
let pinpoint: PinpointClient;
let counter = 0;

before(async () => {
  peer = await KinesisPeer.start();
  server = await startPinion({ env: { ...awsEnvironment, PINION_AWS_ENDPOINT_URL_KINESIS: peer.url } });
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  iam = new IAMClient(options);
  pinpoint = new PinpointClient(options);
  storage = await openStorage({ kind: 'sqlite', file: join(server.dataDir, 'pinion.sqlite') });
});

after(async () => {
  iam?.destroy();
  pinpoint?.destroy();
  await storage?.close();
  await server?.stop();
  await peer?.close();
});

/** A project streaming to a new Kinesis stream, its role made with `permissions` (seed 004's by default). */
async function streamingProject(permissions: (arn: string) => string = permissionsPolicy) {
  const n = ++counter;
  const name = `accept-events-${n}`;
  await peer.createStream(name, 2);
  const arn = `arn:aws:kinesis:us-east-1:${testAccountId}:stream/${name}`;
  const appId = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: name } }))).ApplicationResponse!.Id!;
  const roleName = `KinesisStreamRole${n}`;
  const roleArn = await createStreamRole(iam, roleName, appId, permissions(arn));
  await pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: arn, RoleArn: roleArn } }));
  return { name, arn, appId, roleName };
}

async function enqueue(appId: string, count: number, endpoints = 5): Promise<void> {
  const entries = Array.from({ length: count }, (_, n) => ({ partitionKey: `endpoint-${n % endpoints}`, record: eventRecord(appId, `endpoint-${n % endpoints}`, n) }));
  assert.equal(await storage.repositories.eventStreams.enqueue(TENANT, appId, entries), count);
}

/** Every record there, whole and parseable; per endpoint, the last copies in order. */
function assertDelivered(records: readonly StreamRecord[], count: number, appId: string): void {
  const byKey = new Map<string, number[]>();
  for (const record of records) {
    const parsed = JSON.parse(record.data) as { application: { app_id: string }; client: { client_id: string }; attributes: { n: string } };
    assert.equal(parsed.application.app_id, appId);
    assert.equal(parsed.client.client_id, record.partitionKey);
    byKey.set(record.partitionKey, [...(byKey.get(record.partitionKey) ?? []), Number(parsed.attributes.n)]);
  }
  const seen = new Set([...byKey.values()].flat());
  assert.equal(seen.size, count);
  for (const [key, all] of byKey) {
    const last = all.filter((n, index) => all.lastIndexOf(n) === index);
    assert.deepEqual(last, [...last].sort((a, b) => a - b), `last copies of ${key} in order`);
  }
}

const status = async (appId: string) => (await streamsStatus(['--data-dir', server.dataDir])).find((s) => s.applicationId === appId);

describe('event stream to Kinesis, end to end', () => {
  test('records arrive complete and in order per endpoint; status and metrics show a healthy, empty stream', async () => {
    const { name, appId } = await streamingProject();
    await enqueue(appId, 1000, 7);
    await eventually('1000 records in Kinesis', async () => new Set((await peer.records(name)).map((r) => r.data)).size === 1000);
    assertDelivered(await peer.records(name), 1000, appId);
    await eventually('an empty backlog', async () => (await status(appId))?.backlog === 0);
    const line = (await status(appId))!;
    assert.equal(line.health, 'HEALTHY');
    assert.equal(line.healthReason, null);
    assert.ok(line.lastDeliveryDate !== null);
    const metrics = await scrape(server.url);
    assert.equal(metrics.get(`pinion_event_stream_healthy{app_id="${appId}"}`), 1);
    assert.equal(metrics.get(`pinion_event_stream_backlog_records{app_id="${appId}"}`), 0);
    assert.equal(metrics.get(`pinion_event_stream_records_delivered_total{app_id="${appId}"}`), 1000);
    assert.deepEqual(peer.violations, []);
  });

  test('Kinesis stopped mid-way and restarted: UNHEALTHY meanwhile, nothing lost', async () => {
    const { name, arn, appId } = await streamingProject();
    peer.stopAfter(1);
    await enqueue(appId, 1500, 6);
    await eventually('an UNHEALTHY stream', async () => (await storage.repositories.eventStreams.get(TENANT, appId))?.health === 'UNHEALTHY');
    const line = (await status(appId))!;
    assert.equal(line.health, 'UNHEALTHY');
    assert.ok(line.healthReason!.startsWith(`Kinesis PutRecords to ${arn} failed: `), line.healthReason!);
    assert.ok(line.backlog > 0 && line.backlog < 1500, String(line.backlog));
    const metrics = await scrape(server.url);
    assert.equal(metrics.get(`pinion_event_stream_healthy{app_id="${appId}"}`), 0);
    assert.equal(metrics.get(`pinion_event_stream_backlog_records{app_id="${appId}"}`), line.backlog);
    assert.ok((metrics.get(`pinion_event_stream_delivery_failures_total{app_id="${appId}",cause="request"}`) ?? 0) >= 3);

    await peer.restart();
    await eventually('1500 records in Kinesis', async () => new Set((await peer.records(name)).map((r) => r.data)).size === 1500);
    assertDelivered(await peer.records(name), 1500, appId);
    await eventually('HEALTHY again', async () => (await status(appId))?.health === 'HEALTHY');
    const warnings = server.output().split('\n').filter((l) => l.includes('event stream unhealthy') && l.includes(appId));
    assert.equal(warnings.length, 1, 'one warning per state change');
    assert.equal(JSON.parse(warnings[0]!).level, 40);
    assert.ok(server.output().split('\n').some((l) => l.includes('event stream healthy again') && l.includes(appId)));
  });

  test('a role without kinesis:PutRecords: UNHEALTHY with the reason in streams status and /metrics, nothing delivered until the role is fixed', async () => {
    const { name, arn, appId, roleName } = await streamingProject(describeOnlyPolicy);
    await enqueue(appId, 200, 4);
    await eventually('an UNHEALTHY stream', async () => (await storage.repositories.eventStreams.get(TENANT, appId))?.health === 'UNHEALTHY');
    const table = await runCli(['streams', 'status', '--data-dir', server.dataDir]);
    assert.equal(table.code, 0, table.stderr);
    const row = table.stdout.split('\n').find((l) => l.startsWith(appId))!;
    assert.match(row, new RegExp(`^${appId}\\s+us-east-1\\s+${arn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s+UNHEALTHY\\s+200\\s+\\d+s\\s+-\\s+role check failed: the policies of role arn:aws:iam::${testAccountId}:role/${roleName} do not allow kinesis:PutRecords on ${arn}`));
    assert.match(table.stdout.split('\n')[0]!, /^APPLICATION\s+REGION\s+DESTINATION\s+HEALTH\s+BACKLOG\s+OLDEST\s+LAST DELIVERY\s+REASON$/);
    const metrics = await scrape(server.url);
    assert.equal(metrics.get(`pinion_event_stream_healthy{app_id="${appId}"}`), 0);
    assert.equal(metrics.get(`pinion_event_stream_backlog_records{app_id="${appId}"}`), 200);
    assert.ok((metrics.get(`pinion_event_stream_oldest_record_age_seconds{app_id="${appId}"}`) ?? -1) >= 0);
    assert.ok((metrics.get(`pinion_event_stream_delivery_failures_total{app_id="${appId}",cause="role"}`) ?? 0) >= 1);
    // Several rounds later, still nothing sent.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await peer.records(name)).length, 0);

    await putRolePermissions(iam, roleName, permissionsPolicy(arn));
    await eventually('200 records in Kinesis', async () => (await peer.records(name)).length === 200);
    assertDelivered(await peer.records(name), 200, appId);
    await eventually('HEALTHY with an empty backlog', async () => {
      const line = await status(appId);
      return line?.health === 'HEALTHY' && line.backlog === 0;
    });
    assert.ok(!server.output().includes(awsEnvironment.AWS_SECRET_ACCESS_KEY), 'no secret in the logs');
  });
});

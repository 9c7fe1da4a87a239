// A started `pinion serve` on PostgreSQL delivering an event stream to the Firehose peer
// (test/helpers/firehose-peer.ts): throttling, refused records, the peer going away mid-way and
// coming back, and a role that lacks firehose:PutRecordBatch until it is fixed. The outbox is fed
// through the repository on the same database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import { CreateAppCommand, PinpointClient, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import { describeOnlyPolicy, eventRecord, permissionsPolicy } from '../helpers/event-stream-world.ts';
import { FirehosePeer } from '../helpers/firehose-peer.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import type { TestDatabase } from '../helpers/postgres.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { awsEnvironment, createStreamRole, eventually, putRolePermissions, scrape, streamsStatus } from '../helpers/stream-server.ts';

const TENANT = { accountId: testAccountId, region: 'us-east-1' };

let peer: FirehosePeer;
let database: TestDatabase;
let server: PinionProcess;
let storage: Storage;
let iam: IAMClient;
let pinpoint: PinpointClient;
let counter = 0;

before(async () => {
  peer = await FirehosePeer.start();
  database = await createTestDatabase();
  server = await startPinion({ env: { ...awsEnvironment, PINION_AWS_ENDPOINT_URL_FIREHOSE: peer.url }, args: ['--database-url', database.url] });
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  iam = new IAMClient(options);
  pinpoint = new PinpointClient(options);
  storage = await openStorage({ kind: 'postgres', url: database.url });
});

after(async () => {
  iam?.destroy();
  pinpoint?.destroy();
  await storage?.close();
  await server?.stop();
  await peer?.stop();
  await database?.drop();
});

async function streamingProject(permissions: (arn: string) => string = permissionsPolicy) {
  const n = ++counter;
  const name = `accept-firehose-${n}`;
  peer.createStream(name);
  const arn = `arn:aws:firehose:us-east-1:${testAccountId}:deliverystream/${name}`;
  const appId = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: name } }))).ApplicationResponse!.Id!;
  const roleName = `FirehoseStreamRole${n}`;
  const roleArn = await createStreamRole(iam, roleName, appId, permissions(arn));
  await pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: arn, RoleArn: roleArn } }));
  return { name, arn, appId, roleName };
}

async function enqueue(appId: string, count: number): Promise<void> {
  const entries = Array.from({ length: count }, (_, n) => ({ partitionKey: `endpoint-${n % 5}`, record: eventRecord(appId, `endpoint-${n % 5}`, n) }));
  assert.equal(await storage.repositories.eventStreams.enqueue(TENANT, appId, entries), count);
}

/** The distinct numbers that arrived, each record a whole JSON object and a newline. */
function arrived(name: string, appId: string): Set<number> {
  const seen = new Set<number>();
  for (const text of peer.records(name)) {
    assert.ok(text.endsWith('\n') && text.indexOf('\n') === text.length - 1);
    const parsed = JSON.parse(text) as { application: { app_id: string }; attributes: { n: string } };
    assert.equal(parsed.application.app_id, appId);
    seen.add(Number(parsed.attributes.n));
  }
  return seen;
}

const where = () => ['--database-url', database.url];
const status = async (appId: string) => (await streamsStatus(where())).find((s) => s.applicationId === appId);

describe('event stream to Firehose, end to end (PostgreSQL)', () => {
  test('throttling, refused records, and the peer gone mid-way and back: every record arrives', async () => {
    const { name, appId } = await streamingProject();
    peer.throttle(2);
    peer.failRecords(200);
    peer.stopAfter(3);
    await enqueue(appId, 2500);
    await eventually('the peer to stop mid-way', async () => !peer.running);
    await eventually('an UNHEALTHY stream', async () => (await status(appId))?.health === 'UNHEALTHY');
    const line = (await status(appId))!;
    assert.match(line.healthReason!, /^Firehose PutRecordBatch to arn:aws:firehose:us-east-1:\d{12}:deliverystream\/accept-firehose-\d+ failed: /);
    assert.ok(line.backlog > 0 && line.backlog < 2500);
    assert.equal((await scrape(server.url)).get(`pinion_event_stream_healthy{app_id="${appId}"}`), 0);

    await peer.restart();
    await eventually('2500 records at the peer', async () => arrived(name, appId).size === 2500);
    await eventually('HEALTHY with an empty backlog', async () => {
      const now = await status(appId);
      return now?.health === 'HEALTHY' && now.backlog === 0;
    });
    const metrics = await scrape(server.url);
    assert.equal(metrics.get(`pinion_event_stream_healthy{app_id="${appId}"}`), 1);
    assert.ok((metrics.get(`pinion_event_stream_records_refused_total{app_id="${appId}"}`) ?? 0) >= 200);
    assert.deepEqual(peer.violations, []);
    assert.ok(peer.requests.every((r) => r.accessKeyId === awsEnvironment.AWS_ACCESS_KEY_ID), 'the standard AWS credentials are used');
  });

  test('a role without firehose:PutRecordBatch: UNHEALTHY, nothing sent; fixed, the backlog arrives', async () => {
    const { name, arn, appId, roleName } = await streamingProject(describeOnlyPolicy);
    await enqueue(appId, 120);
    await eventually('an UNHEALTHY stream', async () => (await status(appId))?.health === 'UNHEALTHY');
    assert.match((await status(appId))!.healthReason!, new RegExp(`do not allow firehose:PutRecordBatch on ${arn}`));
    assert.equal(peer.records(name).length, 0);
    await putRolePermissions(iam, roleName, permissionsPolicy(arn));
    await eventually('120 records at the peer', async () => arrived(name, appId).size === 120);
    await eventually('HEALTHY', async () => (await status(appId))?.health === 'HEALTHY');
    assert.ok(!server.output().includes(awsEnvironment.AWS_SECRET_ACCESS_KEY), 'no secret in the logs');
  });
});

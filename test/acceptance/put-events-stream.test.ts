// End to end: PutEvents through the real Pinpoint SDK → Pinion's event log and outbox → a real
// Kinesis-compatible server (kinesalite) and a Firehose peer. The records must arrive complete, in
// the Pinpoint event-stream format, and (Kinesis) in order per endpoint; the Firehose side is stopped
// mid-way and restarted, and nothing is lost.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import { CreateAppCommand, PinpointClient, PutEventsCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import type { Event, EventsBatch } from '@aws-sdk/client-pinpoint';
import { permissionsPolicy } from '../helpers/event-stream-world.ts';
import { FirehosePeer } from '../helpers/firehose-peer.ts';
import { KinesisPeer } from '../helpers/kinesis-peer.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { awsEnvironment, createStreamRole, eventually } from '../helpers/stream-server.ts';

let kinesis: KinesisPeer;
let firehose: FirehosePeer;
let server: PinionProcess;
let iam: IAMClient;
let pinpoint: PinpointClient;

before(async () => {
  kinesis = await KinesisPeer.start();
  firehose = await FirehosePeer.start({ streams: ['pinpoint-events'] });
  server = await startPinion({ env: { ...awsEnvironment, PINION_AWS_ENDPOINT_URL_KINESIS: kinesis.url, PINION_AWS_ENDPOINT_URL_FIREHOSE: firehose.url } });
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  iam = new IAMClient(options);
  pinpoint = new PinpointClient(options);
});

after(async () => {
  iam?.destroy();
  pinpoint?.destroy();
  await server?.stop();
  await kinesis?.close();
  await firehose?.stop();
});

async function project(name: string, streamArn: string): Promise<string> {
  const appId = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: name } }))).ApplicationResponse!.Id!;
  const roleArn = await createStreamRole(iam, `${name}-role`, appId, permissionsPolicy(streamArn));
  await pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: streamArn, RoleArn: roleArn } }));
  return appId;
}

/** `requests` PutEvents calls, each with `perEndpoint` events for each of `endpoints` endpoints; event n carries attribute n. */
async function putEvents(appId: string, requests: number, endpoints: number, perEndpoint: number): Promise<number> {
  let n = 0;
  for (let r = 0; r < requests; r++) {
    const batch: Record<string, EventsBatch> = {};
    for (let e = 0; e < endpoints; e++) {
      const events: Record<string, Event> = {};
      for (let i = 0; i < perEndpoint; i++, n++) {
        events[`event-${n}`] = { EventType: 'cart.add', Timestamp: new Date(Date.UTC(2026, 10, 23, 10, 0, 0, n)).toISOString(), Attributes: { n: String(n) }, Metrics: { price: n / 10 } };
      }
      batch[`endpoint-${e}`] = { Endpoint: { ChannelType: 'EMAIL', Address: `user${e}@example.com`, Demographic: { Platform: 'web' }, User: { UserId: `user-${e}` } }, Events: events };
    }
    const out = await pinpoint.send(new PutEventsCommand({ ApplicationId: appId, EventsRequest: { BatchItem: batch } }));
    for (const result of Object.values(out.EventsResponse!.Results!)) {
      assert.equal(result.EndpointItemResponse!.StatusCode, 202);
      for (const item of Object.values(result.EventsItemResponse!)) assert.equal(item.StatusCode, 202, item.Message);
    }
  }
  return n;
}

interface Record_ {
  event_type: string;
  event_timestamp: number;
  arrival_timestamp: number;
  event_version: string;
  application: { app_id: string };
  client: { client_id: string };
  device: { platform?: { name?: string } };
  attributes: { n: string };
  metrics: { price: number };
  endpoint: { Id: string; ChannelType: string; Address: string; User: { UserId: string } };
  awsAccountId: string;
}

function checkRecord(record: Record_, appId: string): void {
  assert.equal(record.event_type, 'cart.add');
  assert.equal(record.event_version, '3.1');
  assert.equal(record.application.app_id, appId);
  assert.equal(record.awsAccountId, testAccountId);
  assert.equal(record.client.client_id, record.endpoint.Id);
  assert.equal(record.endpoint.ChannelType, 'EMAIL');
  assert.match(record.endpoint.Address, /^user\d+@example\.com$/);
  assert.equal(record.device.platform?.name, 'web');
  const n = Number(record.attributes.n);
  assert.equal(record.event_timestamp, Date.UTC(2026, 10, 23, 10, 0, 0, n));
  assert.ok(record.arrival_timestamp >= record.event_timestamp);
  assert.equal(record.metrics.price, n / 10);
}

describe('PutEvents reaches the event stream', () => {
  test('Kinesis: every event arrives complete, partitioned by endpoint, in order per endpoint', async () => {
    await kinesis.createStream('pinpoint-events', 2);
    const appId = await project('kinesis-events', `arn:aws:kinesis:us-east-1:${testAccountId}:stream/pinpoint-events`);
    const total = await putEvents(appId, 4, 3, 10);
    let records: Awaited<ReturnType<KinesisPeer['records']>> = [];
    await eventually('all events on the Kinesis stream', async () => {
      records = await kinesis.records('pinpoint-events');
      return new Set(records.map((r) => (JSON.parse(r.data) as Record_).attributes.n)).size === total;
    });
    const byEndpoint = new Map<string, number[]>();
    for (const raw of records) {
      const record = JSON.parse(raw.data) as Record_;
      checkRecord(record, appId);
      assert.equal(raw.partitionKey, record.endpoint.Id);
      byEndpoint.set(raw.partitionKey, [...(byEndpoint.get(raw.partitionKey) ?? []), Number(record.attributes.n)]);
    }
    assert.deepEqual([...byEndpoint.keys()].sort(), ['endpoint-0', 'endpoint-1', 'endpoint-2']);
    for (const [endpoint, ns] of byEndpoint) {
      const lastCopies = ns.filter((n, index) => ns.lastIndexOf(n) === index);
      assert.deepEqual(lastCopies, [...lastCopies].sort((a, b) => a - b), `events of ${endpoint} in order`);
    }
  });

  test('Firehose: newline-delimited records; the receiver stops mid-way and restarts; nothing is lost', async () => {
    const appId = await project('firehose-events', `arn:aws:firehose:us-east-1:${testAccountId}:deliverystream/pinpoint-events`);
    firehose.stopAfter(1);
    const total = await putEvents(appId, 5, 2, 10);
    await eventually('the peer to have stopped', async () => firehose.records('pinpoint-events').length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await firehose.restart();
    let lines: string[] = [];
    await eventually('all events at the Firehose peer', async () => {
      lines = firehose.records('pinpoint-events');
      return new Set(lines.map((line) => (JSON.parse(line) as Record_).attributes.n)).size === total;
    });
    for (const line of lines) {
      assert.ok(line.endsWith('\n'), 'each Firehose record is one JSON line');
      checkRecord(JSON.parse(line) as Record_, appId);
    }
  });
});

// Security review: the event-stream worker delivers with Pinion's own AWS credentials and names
// the destination by stream name only, so the account id in DestinationStreamArn is never bound to
// where the records go. A failing test is a finding. Run: npm test -- security-audience
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KinesisPeer } from '../helpers/kinesis-peer.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import { eventRecord, newWorker, openWorld, streamingProject, TENANT } from '../helpers/event-stream-world.ts';
import type { World } from '../helpers/event-stream-world.ts';

const { sqlite } = storageTargets('security-audience-streams');
let peer: KinesisPeer;
let world: World;

before(async () => {
  peer = await KinesisPeer.start();
  world = await openWorld(await sqlite.fresh(), { kinesis: peer.url });
});

after(async () => {
  await world?.close();
  await peer?.close();
  await sqlite.cleanup();
});

test("records for a stream ARN of another account do not land in the operator's stream of the same name", async () => {
  // The operator's own stream (the account of the credentials Pinion delivers with).
  await peer.createStream('orders', 1);
  // A Pinion user who may create roles writes one whose policy allows PutRecords on any ARN it
  // likes, and points the project's stream at "account 999999999999".
  const foreign = 'arn:aws:kinesis:us-east-1:999999999999:stream/orders';
  const { appId } = await streamingProject(world, foreign);
  await world.storage.repositories.eventStreams.enqueue(TENANT, appId, [{ partitionKey: 'e1', record: eventRecord(appId, 'e1', 1) }]);
  await newWorker(world).runOnce();
  const arrived = await peer.records('orders');
  assert.equal(arrived.length, 0, `a record meant for account 999999999999 was written into the operator's stream "orders": ${arrived[0]?.data.slice(0, 120)}`);
});

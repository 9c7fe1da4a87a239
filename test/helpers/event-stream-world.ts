// What the event-stream delivery integration tests run on: a real storage (SQLite file or
// PostgreSQL database), roles and policies written through the real IAM repository, the real
// ServiceRoles check, the real Kinesis and Firehose sinks, and a worker built as serve.ts builds
// it. Nothing of the project is mocked; the peers (kinesis-peer.ts, firehose-peer.ts) are servers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Logger } from 'pino';
import { Authorizer } from '../../src/auth/authorizer.ts';
import { PolicyStore } from '../../src/auth/policy-store.ts';
import { ServiceRoles } from '../../src/auth/service-roles.ts';
import { appArn } from '../../src/domain/arn.ts';
import { EventStreamDelivery } from '../../src/engine/event-stream-delivery.ts';
import type { EventStreamDeliverySettings } from '../../src/engine/event-stream-delivery.ts';
import { FirehoseSink } from '../../src/integrations/firehose-sink.ts';
import { KinesisSink } from '../../src/integrations/kinesis-sink.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import type { Metrics } from '../../src/observability/metrics.ts';
import { entityArn, newUniqueId } from '../../src/operations/iam/iam-naming.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { Tenant } from '../../src/storage/tenant.ts';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const TENANT: Tenant = { accountId: ACCOUNT, region: REGION };

/** Seed 004 line 32: the trust policy, for one project. */
export function trustPolicy(appId: string): string {
  return `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "pinpoint.amazonaws.com" }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { "aws:SourceAccount": "${ACCOUNT}" }, "ArnLike": { "aws:SourceArn": "arn:aws:mobiletargeting:${REGION}:${ACCOUNT}:apps/${appId}" } } } ] }`;
}

/** Seed 004 lines 49 and 55: the permissions policy for a Kinesis stream or a Firehose delivery stream. */
export function permissionsPolicy(streamArn: string): string {
  return streamArn.includes(':kinesis:')
    ? `{ "Version": "2012-10-17", "Statement": { "Action": [ "kinesis:PutRecords", "kinesis:DescribeStream" ], "Effect": "Allow", "Resource": [ "${streamArn}" ] } }`
    : `{ "Version": "2012-10-17", "Statement": { "Effect": "Allow", "Action": [ "firehose:PutRecordBatch", "firehose:DescribeDeliveryStream" ], "Resource": [ "${streamArn}" ] } }`;
}

/** A role allowed to describe the stream and nothing else (the permission the tests take away). */
export function describeOnlyPolicy(streamArn: string): string {
  const action = streamArn.includes(':kinesis:') ? 'kinesis:DescribeStream' : 'firehose:DescribeDeliveryStream';
  return `{ "Version": "2012-10-17", "Statement": { "Action": "${action}", "Effect": "Allow", "Resource": "${streamArn}" } }`;
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface World {
  storage: Storage;
  serviceRoles: ServiceRoles;
  metrics: Metrics;
  logs: LogLine[];
  logger: Logger;
  kinesis: KinesisSink;
  firehose: FirehoseSink;
  close(): Promise<void>;
}

export async function openWorld(options: StorageOptions, endpoints: { kinesis?: string; firehose?: string }): Promise<World> {
  // The sinks take credentials from the standard AWS chain, as in production; the peers accept any.
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIAPINIONSTREAMTEST';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'pinion-stream-test-secret';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const storage = await openStorage(options);
  const logs: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const authorizer = new Authorizer(new PolicyStore(storage.repositories.iam, logger), (tenant, arn) => storage.repositories.tags.list(tenant, arn));
  const kinesis = new KinesisSink({ endpoint: endpoints.kinesis, requestTimeoutMs: 10_000 });
  const firehose = new FirehoseSink({ endpoint: endpoints.firehose, requestTimeoutMs: 10_000 });
  return {
    storage,
    serviceRoles: new ServiceRoles(storage.repositories.iam, authorizer),
    metrics: createMetrics({ processMetrics: false }),
    logs,
    logger,
    kinesis,
    firehose,
    async close() {
      kinesis.destroy();
      firehose.destroy();
      await storage.close();
    },
  };
}

export function newWorker(world: World, settings: Partial<EventStreamDeliverySettings> = {}, now?: () => Date): EventStreamDelivery {
  return new EventStreamDelivery(
    {
      repository: world.storage.repositories.eventStreams,
      serviceRoles: world.serviceRoles,
      sinks: { kinesis: world.kinesis, firehose: world.firehose },
      metrics: world.metrics.eventStreams,
      logger: world.logger,
      ...(now ? { now } : {}),
    },
    { pollIntervalMs: 50, retentionMs: 24 * 3_600_000, maxBackoffMs: 200, baseBackoffMs: 20, allowedAccounts: new Set([ACCOUNT]), ...settings },
  );
}

/** A project with an event stream to `streamArn` and a role for it (permissions policy given, seed 004's by default). */
export async function streamingProject(world: World, streamArn: string, policy = permissionsPolicy(streamArn)): Promise<{ appId: string; roleName: string }> {
  const appId = randomBytes(16).toString('hex');
  await world.storage.repositories.apps.create(TENANT, { id: appId, name: appId, arn: appArn(TENANT, appId), creationDate: new Date().toISOString() }, {});
  const roleName = `stream-role-${appId.slice(0, 12)}`;
  const iam = world.storage.repositories.iam;
  await iam.createEntity(
    ACCOUNT,
    { kind: 'role', id: newUniqueId('role'), name: roleName, path: '/', arn: entityArn(ACCOUNT, 'role', '/', roleName), createDate: new Date(), details: { AssumeRolePolicyDocument: trustPolicy(appId) } },
    {},
  );
  await setRolePolicy(world, roleName, policy);
  const stored = await world.storage.repositories.eventStreams.put(TENANT, {
    applicationId: appId,
    destinationStreamArn: streamArn,
    roleArn: entityArn(ACCOUNT, 'role', '/', roleName),
    externalId: undefined,
    lastModifiedDate: new Date().toISOString(),
    lastUpdatedBy: `arn:aws:iam::${ACCOUNT}:root`,
  });
  assert.equal(stored, true);
  return { appId, roleName };
}

export async function setRolePolicy(world: World, roleName: string, document: string): Promise<void> {
  await world.storage.repositories.iam.putInlinePolicy(ACCOUNT, 'role', roleName, { policyName: 'PinpointEventStreamPermissionsPolicy', document });
}

/** An event-stream record as PutEvents writes them, numbered so order and completeness can be checked. */
export function eventRecord(appId: string, endpointId: string, n: number, padding = 0): string {
  return JSON.stringify({
    event_type: 'purchase',
    event_timestamp: 1_795_000_000_000 + n,
    arrival_timestamp: 1_795_000_000_500 + n,
    event_version: '3.1',
    application: { app_id: appId, sdk: {} },
    client: { client_id: endpointId },
    device: { platform: {} },
    session: {},
    attributes: { n: String(n), ...(padding > 0 ? { padding: 'x'.repeat(padding) } : {}) },
    metrics: { price: n },
    endpoint: { Id: endpointId },
    awsAccountId: ACCOUNT,
  });
}

/** Calls `step` until `done` holds, failing after `deadlineMs` with `what` (generous: the machine is slow). */
export async function until(what: string, done: () => Promise<boolean> | boolean, step: () => Promise<unknown> = async () => undefined, deadlineMs = 60_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    await step();
    if (await done()) return;
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A counter's or gauge's value from the registry (0 when the series does not exist). */
export async function metricValue(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const match = values.find((value) => Object.entries(labels).every(([key, expected]) => value.labels[key] === expected));
  return match?.value ?? 0;
}

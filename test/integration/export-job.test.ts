// Export jobs end to end below the API: the real JobRunner runs the real export work on real
// storage (a SQLite file and a PostgreSQL database), checks the job's role with the real
// ServiceRoles against roles and policies stored through the IamRepository (seed 002's export
// role and policy among them), and writes to a real S3 server (s3rver). Nothing of the project is
// mocked; the only seam used is the export work's onStep hook, to stop a worker at an exact point.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import pino from 'pino';
import { Authorizer } from '../../src/auth/authorizer.ts';
import { PolicyStore } from '../../src/auth/policy-store.ts';
import { ServiceRoles } from '../../src/auth/service-roles.ts';
import type { StoredEndpoint } from '../../src/domain/endpoints/stored-endpoint.ts';
import { exportJobWork } from '../../src/engine/jobs/export/run-export-job.ts';
import type { ExportSettings } from '../../src/engine/jobs/export/run-export-job.ts';
import { JobFailedError, JobRunner } from '../../src/engine/jobs/job-runner.ts';
import type { JobWork } from '../../src/engine/jobs/job-runner.ts';
import { S3Access } from '../../src/integrations/s3-access.ts';
import { entityArn, newUniqueId } from '../../src/operations/iam/iam-naming.ts';
import type { JobRecord } from '../../src/storage/jobs-repository.ts';
import { FINISHED_JOB_STATUSES } from '../../src/storage/jobs-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { endpoint, hexId, newProject, storeAs } from '../helpers/endpoint-storage.ts';
import { S3Peer } from '../helpers/s3-peer.ts';
import { storageTargets } from '../helpers/storage-targets.ts';

const ACCOUNT = '123456789012';
const TENANT: Tenant = { accountId: ACCOUNT, region: 'us-east-1' };
const BUCKET = 'pinion-exports';
const TRUST = '{ "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":{ "Service":"pinpoint.amazonaws.com" }, "Action":"sts:AssumeRole" } ] }';
// Seed 002 line 26 with its trailing comma removed and example-bucket replaced.
const SEED_002_POLICY = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "AllowUserToSeeBucketListInTheConsole", "Action": [ "s3:ListAllMyBuckets", "s3:GetBucketLocation" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::*" ] }, { "Sid": "AllowRootAndHomeListingOfBucket", "Action": [ "s3:ListBucket" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::${BUCKET}" ], "Condition": { "StringEquals": { "s3:delimiter": [ "/" ], "s3:prefix": [ "", "Exports/" ] } } }, { "Sid": "AllowListingOfUserFolder", "Action": [ "s3:ListBucket" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::${BUCKET}" ], "Condition": { "StringLike": { "s3:prefix": [ "Exports/*" ] } } }, { "Sid": "AllowAllS3ActionsInUserFolder", "Action": [ "s3:*" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::${BUCKET}/Exports/*" ] } ] }`;
const READ_ONLY_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] }] });
const EXPORT_ROLE = `arn:aws:iam::${ACCOUNT}:role/s3ExportRole`;
const READ_ONLY_ROLE = `arn:aws:iam::${ACCOUNT}:role/s3ReadOnlyRole`;
const WRITE_ANYWHERE_ROLE = `arn:aws:iam::${ACCOUNT}:role/s3WriteAnywhereRole`;
const SMALL: Partial<ExportSettings> = { partSize: 5, pageSize: 2 };
const refuseImports: JobWork = async () => {
  throw new JobFailedError('imports are not part of this test');
};

const logger = pino({ level: 'silent' });
const targets = storageTargets('export-job');
let peer: S3Peer;

before(async () => {
  peer = await S3Peer.startInProcess([BUCKET]);
});

after(async () => {
  await peer.close();
  await targets.sqlite.cleanup();
  await targets.postgres.cleanup();
});

async function createRoles(storage: Storage): Promise<void> {
  const iam = storage.repositories.iam;
  const created = new Date('2026-11-23T10:00:00.000Z');
  for (const name of ['s3ExportRole', 's3ReadOnlyRole', 's3WriteAnywhereRole']) {
    const details = { AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 3600 };
    await iam.createEntity(ACCOUNT, { kind: 'role', id: newUniqueId('role'), name, path: '/', arn: entityArn(ACCOUNT, 'role', '/', name), createDate: created, details }, {});
  }
  const policy = { id: newUniqueId('policy'), name: 's3ExportPolicy', path: '/', arn: entityArn(ACCOUNT, 'policy', '/', 's3ExportPolicy'), description: undefined, createDate: created, updateDate: created };
  const managed = await iam.createManagedPolicy(ACCOUNT, policy, SEED_002_POLICY);
  await iam.attachPolicy(ACCOUNT, 'role', 's3ExportRole', managed.arn, 10);
  await iam.putInlinePolicy(ACCOUNT, 'role', 's3ReadOnlyRole', { policyName: 'ReadOnly', document: READ_ONLY_POLICY });
  const anywhere = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::*' }] };
  await iam.putInlinePolicy(ACCOUNT, 'role', 's3WriteAnywhereRole', { policyName: 'Anywhere', document: JSON.stringify(anywhere) });
}

/** Endpoints of every kind an export must carry as they are: inactive, opted out, with users, attributes, metrics and location. */
function endpointsFor(count: number): StoredEndpoint[] {
  return Array.from({ length: count }, (_, i) =>
    endpoint(`ep-${String(i).padStart(4, '0')}`, {
      ChannelType: i % 3 === 0 ? 'SMS' : 'EMAIL',
      Address: i % 3 === 0 ? `+1206555${String(i).padStart(4, '0')}` : `user${i}@example.com`,
      EndpointStatus: i % 7 === 3 ? 'INACTIVE' : 'ACTIVE',
      OptOut: i % 5 === 4 ? 'ALL' : 'NONE',
      Attributes: { Plan: [i % 2 === 0 ? 'gold' : 'free'], Tags: ['a', 'b'] },
      Metrics: { visits: i },
      User: { UserId: `user-${i}`, UserAttributes: { Name: [`Name ${i}`] } },
      Location: { Country: 'US', City: 'Seattle', Latitude: 47.6, Longitude: -122.3 },
    }),
  );
}

function exportJob(appId: string, definition: Record<string, unknown>, segmentId?: string): JobRecord {
  const base = { jobStatus: 'CREATED', totalPieces: 0, completedPieces: 0, failedPieces: 0, totalProcessed: 0, totalFailures: 0, failures: [] } as const;
  return { ...base, failures: [], id: hexId(), appId, jobType: 'EXPORT', definition, creationDate: new Date().toISOString(), ...(segmentId ? { segmentId } : {}) };
}

interface Runners {
  storage: Storage;
  serviceRoles: ServiceRoles;
}

function runner(world: Runners, work: JobWork, s3 = new S3Access({ endpoint: peer.url, forcePathStyle: true, allowedBuckets: undefined }), leaseMs = 60_000): JobRunner {
  return new JobRunner({ repositories: world.storage.repositories, serviceRoles: world.serviceRoles, s3, logger, works: { EXPORT: work, IMPORT: refuseImports } }, { pollIntervalMs: 50, leaseMs });
}

async function waitFinished(storage: Storage, appId: string, jobId: string, timeoutMs = 30_000): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await storage.repositories.jobs.get(TENANT, appId, 'EXPORT', jobId);
    assert.ok(job, `job ${jobId} exists`);
    if (FINISHED_JOB_STATUSES.includes(job.jobStatus)) return job;
    assert.ok(Date.now() < deadline, `job ${jobId} did not finish in ${timeoutMs} ms (status ${job.jobStatus})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Runs the job with a fresh runner until it finishes. */
async function runToEnd(world: Runners, job: JobRecord, work: JobWork = exportJobWork(SMALL), s3?: S3Access): Promise<JobRecord> {
  await world.storage.repositories.jobs.create(TENANT, job);
  const worker = runner(world, work, s3);
  worker.start();
  try {
    return await waitFinished(world.storage, job.appId, job.id);
  } finally {
    await worker.close();
  }
}

/** Every exported line of the job's parts, part by part, and the part keys. */
async function exported(folder: string): Promise<{ keys: string[]; parts: Record<string, unknown>[][] }> {
  const keys = await peer.keys(BUCKET, folder);
  const parts = await Promise.all(keys.map(async (key) => (await peer.getJsonLines(BUCKET, key)) as Record<string, unknown>[]));
  return { keys, parts };
}

function partKeys(folder: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${folder}part-${String(i).padStart(5, '0')}.json.gz`);
}

/** Each line is the stored endpoint in Pinpoint's EndpointResponse shape (ApplicationId added), each endpoint exactly once, in id order. */
function assertLinesAre(lines: Record<string, unknown>[], appId: string, endpoints: readonly StoredEndpoint[]): void {
  const ids = lines.map((line) => line.Id);
  assert.deepEqual(ids, [...endpoints].map((e) => e.Id).sort(), 'every endpoint exactly once, in id order');
  const byId = new Map(endpoints.map((e) => [e.Id, e]));
  for (const line of lines) assert.deepEqual(line, { ...byId.get(line.Id as string), ApplicationId: appId });
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`export jobs on ${kind}`, () => {
    const world = {} as Runners;

    before(async () => {
      world.storage = await openStorage(await targets[kind].fresh());
      const policyStore = new PolicyStore(world.storage.repositories.iam, logger);
      const authorizer = new Authorizer(policyStore, (tenant, arn) => world.storage.repositories.tags.list(tenant, arn));
      world.serviceRoles = new ServiceRoles(world.storage.repositories.iam, authorizer);
      await createRoles(world.storage);
    });

    after(async () => {
      await world.storage.close();
    });

    async function projectWith(endpoints: readonly StoredEndpoint[]): Promise<string> {
      const appId = await newProject(world.storage, TENANT);
      if (endpoints.length > 0) await world.storage.repositories.endpoints.write(TENANT, storeAs(appId, endpoints));
      return appId;
    }

    test('a whole project is exported in parts, every endpoint once in Pinpoint\'s endpoint shape', async () => {
      const endpoints = endpointsFor(23);
      const appId = await projectWith(endpoints);
      // No '/' at the end of the prefix: the job's folder still sits under Exports/.
      const job = await runToEnd(world, exportJob(appId, { RoleArn: EXPORT_ROLE, S3UrlPrefix: `s3://${BUCKET}/Exports` }));
      assert.deepEqual(job.failures, []);
      assert.equal(job.jobStatus, 'COMPLETED');
      assert.deepEqual([job.totalPieces, job.completedPieces, job.failedPieces, job.totalProcessed, job.totalFailures], [5, 5, 0, 23, 0]);
      const folder = `Exports/${job.id}/`;
      const { keys, parts } = await exported(folder);
      assert.deepEqual(keys, partKeys(folder, 5));
      assert.deepEqual(parts.map((lines) => lines.length), [5, 5, 5, 5, 3]);
      assertLinesAre(parts.flat(), appId, endpoints);
      const pieces = await world.storage.repositories.jobs.pieces(TENANT, appId, job.id);
      assert.deepEqual(pieces.map((p) => [p.s3Key, p.state, p.processed]), keys.map((key, i) => [key, 'COMPLETED', i < 4 ? 5 : 3]));
    });

    test('a segment export writes the endpoints of the pinned segment version only', async () => {
      const endpoints = endpointsFor(20);
      const appId = await projectWith(endpoints);
      const segmentId = hexId();
      const segments = world.storage.repositories.segments;
      const created = new Date().toISOString();
      const arn = `arn:aws:mobiletargeting:${TENANT.region}:${ACCOUNT}:apps/${appId}/segments/${segmentId}`;
      const channel = (value: string) => ({ Demographic: { Channel: { DimensionType: 'INCLUSIVE' as const, Values: [value] } } });
      await segments.create(TENANT, appId, { id: segmentId, arn, segmentType: 'DIMENSIONAL', creationDate: created, definition: { Name: 'sms', Dimensions: channel('SMS') } }, {});
      // A later version selects other endpoints; the job names version 1.
      await segments.addVersion(TENANT, appId, segmentId, created, () => ({ Name: 'email', Dimensions: channel('EMAIL') }));
      const job = await runToEnd(world, exportJob(appId, { RoleArn: EXPORT_ROLE, S3UrlPrefix: `s3://${BUCKET}/Exports/segments/`, SegmentId: segmentId, SegmentVersion: 1 }, segmentId));
      assert.deepEqual([job.jobStatus, job.failures, job.totalProcessed, job.totalPieces], ['COMPLETED', [], 7, 2]);
      const { keys, parts } = await exported(`Exports/segments/${job.id}/`);
      assert.equal(keys.length, 2);
      assertLinesAre(parts.flat(), appId, endpoints.filter((e) => e.ChannelType === 'SMS'));
    });

    test('a segment deleted after the job was created fails the job with the reason', async () => {
      const appId = await projectWith(endpointsFor(3));
      const segmentId = hexId();
      const job = await runToEnd(world, exportJob(appId, { RoleArn: EXPORT_ROLE, S3UrlPrefix: `s3://${BUCKET}/Exports/`, SegmentId: segmentId, SegmentVersion: 2 }, segmentId));
      assert.equal(job.jobStatus, 'FAILED');
      assert.deepEqual(job.failures, [`segment ${segmentId} version 2 does not exist (deleted after the export job was created?)`]);
      assert.deepEqual(await peer.keys(BUCKET, `Exports/${job.id}/`), []);
    });

    test('an empty project writes one empty part and completes', async () => {
      const appId = await projectWith([]);
      const job = await runToEnd(world, exportJob(appId, { RoleArn: EXPORT_ROLE, S3UrlPrefix: `s3://${BUCKET}/Exports/` }));
      assert.deepEqual([job.jobStatus, job.totalPieces, job.completedPieces, job.totalProcessed], ['COMPLETED', 1, 1, 0]);
      const { keys, parts } = await exported(`Exports/${job.id}/`);
      assert.deepEqual(keys, partKeys(`Exports/${job.id}/`, 1));
      assert.deepEqual(parts, [[]]);
    });

    test('seed 002\'s role cannot write outside Exports/: the job fails saying so, and writes nothing', async () => {
      const appId = await projectWith(endpointsFor(4));
      const job = await runToEnd(world, exportJob(appId, { RoleArn: EXPORT_ROLE, S3UrlPrefix: `s3://${BUCKET}/Reports/` }));
      assert.equal(job.jobStatus, 'FAILED');
      assert.equal(job.failures.length, 1);
      assert.match(job.failures[0]!, new RegExp(`^Pinion could not use role ${EXPORT_ROLE}: .*do not allow s3:PutObject on arn:aws:s3:::${BUCKET}/Reports/${job.id}/part-00000\\.json\\.gz`));
      assert.equal(job.totalProcessed, 0);
      assert.deepEqual(await peer.keys(BUCKET, 'Reports/'), []);
    });

    test('a role without s3:PutObject fails the job with the reason', async () => {
      const appId = await projectWith(endpointsFor(4));
      const job = await runToEnd(world, exportJob(appId, { RoleArn: READ_ONLY_ROLE, S3UrlPrefix: `s3://${BUCKET}/Exports/` }));
      assert.equal(job.jobStatus, 'FAILED');
      assert.match(job.failures[0] ?? '', new RegExp(`^Pinion could not use role ${READ_ONLY_ROLE}: .*do not allow s3:PutObject on arn:aws:s3:::${BUCKET}/Exports/${job.id}/part-00000\\.json\\.gz`));
      assert.deepEqual(await peer.keys(BUCKET, `Exports/${job.id}/`), []);
    });

    test('a bucket outside the deployment\'s allowlist fails the job before anything is written', async () => {
      const appId = await projectWith(endpointsFor(4));
      const s3 = new S3Access({ endpoint: peer.url, forcePathStyle: true, allowedBuckets: ['some-other-bucket'] });
      const job = await runToEnd(world, exportJob(appId, { RoleArn: EXPORT_ROLE, S3UrlPrefix: `s3://${BUCKET}/Exports/` }), exportJobWork(SMALL), s3);
      assert.equal(job.jobStatus, 'FAILED');
      assert.deepEqual(job.failures, [`bucket ${BUCKET} is not one this Pinion deployment may use (PINION_S3_BUCKETS)`]);
      assert.deepEqual(await peer.keys(BUCKET, `Exports/${job.id}/`), []);
    });

    test('a bucket S3 does not have fails the job with S3\'s reason', async () => {
      const appId = await projectWith(endpointsFor(2));
      const job = await runToEnd(world, exportJob(appId, { RoleArn: WRITE_ANYWHERE_ROLE, S3UrlPrefix: 's3://no-such-bucket/x/' }));
      assert.equal(job.jobStatus, 'FAILED');
      assert.deepEqual(job.failures, [`could not write s3://no-such-bucket/x/${job.id}/part-00000.json.gz: NoSuchBucket: The specified bucket does not exist`]);
      assert.deepEqual([job.completedPieces, job.totalProcessed], [0, 0]);
    });

    // Each crash point of a part: its object written but not recorded, recorded before the next
    // piece exists, and the next piece added but not written. A new worker takes the job once the
    // stopped worker's lease runs out; the final parts hold every endpoint exactly once.
    const crashes = [
      { step: 'part-written', piece: 1 },
      { step: 'part-recorded', piece: 0 },
      { step: 'piece-added', piece: 2 },
    ] as const;
    for (const crash of crashes) {
      test(`a worker stopped after ${crash.step} of piece ${crash.piece} is resumed by another without losing or repeating endpoints`, async () => {
        const endpoints = endpointsFor(22);
        const appId = await projectWith(endpoints);
        const job = exportJob(appId, { RoleArn: EXPORT_ROLE, S3UrlPrefix: `s3://${BUCKET}/Exports/` });
        await world.storage.repositories.jobs.create(TENANT, job);
        let stopped: Promise<void> | undefined;
        const first: JobRunner = runner(
          world,
          exportJobWork({ ...SMALL, onStep: (step, piece) => void (step === crash.step && piece === crash.piece && (stopped ??= first.close())) }),
          undefined,
          1_500,
        );
        first.start();
        const deadline = Date.now() + 20_000;
        while (!stopped) {
          assert.ok(Date.now() < deadline, 'the first worker reached the crash point');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await stopped;
        const halfway = await world.storage.repositories.jobs.get(TENANT, appId, 'EXPORT', job.id);
        assert.equal(halfway?.jobStatus, 'PROCESSING');
        const folder = `Exports/${job.id}/`;
        if (crash.step === 'part-written') {
          // The written-but-unrecorded part must be written again: remove it to prove it is.
          await peer.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: partKeys(folder, 2)[1] }));
        }
        const second = runner(world, exportJobWork(SMALL), undefined, 1_500);
        second.start();
        try {
          const done = await waitFinished(world.storage, appId, job.id);
          assert.deepEqual([done.jobStatus, done.failures, done.totalPieces, done.completedPieces, done.totalProcessed], ['COMPLETED', [], 5, 5, 22]);
        } finally {
          await second.close();
        }
        const { keys, parts } = await exported(folder);
        assert.deepEqual(keys, partKeys(folder, 5));
        assert.deepEqual(parts.map((lines) => lines.length), [5, 5, 5, 5, 2]);
        assertLinesAre(parts.flat(), appId, endpoints);
      });
    }
  });
}

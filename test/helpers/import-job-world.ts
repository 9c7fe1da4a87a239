// Shared by the import-job integration suites: real storage, the real ServiceRoles over roles and
// policies stored through the IamRepository, a real JobRunner and S3Access against s3rver.
import assert from 'node:assert/strict';
import pino from 'pino';
import { Authorizer } from '../../src/auth/authorizer.ts';
import { PolicyStore } from '../../src/auth/policy-store.ts';
import { ServiceRoles } from '../../src/auth/service-roles.ts';
import type { StoredEndpoint } from '../../src/domain/endpoints/stored-endpoint.ts';
import { JobFailedError, JobRunner } from '../../src/engine/jobs/job-runner.ts';
import type { JobWork } from '../../src/engine/jobs/job-runner.ts';
import { S3Access } from '../../src/integrations/s3-access.ts';
import { entityArn, newUniqueId } from '../../src/operations/iam/iam-naming.ts';
import { FINISHED_JOB_STATUSES } from '../../src/storage/jobs-repository.ts';
import type { JobRecord } from '../../src/storage/jobs-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { hexId } from './endpoint-storage.ts';
import type { S3Peer } from './s3-peer.ts';

export const ACCOUNT = '123456789012';
export const TENANT: Tenant = { accountId: ACCOUNT, region: 'us-east-1' };
export const BUCKET = 'pinion-imports';
const TRUST = '{ "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":{ "Service":"pinpoint.amazonaws.com" }, "Action":"sts:AssumeRole" } ] }';

/** Roles by what their permissions allow on BUCKET. */
export const ROLES = {
  import: `arn:aws:iam::${ACCOUNT}:role/ImportRole`,
  listOnly: `arn:aws:iam::${ACCOUNT}:role/ListOnlyRole`,
  getOnly: `arn:aws:iam::${ACCOUNT}:role/GetOnlyRole`,
} as const;

const POLICIES: Record<keyof typeof ROLES, object[]> = {
  import: [
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
  ],
  listOnly: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` }],
  getOnly: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }],
};

const logger = pino({ level: 'silent' });

const refuseExports: JobWork = async () => {
  throw new JobFailedError('exports are not part of this test');
};

export interface ImportWorld {
  readonly storage: Storage;
  readonly serviceRoles: ServiceRoles;
  readonly peer: S3Peer;
}

/** Opens the storage, builds ServiceRoles as serve.ts does and stores the roles of ROLES. */
export async function openWorld(options: StorageOptions, peer: S3Peer): Promise<ImportWorld> {
  const storage = await openStorage(options);
  const iam = storage.repositories.iam;
  const authorizer = new Authorizer(new PolicyStore(iam, logger), (tenant, arn) => storage.repositories.tags.list(tenant, arn));
  const created = new Date('2026-11-23T10:00:00.000Z');
  for (const [key, arn] of Object.entries(ROLES) as [keyof typeof ROLES, string][]) {
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const details = { AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 3600 };
    await iam.createEntity(ACCOUNT, { kind: 'role', id: newUniqueId('role'), name, path: '/', arn: entityArn(ACCOUNT, 'role', '/', name), createDate: created, details }, {});
    await iam.putInlinePolicy(ACCOUNT, 'role', name, { policyName: 'S3', document: JSON.stringify({ Version: '2012-10-17', Statement: POLICIES[key] }) });
  }
  return { storage, serviceRoles: new ServiceRoles(iam, authorizer), peer };
}

export function importJob(appId: string, definition: Record<string, unknown>, segmentId?: string): JobRecord {
  return {
    id: hexId(),
    appId,
    jobType: 'IMPORT',
    ...(segmentId ? { segmentId } : {}),
    definition: { RoleArn: ROLES.import, ...definition },
    jobStatus: 'CREATED',
    totalPieces: 0,
    completedPieces: 0,
    failedPieces: 0,
    totalProcessed: 0,
    totalFailures: 0,
    failures: [],
    creationDate: new Date().toISOString(),
  };
}

export function s3Access(world: ImportWorld, allowedBuckets?: string[]): S3Access {
  return new S3Access({ endpoint: world.peer.url, forcePathStyle: true, allowedBuckets });
}

export function runner(world: ImportWorld, work: JobWork, options: { s3?: S3Access; leaseMs?: number } = {}): JobRunner {
  return new JobRunner(
    { repositories: world.storage.repositories, serviceRoles: world.serviceRoles, s3: options.s3 ?? s3Access(world), logger, works: { IMPORT: work, EXPORT: refuseExports } },
    { pollIntervalMs: 50, leaseMs: options.leaseMs ?? 60_000 },
  );
}

export async function waitFinished(world: ImportWorld, appId: string, jobId: string, timeoutMs = 60_000): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await world.storage.repositories.jobs.get(TENANT, appId, 'IMPORT', jobId);
    assert.ok(job, `job ${jobId} exists`);
    if (FINISHED_JOB_STATUSES.includes(job.jobStatus)) return job;
    assert.ok(Date.now() < deadline, `job ${jobId} did not finish in ${timeoutMs} ms (status ${job.jobStatus})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Stores the job and runs it with a fresh runner until it finishes. */
export async function runToEnd(world: ImportWorld, job: JobRecord, work: JobWork, s3?: S3Access): Promise<JobRecord> {
  await world.storage.repositories.jobs.create(TENANT, job);
  const worker = runner(world, work, s3 ? { s3 } : {});
  worker.start();
  try {
    return await waitFinished(world, job.appId, job.id);
  } finally {
    await worker.close();
  }
}

/** A new imported segment at version 1, as CreateImportJob makes it for DefineSegment. */
export async function importSegment(world: ImportWorld, appId: string): Promise<string> {
  const id = hexId();
  const arn = `arn:aws:mobiletargeting:${TENANT.region}:${ACCOUNT}:apps/${appId}/segments/${id}`;
  const definition = { Name: 'imported', ImportDefinition: { ExternalId: '', Format: 'CSV' as const, RoleArn: ROLES.import, S3Url: `s3://${BUCKET}/`, Size: 0 }, MembersVersion: 1 };
  await world.storage.repositories.segments.create(TENANT, appId, { id, arn, segmentType: 'IMPORT', creationDate: new Date().toISOString(), definition }, {});
  return id;
}

export async function segmentMembers(world: ImportWorld, appId: string, segmentId: string, version = 1): Promise<string[]> {
  const selection = { kind: 'members', segmentId, version } as const;
  const page = await world.storage.repositories.segments.selectEndpoints(TENANT, appId, selection, { limit: 100_000 }, new Date());
  return page.map((endpoint) => endpoint.Id).sort();
}

/** Every endpoint of the project, in id order. */
export async function allEndpoints(world: ImportWorld, appId: string): Promise<StoredEndpoint[]> {
  const all: StoredEndpoint[] = [];
  for (;;) {
    const after = all.at(-1)?.Id;
    const { endpoints } = await world.storage.repositories.endpoints.list(TENANT, appId, {}, after === undefined ? { limit: 1_000 } : { limit: 1_000, after });
    all.push(...endpoints);
    if (endpoints.length < 1_000) return all;
  }
}

/**
 * What the `segments` benchmark's export and import measurements share: a real S3 server
 * (s3rver), a role in IAM storage that trusts pinpoint.amazonaws.com and may read and write the
 * bucket, and the real JobRunner (real ServiceRoles, real S3Access) running one job to its end.
 */
import pino from 'pino';
import { Authorizer } from '../src/auth/authorizer.ts';
import { PolicyStore } from '../src/auth/policy-store.ts';
import { ServiceRoles } from '../src/auth/service-roles.ts';
import { JobRunner } from '../src/engine/jobs/job-runner.ts';
import type { JobWork } from '../src/engine/jobs/job-runner.ts';
import { S3Access } from '../src/integrations/s3-access.ts';
import { entityArn, newUniqueId } from '../src/operations/iam/iam-naming.ts';
import { FINISHED_JOB_STATUSES } from '../src/storage/jobs-repository.ts';
import type { JobRecord, JobType } from '../src/storage/jobs-repository.ts';
import type { Storage } from '../src/storage/repositories.ts';
import { S3Peer } from '../test/helpers/s3-peer.ts';
import { TENANT } from './segments-fill.ts';

export const BUCKET = 'pinion-bench';
export const ROLE_NAME = 'benchJobsRole';
export const ROLE_ARN = entityArn(TENANT.accountId, 'role', '/', ROLE_NAME);

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] }],
});

/** Starts s3rver with the benchmark's bucket (S3Peer.startInProcess sets the credentials S3Access reads). */
export function startS3(): Promise<S3Peer> {
  return S3Peer.startInProcess([BUCKET]);
}

/** The job role, stored through the IAM repository as CreateRole and PutRolePolicy would store it. */
export async function createJobRole(storage: Storage): Promise<void> {
  const iam = storage.repositories.iam;
  const details = { AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 3600 };
  await iam.createEntity(TENANT.accountId, { kind: 'role', id: newUniqueId('role'), name: ROLE_NAME, path: '/', arn: ROLE_ARN, createDate: new Date(), details }, {});
  await iam.putInlinePolicy(TENANT.accountId, 'role', ROLE_NAME, { policyName: 'BenchS3', document: POLICY });
}

export function newJob(appId: string, jobType: JobType, definition: Record<string, unknown>): JobRecord {
  const id = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return { id, appId, jobType, definition, jobStatus: 'CREATED', totalPieces: 0, completedPieces: 0, failedPieces: 0, totalProcessed: 0, totalFailures: 0, failures: [], creationDate: new Date().toISOString() };
}

/**
 * Stores the job and runs it with a fresh real JobRunner until it finishes; answers the finished
 * job and the seconds from storing it to seeing it finished (polled every 20 ms). Throws when the
 * job failed or any row failed.
 */
export async function runJob(storage: Storage, s3: S3Peer, job: JobRecord, work: JobWork): Promise<{ job: JobRecord; seconds: number }> {
  const logger = pino({ level: 'silent' });
  const policyStore = new PolicyStore(storage.repositories.iam, logger);
  const authorizer = new Authorizer(policyStore, (tenant, arn) => storage.repositories.tags.list(tenant, arn));
  const serviceRoles = new ServiceRoles(storage.repositories.iam, authorizer);
  const access = new S3Access({ endpoint: s3.url, forcePathStyle: true, allowedBuckets: undefined });
  const refuse: JobWork = async () => {
    throw new Error('not this benchmark step');
  };
  const works = job.jobType === 'EXPORT' ? { EXPORT: work, IMPORT: refuse } : { EXPORT: refuse, IMPORT: work };
  const runner = new JobRunner({ repositories: storage.repositories, serviceRoles, s3: access, logger, works }, { pollIntervalMs: 20, leaseMs: 120_000, concurrency: 1 });
  const started = performance.now();
  await storage.repositories.jobs.create(TENANT, job);
  runner.start();
  try {
    for (;;) {
      const current = await storage.repositories.jobs.get(TENANT, job.appId, job.jobType, job.id);
      if (!current) throw new Error(`job ${job.id} vanished`);
      if (FINISHED_JOB_STATUSES.includes(current.jobStatus)) {
        const seconds = (performance.now() - started) / 1000;
        if (current.jobStatus !== 'COMPLETED' || current.totalFailures > 0) {
          throw new Error(`${job.jobType} job ${current.jobStatus} with ${current.totalFailures} failures: ${current.failures.slice(0, 3).join('; ')}`);
        }
        return { job: current, seconds };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await runner.close();
    access.destroy();
  }
}

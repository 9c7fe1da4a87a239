import type { ExportJobResponse, ImportJobResponse } from '@aws-sdk/client-pinpoint';
import type { JobRecord, JobType } from '../../storage/jobs-repository.ts';
import { parseS3Url } from '../../integrations/s3-access.ts';
import type { S3Location } from '../../integrations/s3-access.ts';
import type { OperationContext } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';

/** A job as Pinpoint answers it (the Definition's internal members are dropped by the model-driven writer). */
export function toJobResponse(job: JobRecord): ImportJobResponse & ExportJobResponse {
  return {
    ApplicationId: job.appId,
    Id: job.id,
    Type: job.jobType,
    JobStatus: job.jobStatus,
    CreationDate: job.creationDate,
    ...(job.completionDate !== undefined ? { CompletionDate: job.completionDate } : {}),
    Definition: job.definition as never,
    TotalPieces: job.totalPieces,
    CompletedPieces: job.completedPieces,
    FailedPieces: job.failedPieces,
    TotalProcessed: job.totalProcessed,
    TotalFailures: job.totalFailures,
    ...(job.failures.length > 0 ? { Failures: job.failures } : {}),
  };
}

/** A job as it is created: CREATED, nothing counted yet. */
export function newJob(context: OperationContext, fields: Pick<JobRecord, 'id' | 'appId' | 'jobType' | 'definition'> & { segmentId?: string | undefined }): JobRecord {
  const { segmentId, ...rest } = fields;
  return {
    ...rest,
    ...(segmentId !== undefined ? { segmentId } : {}),
    jobStatus: 'CREATED',
    totalPieces: 0,
    completedPieces: 0,
    failedPieces: 0,
    totalProcessed: 0,
    totalFailures: 0,
    failures: [],
    creationDate: context.now().toISOString(),
  };
}

export async function requireJob(context: OperationContext, appId: string, jobType: JobType, jobId: string): Promise<JobRecord> {
  const job = await context.repositories.jobs.get(context.tenant, appId, jobType, jobId);
  if (job) return job;
  await requireApp(context, appId);
  throw pinpointErrors.notFound(`${jobType === 'IMPORT' ? 'Import' : 'Export'} job not found`);
}

/** The bucket and key of an s3:// member, refused when it is not one or names a bucket the deployment keeps jobs out of. */
export function requireS3Location(context: OperationContext, member: string, url: string): S3Location {
  const location = parseS3Url(url);
  if (!location) throw pinpointErrors.badRequest(`${member} must be an s3:// URL such as s3://bucket-name/prefix, got '${url.slice(0, 256)}'`);
  const allowed = context.jobs.allowedBuckets;
  if (allowed !== undefined && allowed.size === 0) {
    throw pinpointErrors.badRequest(`${member}: no S3 bucket is open to import and export jobs on this Pinion deployment (the operator lists them in PINION_S3_BUCKETS, or * for any)`);
  }
  if (allowed !== undefined && !allowed.has(location.bucket)) {
    throw pinpointErrors.badRequest(`${member}: bucket ${location.bucket} is not one this Pinion deployment may use (the operator sets PINION_S3_BUCKETS)`);
  }
  return location;
}

/**
 * Unfinished jobs of one type an account may have in a region, as Pinpoint's quota of active import
 * jobs (10 per account): a queue nobody can flood for everyone else.
 */
export const MAX_ACTIVE_JOBS = 10;

/** 429 TooManyRequestsException when the account already has MAX_ACTIVE_JOBS unfinished jobs of the type. */
export async function requireJobQuota(context: OperationContext, jobType: JobType): Promise<void> {
  const active = await context.repositories.jobs.countUnfinished(context.tenant, jobType);
  if (active >= MAX_ACTIVE_JOBS) {
    const kind = jobType === 'IMPORT' ? 'import' : 'export';
    throw pinpointErrors.tooManyRequests(`At most ${MAX_ACTIVE_JOBS} ${kind} jobs can be active at once in this account and region; ${active} are. Create this one when one of them has finished.`);
  }
}

export async function requirePassRole(context: OperationContext, roleArn: string): Promise<void> {
  await context.serviceRoles.requirePassRole(context.caller, roleArn, {
    tenant: context.tenant,
    facts: context.requestFacts,
    badRequest: (message) => pinpointErrors.badRequest(message),
  });
}

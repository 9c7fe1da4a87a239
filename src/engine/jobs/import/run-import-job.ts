import { isImportObject } from '../../../domain/imports/import-file.ts';
import type { ImportFormat } from '../../../domain/imports/import-file.ts';
import { BucketNotAllowedError, parseS3Url, s3Arn } from '../../../integrations/s3-access.ts';
import type { JobPieceRecord } from '../../../storage/jobs-repository.ts';
import { JobFailedError } from '../job-runner.ts';
import type { JobContext, JobWork } from '../job-runner.ts';
import { importPiece } from './import-piece.ts';
import type { ImportPlan, ImportSettings } from './import-piece.ts';

/**
 * The work of an import job: every object under the job's S3Url (one piece each) read as CSV or
 * newline-delimited JSON (domain/imports), each row written as UpdateEndpointsBatch would write
 * it and, when the job fills an imported segment, added to that segment version's members.
 *
 * Endpoints are always stored, whatever RegisterEndpoints says (see create-import-job.ts: a
 * segment selects stored endpoints).
 *
 * Resumable: the pieces are defined once (a resumed job keeps them, even if objects were added
 * since), a finished piece is never read again, and a piece resumes after the last line of its
 * last recorded step. Rows of an unrecorded step are written a second time after a crash, which
 * is harmless: an endpoint written again with the same fields is the same endpoint (rows without
 * an Id get an id derived from the job, the object and the line), and members are added once.
 *
 * Pinpoint: "The job status is FAILED if Amazon Pinpoint wasn't able to process one or more pieces
 * in the job." Every object is still tried, so the readable ones are imported, then the job fails
 * when any piece failed. Rows that fail do not fail the job; they are counted in TotalFailures and
 * described (the first 100) in Failures.
 */

/**
 * Objects one import reads at most (each is a piece, a row of the job's table): a prefix of a
 * whole bucket must not become millions of pieces. Pinpoint bounds a job by size instead (1 GB).
 */
export const MAX_IMPORT_OBJECTS = 10_000;

export const DEFAULT_IMPORT_SETTINGS: ImportSettings = Object.freeze({
  progressRows: 5_000,
  // Endpoints per write transaction: large enough that the per-transaction costs (locks, the
  // project check, registry reads) are spread thin, small enough to keep each lock short.
  writeRows: 1_000,
  maxObjects: MAX_IMPORT_OBJECTS,
});

/** The import work with other step sizes (tests). */
export function importJobWork(overrides: Partial<ImportSettings> = {}): JobWork {
  const settings: ImportSettings = { ...DEFAULT_IMPORT_SETTINGS, ...overrides };
  for (const name of ['progressRows', 'writeRows', 'maxObjects'] as const) {
    if (!Number.isInteger(settings[name]) || settings[name] < 1) throw new RangeError(`import ${name} must be a positive integer, got ${settings[name]}`);
  }
  return (context) => runImport(context, settings);
}

export const runImportJob: JobWork = importJobWork();

function planOf(context: JobContext): ImportPlan & { prefix: string } {
  const { job } = context;
  const url = job.definition.S3Url;
  const location = typeof url === 'string' ? parseS3Url(url) : undefined;
  if (!location) throw new JobFailedError(`S3Url ${String(url)} is not an s3://bucket/prefix URL`);
  const format = job.definition.Format;
  if (format !== 'CSV' && format !== 'JSON') throw new JobFailedError(`Format ${String(format)} is not CSV or JSON`);
  if (job.segmentId === undefined) return { bucket: location.bucket, prefix: location.key, format, segment: undefined };
  const version = job.definition.SegmentVersion;
  if (typeof version !== 'number') throw new JobFailedError(`the job fills segment ${job.segmentId} but names no version of it`);
  return { bucket: location.bucket, prefix: location.key, format, segment: { id: job.segmentId, version } };
}

async function listObjects(context: JobContext, bucket: string, prefix: string, format: ImportFormat, maxObjects: number): Promise<string[]> {
  const keys: string[] = [];
  try {
    for await (const object of context.s3.listObjects(context.tenant.region, bucket, prefix, context.signal)) {
      if (!isImportObject(object.key, format)) continue;
      if (keys.length === maxObjects) {
        throw new JobFailedError(`more than ${maxObjects} objects to import under s3://${bucket}/${prefix}; an import job reads at most ${maxObjects} (split the prefix into several jobs)`);
      }
      keys.push(object.key);
    }
  } catch (error) {
    if (error instanceof JobFailedError) throw error;
    if (error instanceof BucketNotAllowedError) throw new JobFailedError(error.message, { cause: error });
    throw new JobFailedError(`could not list the objects under s3://${bucket}/${prefix}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return keys;
}

/** The job's pieces: the stored ones of a resumed job, else one per object under the prefix. */
async function definePieces(context: JobContext, plan: ImportPlan & { prefix: string }, maxObjects: number): Promise<JobPieceRecord[]> {
  const { tenant, job, owner, repositories } = context;
  const stored = await repositories.jobs.pieces(tenant, job.appId, job.id);
  if (stored.length > 0) return stored;
  await repositories.jobs.setStatus(tenant, job.appId, job.id, owner, 'INITIALIZING');
  await context.requireRole('s3:ListBucket', s3Arn(plan.bucket), { 's3:prefix': plan.prefix });
  const keys = await listObjects(context, plan.bucket, plan.prefix, plan.format, maxObjects);
  if (keys.length === 0) throw new JobFailedError(`no objects under s3://${plan.bucket}/${plan.prefix} to import as ${plan.format}`);
  return repositories.jobs.definePieces(tenant, job.appId, job.id, owner, keys.map((s3Key, piece) => ({ piece, s3Key })));
}

async function runImport(context: JobContext, settings: ImportSettings): Promise<void> {
  const { tenant, job, owner, repositories, s3, signal } = context;
  const plan = planOf(context);
  // The deployment's allowlist comes before any role evaluation or S3 call.
  if (!s3.isBucketAllowed(plan.bucket)) throw new JobFailedError(new BucketNotAllowedError(plan.bucket).message);
  const pieces = await definePieces(context, plan, settings.maxObjects);
  await repositories.jobs.setStatus(tenant, job.appId, job.id, owner, 'PROCESSING');
  for (const piece of [...pieces].sort((a, b) => a.piece - b.piece)) {
    if (piece.state !== 'PENDING') continue;
    if (signal.aborted) return;
    if (!(await importPiece(context, settings, plan, piece))) return;
    context.logger.debug({ piece: piece.piece, key: piece.s3Key }, 'import piece finished');
  }
  if (signal.aborted) return;
  const final = await repositories.jobs.pieces(tenant, job.appId, job.id);
  const failed = final.filter((piece) => piece.state === 'FAILED').length;
  if (failed > 0) {
    throw new JobFailedError(`${failed} of ${final.length} objects under s3://${plan.bucket}/${plan.prefix} could not be imported (the reasons are listed in Failures)`);
  }
}

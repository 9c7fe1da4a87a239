import type { Readable } from 'node:stream';
import { ImportRowReader, UnreadableObjectError } from '../../../domain/imports/import-file.ts';
import type { ImportFormat } from '../../../domain/imports/import-file.ts';
import { rowFailure } from '../../../domain/imports/import-row.ts';
import type { ImportRow } from '../../../domain/imports/import-row.ts';
import { LineSplitter } from '../../../domain/imports/line-splitter.ts';
import type { LineBatch } from '../../../domain/imports/line-splitter.ts';
import { BucketNotAllowedError, s3Arn } from '../../../integrations/s3-access.ts';
import { MAX_JOB_FAILURES } from '../../../storage/jobs-repository.ts';
import type { JobPieceRecord, PieceState } from '../../../storage/jobs-repository.ts';
import { JobFailedError } from '../job-runner.ts';
import type { JobContext } from '../job-runner.ts';
import { writeBatch } from './import-batch.ts';
import type { BatchOutcome } from './import-batch.ts';
import { ObjectReadError, objectText } from './object-text.ts';

export interface ImportSettings {
  /** Rows per progress step: written, added to the segment, then recorded with the checkpoint. */
  readonly progressRows: number;
  /** Endpoints per write transaction. */
  readonly writeRows: number;
  /** Objects one job reads at most. */
  readonly maxObjects: number;
  /** Called after each recorded step (tests stop a worker there); the work checks its abort signal right after. */
  readonly onStep?: (step: 'progress-recorded', piece: number) => void | Promise<void>;
}

/** What one import job reads and where its rows go. */
export interface ImportPlan {
  readonly bucket: string;
  readonly format: ImportFormat;
  /** The imported segment version that gets the job's endpoints, when the job has one. */
  readonly segment: { readonly id: string; readonly version: number } | undefined;
}

/** Characters of row text one step holds at most (the rows' parsed form is a few times that). */
const PENDING_CHARACTERS = 8 * 1024 * 1024;

const noRows: BatchOutcome = { memberIds: [], failures: [] };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Imports one object (one piece of the job) from its checkpoint, the last line a recorded step
 * handled: the lines before it are read again and passed over. Answers false when the work was
 * stopped (the worker is stopping or lost the job), true when the piece ended COMPLETED or FAILED.
 * An object that cannot be read (the role may not get it, S3 fails, gzip or UTF-8 is broken, the
 * CSV header is unusable) fails its piece with the reason; the rows read before that stay imported.
 */
export async function importPiece(context: JobContext, settings: ImportSettings, plan: ImportPlan, piece: JobPieceRecord): Promise<boolean> {
  const { tenant, job, owner, repositories, s3, signal } = context;
  const key = piece.s3Key;
  const location = `s3://${plan.bucket}/${key}`;
  const checkpoint = Number(piece.checkpoint ?? 0);
  const skipThrough = Number.isSafeInteger(checkpoint) && checkpoint > 0 ? checkpoint : 0;
  let pending: ImportRow[] = [];
  let pendingCharacters = 0;
  let lastLine = skipThrough;

  const step = async (state: PieceState, reason?: string): Promise<void> => {
    const outcome = pending.length > 0 ? await writeBatch(context, pending, settings.writeRows, plan.segment !== undefined) : noRows;
    if (plan.segment && outcome.memberIds.length > 0) {
      await repositories.segments.addMembers(tenant, job.appId, plan.segment.id, plan.segment.version, outcome.memberIds);
    }
    const failures = [...(reason === undefined ? [] : [`${location}: ${reason}`]), ...outcome.failures.slice(0, MAX_JOB_FAILURES).map((failure) => rowFailure(location, failure.line, failure.problem))];
    await repositories.jobs.recordProgress(tenant, job.appId, job.id, owner, {
      piece: piece.piece,
      state,
      checkpoint: String(lastLine),
      processed: pending.length,
      failures: failures.slice(0, MAX_JOB_FAILURES),
      failedCount: outcome.failures.length,
    });
    pending = [];
    await settings.onStep?.('progress-recorded', piece.piece);
  };

  try {
    await context.requireRole('s3:GetObject', s3Arn(plan.bucket, key));
  } catch (error) {
    if (!(error instanceof JobFailedError)) throw error;
    await step('FAILED', error.message);
    return true;
  }
  let body: Readable;
  try {
    body = await s3.getObject(tenant.region, plan.bucket, key, signal);
  } catch (error) {
    if (signal.aborted) return false;
    if (error instanceof BucketNotAllowedError) throw new JobFailedError(error.message, { cause: error });
    await step('FAILED', `could not be read from S3: ${messageOf(error)}`);
    return true;
  }

  const reader = new ImportRowReader(plan.format, { jobId: job.id, key }, skipThrough);
  const splitter = new LineSplitter();
  // Rows are parsed synchronously; the only awaits are the steps, every progressRows rows.
  const consume = async (batch: LineBatch): Promise<boolean> => {
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.first + i;
      const text = batch.lines[i];
      const row = reader.read(text, line);
      if (line > lastLine) lastLine = line;
      if (row) {
        pending.push(row);
        pendingCharacters += text?.length ?? 0;
      }
      // A step ends at progressRows rows or PENDING_CHARACTERS of their text, whichever comes
      // first: long rows never pile up into a step that does not fit in memory.
      if (pending.length >= settings.progressRows || pendingCharacters >= PENDING_CHARACTERS) {
        pendingCharacters = 0;
        if (signal.aborted) return false;
        await step('PENDING');
        if (signal.aborted) return false;
      }
    }
    return true;
  };
  try {
    for await (const text of objectText(body, key.toLowerCase().endsWith('.gz'))) {
      if (!(await consume(splitter.push(text)))) return false;
    }
    if (!(await consume(splitter.end()))) return false;
  } catch (error) {
    if (signal.aborted) return false;
    if (error instanceof UnreadableObjectError) {
      await step('FAILED', error.message);
      return true;
    }
    if (error instanceof ObjectReadError) {
      await step('FAILED', lastLine > 0 ? `${error.message}; lines 1 to ${lastLine} were read` : error.message);
      return true;
    }
    throw error;
  }
  if (signal.aborted) return false;
  await step('COMPLETED');
  return true;
}

import { BucketNotAllowedError, s3Arn } from '../../../integrations/s3-access.ts';
import { JobFailedError } from '../job-runner.ts';
import type { JobContext, JobWork } from '../job-runner.ts';
import { buildPart } from './build-part.ts';
import type { PageSource } from './build-part.ts';
import { nextStart, resumePoint } from './export-resume.ts';
import type { ResumePoint } from './export-resume.ts';
import { exportSelection } from './export-selection.ts';
import { exportTarget, partKey } from './export-target.ts';
import type { ExportTarget } from './export-target.ts';

/**
 * The work of an export job: the project's endpoints, or one segment version's, written to S3 as
 * gzipped newline-delimited JSON (one EndpointResponse per line, ApplicationId included) in parts
 * of at most `partSize` endpoints, in endpoint-id order: `<prefix>/<jobId>/part-00000.json.gz`, …
 *
 * Every part is one piece of the job, written whole: built in memory, put to S3 (a resumed job
 * overwrites the same key, which is idempotent), then completed with its endpoint count and the
 * id the next part starts after (export-resume.ts), then the next piece is added. A crash at any
 * point resumes from the pieces without skipping or repeating an endpoint in the final parts.
 *
 * An empty selection still writes one (empty) part: whoever waits for the job finds its folder
 * and a .gz to read, and the role's right to write there has been proven either way.
 */

export interface ExportSettings {
  /** Endpoints per part file (default 100,000: a part of some tens of MB before compression). */
  readonly partSize: number;
  /** Endpoints per database page (default 2,000). */
  readonly pageSize: number;
  /**
   * Called after each durable step of a part. For tests that stop the worker at that exact point,
   * as a crash would: the work checks its abort signal right after the call.
   */
  readonly onStep?: (step: ExportStep, piece: number) => void | Promise<void>;
}

export type ExportStep = 'part-written' | 'part-recorded' | 'piece-added';

export const DEFAULT_EXPORT_SETTINGS: ExportSettings = Object.freeze({ partSize: 100_000, pageSize: 2_000 });

/** The export work with other part or page sizes. */
export function exportJobWork(overrides: Partial<ExportSettings> = {}): JobWork {
  const settings: ExportSettings = { ...DEFAULT_EXPORT_SETTINGS, ...overrides };
  for (const name of ['partSize', 'pageSize'] as const) {
    if (!Number.isInteger(settings[name]) || settings[name] < 1) throw new RangeError(`export ${name} must be a positive integer, got ${settings[name]}`);
  }
  return (context) => new ExportRun(context, settings).run();
}

export const runExportJob: JobWork = exportJobWork();

class ExportRun {
  readonly #context: JobContext;
  readonly #settings: ExportSettings;
  readonly #target: ExportTarget;

  constructor(context: JobContext, settings: ExportSettings) {
    this.#context = context;
    this.#settings = settings;
    this.#target = exportTarget(context.job);
  }

  async run(): Promise<void> {
    const { tenant, job, owner, repositories, s3 } = this.#context;
    const jobs = repositories.jobs;
    await jobs.setStatus(tenant, job.appId, job.id, owner, 'PROCESSING');
    // The deployment's allowlist comes before any role evaluation, database read or S3 call.
    if (!s3.isBucketAllowed(this.#target.bucket)) throw new JobFailedError(new BucketNotAllowedError(this.#target.bucket).message);
    await this.#requireWrite(0);
    const selection = await exportSelection(this.#context, this.#target);
    // Recency windows are anchored at the job's creation: every part, resumed ones included,
    // evaluates the segment as it stood when the export was asked for.
    const created = new Date(job.creationDate);
    const anchor = Number.isNaN(created.getTime()) ? this.#context.now() : created;
    const pages: PageSource = (after, limit) =>
      repositories.segments.selectEndpointDocuments(tenant, job.appId, selection, after === undefined ? { limit } : { limit, after }, anchor);

    const pieces = await jobs.definePieces(tenant, job.appId, job.id, owner, [{ piece: 0, s3Key: partKey(this.#target, 0) }]);
    let point: ResumePoint = resumePoint(pieces);
    for (;;) {
      if (point.kind === 'after-last') {
        // Resumed after the last part was completed: its lookahead was lost with the crash.
        this.#context.signal.throwIfAborted();
        if ((await pages(point.startAfter, 1)).length === 0) return;
        await this.#addPiece(point.next);
        point = { kind: 'write', piece: point.next, startAfter: point.startAfter };
      }
      const written = await this.#writePart(point.piece, point.startAfter, pages);
      if (!written.more) return;
      await this.#addPiece(point.piece + 1);
      point = { kind: 'write', piece: point.piece + 1, startAfter: written.next };
    }
  }

  async #writePart(piece: number, startAfter: string | undefined, pages: PageSource): Promise<{ more: boolean; next: string | undefined }> {
    const { tenant, job, owner, repositories, s3, signal, logger } = this.#context;
    const key = partKey(this.#target, piece);
    if (piece > 0) await this.#requireWrite(piece);
    const part = await buildPart({ appId: job.appId, startAfter, partSize: this.#settings.partSize, pageSize: this.#settings.pageSize, pages, signal });
    signal.throwIfAborted();
    // Proves the lease is still this worker's right before the write: a worker that stalled past
    // its lease must not overwrite the part its successor wrote (the successor's boundaries rule).
    await repositories.jobs.setStatus(tenant, job.appId, job.id, owner, 'PROCESSING');
    try {
      await s3.putObject(tenant.region, this.#target.bucket, key, part.body, 'application/gzip', signal);
    } catch (error) {
      if (signal.aborted) throw error;
      // S3's own refusal (no such bucket, the operator's credentials denied) is the job's failure
      // to report as S3 stated it, not an internal error (the client already retried).
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new JobFailedError(`could not write s3://${this.#target.bucket}/${key}: ${what}`, { cause: error });
    }
    await this.#step('part-written', piece);
    const next = nextStart(startAfter, part.lastId);
    await repositories.jobs.recordProgress(tenant, job.appId, job.id, owner, {
      piece,
      state: 'COMPLETED',
      ...(next === undefined ? {} : { checkpoint: next }),
      processed: part.count,
      failures: [],
      failedCount: 0,
    });
    logger.info({ piece, key, endpoints: part.count, bytes: part.body.length }, 'export part written');
    await this.#step('part-recorded', piece);
    return { more: part.more, next };
  }

  /** The role must allow s3:PutObject on the part's key, checked before the part is built. */
  #requireWrite(piece: number): Promise<void> {
    return this.#context.requireRole('s3:PutObject', s3Arn(this.#target.bucket, partKey(this.#target, piece)));
  }

  async #addPiece(piece: number): Promise<void> {
    const { tenant, job, owner, repositories } = this.#context;
    await repositories.jobs.addPiece(tenant, job.appId, job.id, owner, { piece, s3Key: partKey(this.#target, piece) });
    await this.#step('piece-added', piece);
  }

  async #step(step: ExportStep, piece: number): Promise<void> {
    if (this.#settings.onStep) await this.#settings.onStep(step, piece);
    this.#context.signal.throwIfAborted();
  }
}

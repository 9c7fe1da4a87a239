import type { AppCursor } from './repositories.ts';
import type { Tenant } from './tenant.ts';

export type JobType = 'IMPORT' | 'EXPORT';

/** Pinpoint's JobStatus values. */
export type JobStatus = 'CREATED' | 'PREPARING_FOR_INITIALIZATION' | 'INITIALIZING' | 'PROCESSING' | 'PENDING_JOB' | 'COMPLETING' | 'COMPLETED' | 'FAILING' | 'FAILED';

export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['COMPLETED', 'FAILED'];
export const UNFINISHED_JOB_STATUSES: readonly JobStatus[] = ['CREATED', 'PREPARING_FOR_INITIALIZATION', 'INITIALIZING', 'PROCESSING', 'PENDING_JOB', 'COMPLETING', 'FAILING'];

/** Failure descriptions a job keeps (Pinpoint's Failures list); later ones are counted, not kept. */
export const MAX_JOB_FAILURES = 100;

export interface JobRecord {
  id: string;
  appId: string;
  jobType: JobType;
  /** The segment the job reads (export) or writes (import), when there is one. */
  segmentId?: string;
  /** The Definition member of the API's response (ImportJobResource / ExportJobResource). */
  definition: Record<string, unknown>;
  jobStatus: JobStatus;
  totalPieces: number;
  completedPieces: number;
  failedPieces: number;
  totalProcessed: number;
  totalFailures: number;
  failures: string[];
  creationDate: string;
  completionDate?: string;
}

export type PieceState = 'PENDING' | 'COMPLETED' | 'FAILED';

/** One unit of a job's work: an S3 object an import reads, or a part file an export writes. */
export interface JobPieceRecord {
  piece: number;
  s3Key: string;
  state: PieceState;
  /** Where the piece resumes, as the job's work wrote it (opaque to storage). */
  checkpoint?: string;
  processed: number;
  failures: number;
}

/** A job a worker has taken, with its tenant. */
export interface ClaimedJob {
  tenant: Tenant;
  job: JobRecord;
  /** How many times a worker has taken the job, this time included, without finishing or releasing it. */
  attempt: number;
}

/** A job's progress after some work: applied to the piece and the job's counters in one transaction. */
export interface JobProgress {
  piece: number;
  /** The piece's new state (stays PENDING while work on it goes on). */
  state: PieceState;
  checkpoint?: string;
  /** Rows (endpoints) this step handled, failed ones included. */
  processed: number;
  /** Descriptions of this step's failed rows; the job keeps the first MAX_JOB_FAILURES of all. */
  failures: readonly string[];
  /** How many rows failed in this step (may exceed failures.length when descriptions were dropped). */
  failedCount: number;
}

/** The worker no longer holds the job (its lease ran out and another took it, or the job was deleted). */
export class JobLeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId} is no longer held by this worker`);
    this.name = 'JobLeaseLostError';
  }
}

export interface JobsRepository {
  /** Stores a new job (status CREATED). Throws ProjectMissingError when the project does not exist. */
  create(tenant: Tenant, job: JobRecord): Promise<void>;
  get(tenant: Tenant, appId: string, jobType: JobType, id: string): Promise<JobRecord | undefined>;
  /** How many jobs of the type are unfinished in the tenant (every project): what the active-jobs quota counts. */
  countUnfinished(tenant: Tenant, jobType: JobType): Promise<number>;
  /** Newest first ((creationDate, id) descending), at most `limit` after `after`; only the segment's jobs when segmentId is given. */
  list(tenant: Tenant, appId: string, jobType: JobType, page: { limit: number; after?: AppCursor; segmentId?: string }): Promise<JobRecord[]>;

  // ---- the worker side ----

  /**
   * Takes the oldest unfinished job that nobody holds (no lease, or a lease that ran out before
   * `now`) for `owner` until `now + leaseMs`. Undefined when there is none.
   */
  claim(owner: string, leaseMs: number, now: Date): Promise<ClaimedJob | undefined>;
  /** Extends the lease; throws JobLeaseLostError when `owner` no longer holds the job. */
  renew(tenant: Tenant, appId: string, jobId: string, owner: string, until: Date): Promise<void>;
  /** Sets the job's status (and, with `totalPieces`, its piece count); JobLeaseLostError as renew. */
  setStatus(tenant: Tenant, appId: string, jobId: string, owner: string, status: JobStatus, totalPieces?: number): Promise<void>;
  /**
   * Records the job's pieces once: when the job already has pieces (a resumed job), nothing is
   * written and the stored ones are returned; else `pieces` are stored PENDING and returned.
   */
  definePieces(tenant: Tenant, appId: string, jobId: string, owner: string, pieces: readonly { piece: number; s3Key: string }[]): Promise<JobPieceRecord[]>;
  /** Adds a piece later (an export that finds it needs another part); ignored when it exists. */
  addPiece(tenant: Tenant, appId: string, jobId: string, owner: string, piece: { piece: number; s3Key: string }): Promise<void>;
  pieces(tenant: Tenant, appId: string, jobId: string): Promise<JobPieceRecord[]>;
  /** Applies progress to a piece and the job's counters (see JobProgress); JobLeaseLostError as renew. */
  recordProgress(tenant: Tenant, appId: string, jobId: string, owner: string, progress: JobProgress): Promise<void>;
  /** Gives the job up unfinished (the worker is stopping): any worker may take it at once, and this take does not count as an attempt. No-op when not held. */
  release(tenant: Tenant, appId: string, jobId: string, owner: string): Promise<void>;
  /** Ends the job (COMPLETED or FAILED, with an optional reason appended to Failures) and drops its lease. */
  finish(tenant: Tenant, appId: string, jobId: string, owner: string, status: 'COMPLETED' | 'FAILED', completionDate: string, reason?: string): Promise<void>;
}

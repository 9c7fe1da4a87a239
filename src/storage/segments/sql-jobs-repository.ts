import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DialectSpecifics } from '../dialect.ts';
import { ProjectMissingError } from '../endpoints-repository.ts';
import { FINISHED_JOB_STATUSES, JobLeaseLostError, MAX_JOB_FAILURES, UNFINISHED_JOB_STATUSES } from '../jobs-repository.ts';
import type { ClaimedJob, JobPieceRecord, JobProgress, JobRecord, JobsRepository, JobStatus, JobType, PieceState } from '../jobs-repository.ts';
import type { AppCursor } from '../repositories.ts';
import type { Database, JobPiecesTable, JobsTable } from '../schema.ts';
import { StorageError, guard } from '../storage-error.ts';
import type { Tenant } from '../tenant.ts';

/** Candidates looked at per claim: another worker may take the first between the read and the update. */
const CLAIM_CANDIDATES = 5;

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StorageError('jobs.read', `stored ${what} is not valid JSON`, { cause: error });
  }
}

function toJob(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    appId: row.app_id,
    jobType: row.job_type as JobType,
    ...(row.segment_id === null ? {} : { segmentId: row.segment_id }),
    definition: parseJson<Record<string, unknown>>(row.definition, `definition of job ${row.id}`),
    jobStatus: row.job_status as JobStatus,
    totalPieces: Number(row.total_pieces),
    completedPieces: Number(row.completed_pieces),
    failedPieces: Number(row.failed_pieces),
    totalProcessed: Number(row.total_processed),
    totalFailures: Number(row.total_failures),
    failures: parseJson<string[]>(row.failures, `failures of job ${row.id}`),
    creationDate: row.creation_date,
    ...(row.completion_date === null ? {} : { completionDate: row.completion_date }),
  };
}

function toPiece(row: Selectable<JobPiecesTable>): JobPieceRecord {
  return {
    piece: Number(row.piece),
    s3Key: row.s3_key,
    state: row.state as PieceState,
    ...(row.checkpoint === null ? {} : { checkpoint: row.checkpoint }),
    processed: Number(row.processed),
    failures: Number(row.failures),
  };
}

export class SqlJobsRepository implements JobsRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#db = db;
    this.#dialect = dialect;
  }

  create(tenant: Tenant, job: JobRecord): Promise<void> {
    return guard('jobs.create', () =>
      this.#db.transaction().execute(async (trx) => {
        let app = trx.selectFrom('apps').select('id').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('id', '=', job.appId);
        if (this.#dialect.name === 'postgres') app = app.forShare();
        if (!(await app.executeTakeFirst())) throw new ProjectMissingError(job.appId);
        await trx
          .insertInto('jobs')
          .values({
            account_id: tenant.accountId,
            region: tenant.region,
            app_id: job.appId,
            id: job.id,
            job_type: job.jobType,
            segment_id: job.segmentId ?? null,
            definition: JSON.stringify(job.definition),
            job_status: job.jobStatus,
            failures: JSON.stringify(job.failures),
            creation_date: job.creationDate,
            completion_date: job.completionDate ?? null,
          })
          .execute();
      }),
    );
  }

  get(tenant: Tenant, appId: string, jobType: JobType, id: string): Promise<JobRecord | undefined> {
    return guard('jobs.get', async () => {
      const row = await this.#scoped(this.#db, tenant, appId).where('job_type', '=', jobType).where('id', '=', id).selectAll().executeTakeFirst();
      return row ? toJob(row) : undefined;
    });
  }

  countUnfinished(tenant: Tenant, jobType: JobType): Promise<number> {
    return guard('jobs.countUnfinished', async () => {
      const row = await this.#db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('job_status', 'in', UNFINISHED_JOB_STATUSES)
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('job_type', '=', jobType)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }

  list(tenant: Tenant, appId: string, jobType: JobType, page: { limit: number; after?: AppCursor; segmentId?: string }): Promise<JobRecord[]> {
    return guard('jobs.list', async () => {
      let query = this.#scoped(this.#db, tenant, appId).where('job_type', '=', jobType).selectAll();
      if (page.segmentId !== undefined) query = query.where('segment_id', '=', page.segmentId);
      const after = page.after;
      if (after) {
        query = query.where((eb) => eb.or([eb('creation_date', '<', after.creationDate), eb.and([eb('creation_date', '=', after.creationDate), eb('id', '<', after.id)])]));
      }
      const rows = await query.orderBy('creation_date', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(toJob);
    });
  }

  claim(owner: string, leaseMs: number, now: Date): Promise<ClaimedJob | undefined> {
    return guard('jobs.claim', async () => {
      const nowText = now.toISOString();
      const candidates = await this.#db
        .selectFrom('jobs')
        .selectAll()
        // "in" the unfinished statuses, not "not in" the finished ones: the (job_status, lease_until)
        // index then skips the finished jobs, which only ever accumulate.
        .where('job_status', 'in', UNFINISHED_JOB_STATUSES)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowText)]))
        .orderBy('creation_date')
        .limit(CLAIM_CANDIDATES)
        .execute();
      const until = new Date(now.getTime() + leaseMs).toISOString();
      for (const row of candidates) {
        // Taken only if still unheld: the lease seen by the read is part of the condition.
        const result = await this.#db
          .updateTable('jobs')
          .set((eb) => ({ lease_owner: owner, lease_until: until, attempts: eb('attempts', '+', 1) }))
          .where('account_id', '=', row.account_id)
          .where('region', '=', row.region)
          .where('app_id', '=', row.app_id)
          .where('id', '=', row.id)
          .where('job_status', 'not in', FINISHED_JOB_STATUSES)
          .where((eb) => (row.lease_until === null ? eb('lease_until', 'is', null) : eb('lease_until', '=', row.lease_until)))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) return { tenant: { accountId: row.account_id, region: row.region }, job: toJob(row), attempt: Number(row.attempts) + 1 };
      }
      return undefined;
    });
  }

  renew(tenant: Tenant, appId: string, jobId: string, owner: string, until: Date): Promise<void> {
    return guard('jobs.renew', () => this.#updateHeld(this.#db, tenant, appId, jobId, owner, { lease_until: until.toISOString() }));
  }

  setStatus(tenant: Tenant, appId: string, jobId: string, owner: string, status: JobStatus, totalPieces?: number): Promise<void> {
    return guard('jobs.setStatus', () =>
      this.#updateHeld(this.#db, tenant, appId, jobId, owner, { job_status: status, ...(totalPieces === undefined ? {} : { total_pieces: totalPieces }) }),
    );
  }

  definePieces(tenant: Tenant, appId: string, jobId: string, owner: string, pieces: readonly { piece: number; s3Key: string }[]): Promise<JobPieceRecord[]> {
    return guard('jobs.definePieces', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#updateHeld(trx, tenant, appId, jobId, owner, {});
        const stored = await this.#pieces(trx, tenant, appId, jobId);
        if (stored.length > 0) return stored;
        for (let start = 0; start < pieces.length; start += 200) {
          await trx
            .insertInto('job_pieces')
            .values(pieces.slice(start, start + 200).map((p) => ({ account_id: tenant.accountId, region: tenant.region, app_id: appId, job_id: jobId, piece: p.piece, s3_key: p.s3Key, state: 'PENDING', checkpoint: null })))
            .execute();
        }
        await this.#updateHeld(trx, tenant, appId, jobId, owner, { total_pieces: pieces.length });
        return pieces.map((p) => ({ piece: p.piece, s3Key: p.s3Key, state: 'PENDING' as const, processed: 0, failures: 0 }));
      }),
    );
  }

  addPiece(tenant: Tenant, appId: string, jobId: string, owner: string, piece: { piece: number; s3Key: string }): Promise<void> {
    return guard('jobs.addPiece', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#updateHeld(trx, tenant, appId, jobId, owner, {});
        const inserted = await trx
          .insertInto('job_pieces')
          .values({ account_id: tenant.accountId, region: tenant.region, app_id: appId, job_id: jobId, piece: piece.piece, s3_key: piece.s3Key, state: 'PENDING', checkpoint: null })
          .onConflict((oc) => oc.columns(['account_id', 'region', 'app_id', 'job_id', 'piece']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
          await this.#scopedUpdate(trx, tenant, appId, jobId).set((eb) => ({ total_pieces: eb('total_pieces', '+', 1) })).execute();
        }
      }),
    );
  }

  pieces(tenant: Tenant, appId: string, jobId: string): Promise<JobPieceRecord[]> {
    return guard('jobs.pieces', () => this.#pieces(this.#db, tenant, appId, jobId));
  }

  recordProgress(tenant: Tenant, appId: string, jobId: string, owner: string, progress: JobProgress): Promise<void> {
    return guard('jobs.recordProgress', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#dialect.lockKey(trx, JSON.stringify(['job', tenant.accountId, tenant.region, appId, jobId]));
        const job = await this.#scoped(trx, tenant, appId).where('id', '=', jobId).where('lease_owner', '=', owner).select(['failures']).executeTakeFirst();
        if (!job) throw new JobLeaseLostError(jobId);
        const piece = await trx
          .selectFrom('job_pieces')
          .select(['state'])
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('app_id', '=', appId)
          .where('job_id', '=', jobId)
          .where('piece', '=', progress.piece)
          .executeTakeFirst();
        if (!piece) throw new StorageError('jobs.recordProgress', `job ${jobId} has no piece ${progress.piece}`);
        // A piece that already finished (a resumed job repeating its last step) counts once.
        if (piece.state !== 'PENDING') return;
        await trx
          .updateTable('job_pieces')
          .set((eb) => ({
            state: progress.state,
            checkpoint: progress.checkpoint ?? null,
            processed: eb('processed', '+', progress.processed),
            failures: eb('failures', '+', progress.failedCount),
          }))
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('app_id', '=', appId)
          .where('job_id', '=', jobId)
          .where('piece', '=', progress.piece)
          .execute();
        const kept = parseJson<string[]>(job.failures, `failures of job ${jobId}`);
        const failures = [...kept, ...progress.failures.slice(0, Math.max(0, MAX_JOB_FAILURES - kept.length))];
        await this.#scopedUpdate(trx, tenant, appId, jobId)
          .set((eb) => ({
            total_processed: eb('total_processed', '+', progress.processed),
            total_failures: eb('total_failures', '+', progress.failedCount),
            completed_pieces: eb('completed_pieces', '+', progress.state === 'COMPLETED' ? 1 : 0),
            failed_pieces: eb('failed_pieces', '+', progress.state === 'FAILED' ? 1 : 0),
            failures: JSON.stringify(failures),
          }))
          .execute();
      }),
    );
  }

  release(tenant: Tenant, appId: string, jobId: string, owner: string): Promise<void> {
    return guard('jobs.release', async () => {
      await this.#scopedUpdate(this.#db, tenant, appId, jobId)
        .set((eb) => ({ lease_owner: null, lease_until: null, attempts: eb('attempts', '-', 1) }))
        .where('lease_owner', '=', owner)
        .execute();
    });
  }

  finish(tenant: Tenant, appId: string, jobId: string, owner: string, status: 'COMPLETED' | 'FAILED', completionDate: string, reason?: string): Promise<void> {
    return guard('jobs.finish', () =>
      this.#db.transaction().execute(async (trx) => {
        const job = await this.#scoped(trx, tenant, appId).where('id', '=', jobId).where('lease_owner', '=', owner).select(['failures']).executeTakeFirst();
        if (!job) throw new JobLeaseLostError(jobId);
        const kept = parseJson<string[]>(job.failures, `failures of job ${jobId}`);
        const failures = reason === undefined || kept.length >= MAX_JOB_FAILURES ? kept : [...kept, reason];
        await this.#scopedUpdate(trx, tenant, appId, jobId)
          .set({ job_status: status, completion_date: completionDate, failures: JSON.stringify(failures), lease_owner: null, lease_until: null })
          .execute();
      }),
    );
  }

  #scoped(db: Kysely<Database> | Transaction<Database>, tenant: Tenant, appId: string) {
    return db.selectFrom('jobs').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', appId);
  }

  #scopedUpdate(db: Kysely<Database> | Transaction<Database>, tenant: Tenant, appId: string, jobId: string) {
    return db.updateTable('jobs').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', appId).where('id', '=', jobId);
  }

  async #updateHeld(db: Kysely<Database> | Transaction<Database>, tenant: Tenant, appId: string, jobId: string, owner: string, set: { lease_until?: string; job_status?: string; total_pieces?: number }): Promise<void> {
    // An empty set still has to prove the lease is held: rewrite the owner with itself.
    const result = await this.#scopedUpdate(db, tenant, appId, jobId)
      .set({ lease_owner: owner, ...set })
      .where('lease_owner', '=', owner)
      .where('job_status', 'not in', FINISHED_JOB_STATUSES)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new JobLeaseLostError(jobId);
  }

  async #pieces(db: Kysely<Database> | Transaction<Database>, tenant: Tenant, appId: string, jobId: string): Promise<JobPieceRecord[]> {
    const rows = await db
      .selectFrom('job_pieces')
      .selectAll()
      .where('account_id', '=', tenant.accountId)
      .where('region', '=', tenant.region)
      .where('app_id', '=', appId)
      .where('job_id', '=', jobId)
      .orderBy('piece')
      .execute();
    return rows.map(toPiece);
  }
}

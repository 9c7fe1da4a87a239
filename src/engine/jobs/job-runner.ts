import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ServiceRoleCheck } from '../../auth/service-roles.ts';
import { appArn } from '../../domain/arn.ts';
import type { ServiceRoleVerdict } from '../../iam/service-role.ts';
import { BucketNotAllowedError } from '../../integrations/s3-access.ts';
import type { S3Access } from '../../integrations/s3-access.ts';
import { JobLeaseLostError } from '../../storage/jobs-repository.ts';
import type { JobRecord, JobType } from '../../storage/jobs-repository.ts';
import type { Repositories } from '../../storage/repositories.ts';
import type { Tenant } from '../../storage/tenant.ts';

/**
 * The import/export worker. Jobs are rows (storage/jobs-repository.ts); a worker takes one with a
 * lease, renews the lease while it works and gives it up when the job ends. A worker that dies
 * (crash, kill -9, lost database) stops renewing; once the lease runs out any worker, this one
 * after a restart included, takes the job again and its work resumes from the pieces and
 * checkpoints it recorded, never redoing a finished piece.
 */

/** A job's own failure: the job ends FAILED with this reason in its Failures. */
export class JobFailedError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'JobFailedError';
  }
}

/** What a job's work is given. */
export interface JobContext {
  readonly tenant: Tenant;
  readonly job: JobRecord;
  /** This worker's lease id: every progress write names it (JobsRepository). */
  readonly owner: string;
  readonly repositories: Repositories;
  readonly s3: S3Access;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Aborted when the worker stops or loses the job's lease: stop at the next step. */
  readonly signal: AbortSignal;
  /**
   * Checks, as AWS would when Pinpoint assumes the job's RoleArn, that the role trusts
   * pinpoint.amazonaws.com and allows `action` on `resource` (with the action's condition keys,
   * e.g. s3:prefix). Throws JobFailedError with the reason when it does not.
   */
  requireRole(action: string, resource: string, actionKeys?: Readonly<Record<string, string>>): Promise<void>;
}

export type JobWork = (context: JobContext) => Promise<void>;

/** Takes of one job that may end without the job finishing (worker crashes) before it is failed. */
export const MAX_JOB_ATTEMPTS = 5;

export interface JobRunnerDeps {
  readonly repositories: Repositories;
  readonly serviceRoles: { check(use: ServiceRoleCheck): Promise<ServiceRoleVerdict> };
  readonly s3: S3Access;
  readonly logger: Logger;
  readonly works: Readonly<Record<JobType, JobWork>>;
  readonly now?: () => Date;
}

export interface JobRunnerSettings {
  /** Pause between looks for new jobs while idle. */
  readonly pollIntervalMs: number;
  /** How long a taken job stays this worker's without renewal. Default 60 s. */
  readonly leaseMs?: number;
  /** Jobs run at the same time. Default 2. */
  readonly concurrency?: number;
}

export class JobRunner {
  readonly #deps: JobRunnerDeps;
  readonly #pollIntervalMs: number;
  readonly #leaseMs: number;
  readonly #concurrency: number;
  readonly #owner = `worker-${randomUUID()}`;
  readonly #stop = new AbortController();
  readonly #running = new Set<Promise<void>>();
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(deps: JobRunnerDeps, settings: JobRunnerSettings) {
    this.#deps = deps;
    this.#pollIntervalMs = settings.pollIntervalMs;
    this.#leaseMs = settings.leaseMs ?? 60_000;
    this.#concurrency = settings.concurrency ?? 2;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Looks for jobs now instead of at the next poll (a job was just created). */
  poke(): void {
    this.#wake?.();
  }

  /** Stops taking jobs and aborts the running ones; their leases run out and they resume later. */
  async close(): Promise<void> {
    this.#stop.abort();
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#running]);
  }

  async #run(): Promise<void> {
    const now = this.#deps.now ?? (() => new Date());
    while (!this.#stop.signal.aborted) {
      let took = false;
      if (this.#running.size < this.#concurrency) {
        try {
          const claimed = await this.#deps.repositories.jobs.claim(this.#owner, this.#leaseMs, now());
          if (claimed && this.#stop.signal.aborted) {
            // Stopped while the claim was on its way (it may even have taken a job another run of
            // this loop just released): give it straight back.
            await this.#deps.repositories.jobs.release(claimed.tenant, claimed.job.appId, claimed.job.id, this.#owner).catch(() => undefined);
          } else if (claimed) {
            took = true;
            const run = this.#execute(claimed.tenant, claimed.job, claimed.attempt).finally(() => {
              this.#running.delete(run);
              this.#wake?.();
            });
            this.#running.add(run);
          }
        } catch (error) {
          this.#deps.logger.warn({ err: error }, 'could not look for import/export jobs');
        }
      }
      if (!took || this.#running.size >= this.#concurrency) await this.#pause();
    }
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }

  async #execute(tenant: Tenant, job: JobRecord, attempt: number): Promise<void> {
    const { repositories, logger: baseLogger } = this.#deps;
    const now = this.#deps.now ?? (() => new Date());
    const logger = baseLogger.child({ jobId: job.id, appId: job.appId, jobType: job.jobType });
    const abort = new AbortController();
    const stopListener = () => abort.abort();
    // A listener added to an already aborted signal never runs: a job started as the worker stops is aborted here.
    if (this.#stop.signal.aborted) abort.abort();
    else this.#stop.signal.addEventListener('abort', stopListener);
    const renewal = setInterval(() => {
      repositories.jobs.renew(tenant, job.appId, job.id, this.#owner, new Date(now().getTime() + this.#leaseMs)).catch((error: unknown) => {
        if (error instanceof JobLeaseLostError) logger.warn('lost the lease of the job; stopping its work');
        else logger.warn({ err: error }, 'could not renew the lease of the job');
        if (error instanceof JobLeaseLostError) abort.abort();
      });
    }, Math.max(1_000, Math.floor(this.#leaseMs / 3)));
    const context: JobContext = {
      tenant,
      job,
      owner: this.#owner,
      repositories,
      s3: this.#deps.s3,
      logger,
      now,
      signal: abort.signal,
      requireRole: (action, resource, actionKeys) => this.#requireRole(tenant, job, action, resource, actionKeys),
    };
    try {
      if (attempt > MAX_JOB_ATTEMPTS) {
        // Each earlier take ended with its worker gone (a crash, an out-of-memory kill): running it
        // again would most likely bring the next worker down too.
        throw new JobFailedError(`the job stopped its worker ${attempt - 1} times without finishing; Pinion gave up on it`);
      }
      logger.info({ attempt }, 'job started');
      await this.#deps.works[job.jobType](context);
      if (abort.signal.aborted) {
        if (this.#stop.signal.aborted) await repositories.jobs.release(tenant, job.appId, job.id, this.#owner).catch(() => undefined);
        return;
      }
      await repositories.jobs.finish(tenant, job.appId, job.id, this.#owner, 'COMPLETED', now().toISOString());
      logger.info('job completed');
    } catch (error) {
      if (error instanceof JobLeaseLostError || abort.signal.aborted) {
        if (this.#stop.signal.aborted && !(error instanceof JobLeaseLostError)) {
          // Stopping cleanly: give the job up so the next worker (this server restarted) resumes it at once.
          await repositories.jobs.release(tenant, job.appId, job.id, this.#owner).catch(() => undefined);
        }
        logger.info('job work stopped; it resumes from its recorded progress');
        return;
      }
      // An unexpected error's text (a driver message, say) stays in the server log; the job's
      // Failures, which its users read, say only that it happened and where to look.
      const reason = error instanceof JobFailedError || error instanceof BucketNotAllowedError ? error.message : `internal error (logged by the server with job id ${job.id})`;
      if (!(error instanceof JobFailedError)) logger.error({ err: error }, 'job failed unexpectedly');
      await repositories.jobs
        .finish(tenant, job.appId, job.id, this.#owner, 'FAILED', now().toISOString(), reason)
        .then(() => logger.info({ reason }, 'job failed'))
        .catch((finishError: unknown) => logger.warn({ err: finishError }, 'could not mark the job failed; it runs again when its lease runs out'));
    } finally {
      clearInterval(renewal);
      this.#stop.signal.removeEventListener('abort', stopListener);
    }
  }

  async #requireRole(tenant: Tenant, job: JobRecord, action: string, resource: string, actionKeys?: Readonly<Record<string, string>>): Promise<void> {
    const roleArn = job.definition.RoleArn;
    if (typeof roleArn !== 'string') throw new JobFailedError('the job has no RoleArn');
    const verdict = await this.#deps.serviceRoles.check({
      accountId: tenant.accountId,
      roleArn,
      sourceAccount: tenant.accountId,
      sourceArn: appArn(tenant, job.appId),
      action,
      resource,
      ...(actionKeys ? { actionKeys } : {}),
    });
    if (!verdict.ok) throw new JobFailedError(`Pinion could not use role ${roleArn}: ${verdict.reason}`);
  }
}

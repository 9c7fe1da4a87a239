import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config/config.ts';
import { ApiCallError, ApiTargetError, pinpointTarget, signedGetJson } from './signed-api-call.ts';
import type { ApiTarget } from './signed-api-call.ts';

/**
 * `pinion jobs watch <application-id> <job-id>`: follows an import or export job through the
 * public API (GetImportJob / GetExportJob, SigV4-signed with the caller's AWS credentials), so it
 * works against any Pinion server the caller can reach and shows only what IAM lets the caller
 * read. Progress goes to stderr (a bar on a terminal, a line per change otherwise); the final
 * report goes to stdout. Exit 0 when the job COMPLETED, 1 when it FAILED, 2 when it cannot be
 * watched (bad arguments, no credentials, no such job, access denied, server unreachable).
 */

type JobKind = 'import' | 'export';

/** The members of ImportJobResponse / ExportJobResponse the command shows. */
export interface WatchedJob {
  Id?: string;
  ApplicationId?: string;
  JobStatus?: string;
  Type?: string;
  TotalPieces?: number;
  CompletedPieces?: number;
  FailedPieces?: number;
  TotalProcessed?: number;
  TotalFailures?: number;
  Failures?: string[];
  CreationDate?: string;
  CompletionDate?: string;
  Definition?: Record<string, unknown>;
}

interface WatchFlags {
  type?: JobKind;
  endpointUrl?: string;
  region?: string;
  interval: number;
  json?: boolean;
}

/** A watch that cannot go on: printed as `pinion: <message>`, exit 2. */
class WatchError extends Error {}

const FINISHED = new Set(['COMPLETED', 'FAILED']);
/** Failed looks in a row (network, throttling, 5xx) before giving up. */
const MAX_TRANSIENT_FAILURES = 5;

/** Server text on the terminal: no control characters (escape sequences could rewrite the screen). */
function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, ' ');
}

function counters(job: WatchedJob): string {
  const done = (job.CompletedPieces ?? 0) + (job.FailedPieces ?? 0);
  return `${done}/${job.TotalPieces ?? 0} pieces, ${job.TotalProcessed ?? 0} endpoints processed, ${job.TotalFailures ?? 0} failed`;
}

/** One plain progress line (non-terminal output). */
export function progressLine(kind: JobKind, job: WatchedJob, now: Date): string {
  return `${now.toISOString()} ${kind} job ${printable(job.Id ?? '?')}: ${printable(job.JobStatus ?? '?')}, ${counters(job)}\n`;
}

/** The final report: status, counters, where the data went or came from, and the failures. */
export function finalReport(kind: JobKind, job: WatchedJob): string {
  const definition = job.Definition ?? {};
  const location = kind === 'export' ? definition.S3UrlPrefix : definition.S3Url;
  const rows: [string, unknown][] = [
    ['Status', job.JobStatus],
    ['Application', job.ApplicationId],
    ['Pieces', `${job.TotalPieces ?? 0} total, ${job.CompletedPieces ?? 0} completed, ${job.FailedPieces ?? 0} failed`],
    ['Processed', `${job.TotalProcessed ?? 0} endpoints`],
    ['Failed', `${job.TotalFailures ?? 0} endpoints`],
    [kind === 'export' ? 'Destination' : 'Source', location],
    ['Segment', definition.SegmentId === undefined ? undefined : `${String(definition.SegmentId)}${definition.SegmentVersion === undefined ? '' : ` version ${String(definition.SegmentVersion)}`}`],
    ['Created', job.CreationDate],
    ['Completed', job.CompletionDate],
  ];
  const lines = [`${kind === 'export' ? 'Export' : 'Import'} job ${printable(job.Id ?? '?')}`];
  for (const [label, value] of rows) if (value !== undefined && value !== null) lines.push(`  ${`${label}:`.padEnd(13)}${printable(String(value))}`);
  const failures = job.Failures ?? [];
  if (failures.length > 0) {
    lines.push(`Failures (${failures.length}${(job.TotalFailures ?? 0) > failures.length ? ` shown of ${job.TotalFailures} failed endpoints` : ''}):`);
    for (const failure of failures) lines.push(`  - ${printable(failure)}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Display {
  update(job: WatchedJob): void;
  stop(): void;
}

function barDisplay(kind: JobKind): Display {
  const bar = new cliProgress.SingleBar(
    { format: `${kind} {status} |{bar}| {done}/{pieces} pieces | {processed} endpoints | {failed} failed`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(job) {
      const done = (job.CompletedPieces ?? 0) + (job.FailedPieces ?? 0);
      // An export adds pieces as it goes: the bar's end moves with TotalPieces (never 0, which draws nothing).
      const total = Math.max(1, job.TotalPieces ?? 0, done);
      const payload = { status: printable(job.JobStatus ?? '?'), done, pieces: job.TotalPieces ?? 0, processed: job.TotalProcessed ?? 0, failed: job.TotalFailures ?? 0 };
      if (!started) {
        bar.start(total, done, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop: () => bar.stop(),
  };
}

function lineDisplay(kind: JobKind, write: (text: string) => void): Display {
  let last = '';
  return {
    update(job) {
      const state = `${job.JobStatus}|${counters(job)}`;
      if (state === last) return;
      last = state;
      write(progressLine(kind, job, new Date()));
    },
    stop: () => undefined,
  };
}

/** Where `pinion serve` listens when nothing else is configured (the default port is config.ts's). */
export function defaultEndpointUrl(): string {
  return `http://127.0.0.1:${loadConfig({}).port}`;
}

function jobPath(kind: JobKind, appId: string, jobId: string): string {
  return `/v1/apps/${encodeURIComponent(appId)}/jobs/${kind}/${encodeURIComponent(jobId)}`;
}

async function getJob(target: ApiTarget, kind: JobKind, appId: string, jobId: string): Promise<WatchedJob> {
  const body = await signedGetJson(target, jobPath(kind, appId, jobId));
  if (typeof body !== 'object' || body === null) throw new WatchError(`the server's answer to Get${kind === 'import' ? 'Import' : 'Export'}Job is not a job`);
  return body as WatchedJob;
}

function describeFailure(error: unknown): string {
  if (error instanceof ApiCallError) return `${error.status}${error.errorType ? ` ${error.errorType}` : ''}: ${printable(error.message)}`;
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}

/** The job, trying an import job and then an export job unless the type is given. */
async function findJob(target: ApiTarget, kinds: readonly JobKind[], appId: string, jobId: string): Promise<{ kind: JobKind; job: WatchedJob }> {
  for (const kind of kinds) {
    try {
      return { kind, job: await getJob(target, kind, appId, jobId) };
    } catch (error) {
      if (error instanceof ApiCallError && error.status === 404 && error.errorType === 'NotFoundException') continue;
      throw new WatchError(`cannot read ${kind} job ${jobId} of application ${appId} at ${target.endpointUrl}: ${describeFailure(error)}`);
    }
  }
  throw new WatchError(`application ${appId} has no ${kinds.join(' or ')} job ${jobId} (or the application does not exist) at ${target.endpointUrl}`);
}

export async function watchJob(appId: string, jobId: string, flags: WatchFlags, env: NodeJS.ProcessEnv): Promise<number> {
  let target: ApiTarget;
  try {
    target = pinpointTarget(flags, env, defaultEndpointUrl());
  } catch (error) {
    if (error instanceof ApiTargetError) throw new WatchError(error.message);
    throw error;
  }

  const found = await findJob(target, flags.type ? [flags.type] : ['import', 'export'], appId, jobId);
  const { kind } = found;
  let job = found.job;
  const display = process.stderr.isTTY ? barDisplay(kind) : lineDisplay(kind, (text) => process.stderr.write(text));
  let failuresInRow = 0;
  try {
    display.update(job);
    while (!FINISHED.has(job.JobStatus ?? '')) {
      // Backs off while the server is unreachable or busy, back to the interval once it answers.
      await new Promise((resolve) => setTimeout(resolve, Math.min(flags.interval * 2 ** failuresInRow, 30_000)));
      try {
        job = await getJob(target, kind, appId, jobId);
        failuresInRow = 0;
      } catch (error) {
        const transient = !(error instanceof ApiCallError) || error.transient;
        if (!transient || ++failuresInRow >= MAX_TRANSIENT_FAILURES) throw new WatchError(`lost ${kind} job ${jobId}: ${describeFailure(error)}`);
        continue;
      }
      display.update(job);
    }
  } finally {
    display.stop();
  }
  process.stdout.write(flags.json === true ? `${JSON.stringify(job)}\n` : finalReport(kind, job));
  return job.JobStatus === 'COMPLETED' ? 0 : 1;
}

function intervalMs(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 50 || value > 60_000) throw new InvalidArgumentError('must be a whole number of milliseconds from 50 to 60000');
  return value;
}

export function jobsCommand(): Command {
  const exit = (error: { exitCode: number }) => process.exit(error.exitCode === 0 ? 0 : 2);
  const watch = new Command('watch')
    .description('Follow an import or export job until it ends, then print its status, counters and failures (exit 0 COMPLETED, 1 FAILED, 2 cannot watch)')
    .argument('<application-id>', 'the project (application) id')
    .argument('<job-id>', 'the import or export job id')
    .addOption(new Option('--type <type>', 'the job type (default: an import job, else an export job)').choices(['import', 'export']))
    .option('--endpoint-url <url>', `the Pinion API (env AWS_ENDPOINT_URL_PINPOINT, AWS_ENDPOINT_URL, default ${defaultEndpointUrl()})`)
    .option('--region <region>', 'the region the request is signed for (env AWS_REGION, AWS_DEFAULT_REGION, default us-east-1)')
    .option('--interval <ms>', 'milliseconds between looks at the job', intervalMs, 1000)
    .option('--json', 'print the final job (the API\'s JSON) instead of the report')
    .exitOverride(exit)
    .action(async (appId: string, jobId: string, flags: WatchFlags) => {
      let code: number;
      try {
        code = await watchJob(appId, jobId, flags, process.env);
      } catch (error) {
        if (!(error instanceof WatchError)) throw error;
        console.error(`pinion: ${error.message}`);
        code = 2;
      }
      // Leaves at once: kept-alive API connections would hold the process open for seconds.
      process.stdout.write('', () => process.exit(code));
    });
  return new Command('jobs').description('Import and export jobs').addCommand(watch).exitOverride(exit);
}

/**
 * Export throughput: the real export work (runExportJob under the real JobRunner, role checked in
 * IAM storage) writes every endpoint of the project to s3rver as gzipped JSON-lines parts. The
 * baseline, in the same run on the same database: the same rows read with one hand-written SELECT
 * (in id order, the stored JSON text as it is, ApplicationId spliced in) and gzipped at the same
 * level into a buffer — no S3, no job bookkeeping, no parse-and-restringify.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import { runExportJob } from '../src/engine/jobs/export/run-export-job.ts';
import type { S3Peer } from '../test/helpers/s3-peer.ts';
import { TENANT } from './segments-fill.ts';
import type { SegmentWorld } from './segments-fill.ts';
import { withLoopWatch } from './loop-watch.ts';
import { BUCKET, newJob, ROLE_ARN, runJob } from './segments-jobs.ts';

const LINES_PER_CHUNK = 2_000;

export interface ExportFigures {
  endpoints: number;
  seconds: number;
  endpointsPerSecond: number;
  parts: number;
  gzippedBytes: number;
  baselineSeconds: number;
  baselineGzippedBytes: number;
  baselineEndpointsPerSecond: number;
  /** Pinion's rate ÷ the baseline's rate. */
  ratio: number;
  /** The event loop's longest wait during the export job (see loop-watch.ts; s3rver runs in this process too). */
  eventLoopLongestGapMs: number;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Lines of the project's endpoints, LINES_PER_CHUNK per string, from one SELECT. */
async function* baselineLines(world: SegmentWorld, appId: string): AsyncGenerator<string> {
  const suffix = `,"ApplicationId":"${appId}"}\n`;
  const where = `account_id = ${quote(TENANT.accountId)} and region = ${quote(TENANT.region)} and app_id = ${quote(appId)}`;
  if (world.raw.sqlite) {
    const rows = world.raw.sqlite.prepare(`select document from endpoints where ${where} order by id`).pluck().iterate() as IterableIterator<string>;
    let text = '';
    let n = 0;
    for (const document of rows) {
      text += document.slice(0, -1) + suffix;
      if (++n === LINES_PER_CHUNK) {
        yield text;
        text = '';
        n = 0;
      }
    }
    if (n > 0) yield text;
    return;
  }
  // PostgreSQL: one SELECT read through a cursor, so the rows never all sit in memory.
  const client = world.raw.pg!;
  await client.query('begin');
  try {
    await client.query(`declare bench_export no scroll cursor for select document::text as document from endpoints where ${where} order by id`);
    for (;;) {
      const { rows } = await client.query<{ document: string }>(`fetch ${LINES_PER_CHUNK} from bench_export`);
      if (rows.length === 0) break;
      let text = '';
      for (const row of rows) text += row.document.slice(0, -1) + suffix;
      yield text;
    }
  } finally {
    await client.query('commit');
  }
}

async function baselineExport(world: SegmentWorld, appId: string): Promise<{ seconds: number; bytes: number }> {
  const started = performance.now();
  const chunks: Buffer[] = [];
  await pipeline(Readable.from(baselineLines(world, appId)), createGzip({ level: constants.Z_BEST_SPEED, chunkSize: 256 * 1024 }), async (compressed: AsyncIterable<Buffer>) => {
    for await (const chunk of compressed) chunks.push(chunk);
  });
  return { seconds: (performance.now() - started) / 1000, bytes: chunks.reduce((sum, chunk) => sum + chunk.length, 0) };
}

/** Exports the whole project (which holds `endpoints` endpoints) and measures the baseline. */
export async function measureExport(world: SegmentWorld, s3: S3Peer, appId: string, endpoints: number): Promise<ExportFigures> {
  const job = newJob(appId, 'EXPORT', { RoleArn: ROLE_ARN, S3UrlPrefix: `s3://${BUCKET}/exports/${world.kind}` });
  const watched = await withLoopWatch(() => runJob(world.storage, s3, job, runExportJob));
  const { job: done, seconds } = watched.value;
  if (done.totalProcessed !== endpoints) throw new Error(`export on ${world.kind} wrote ${done.totalProcessed} endpoints, expected ${endpoints}`);
  const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `exports/${world.kind}/${job.id}/` }));
  const parts = listed.Contents ?? [];
  if (parts.length !== done.totalPieces) throw new Error(`export on ${world.kind}: ${parts.length} part objects for ${done.totalPieces} pieces`);
  const gzippedBytes = parts.reduce((sum, part) => sum + (part.Size ?? 0), 0);

  const baseline = await baselineExport(world, appId);
  const rate = endpoints / seconds;
  const baselineRate = endpoints / baseline.seconds;
  return {
    endpoints,
    seconds: +seconds.toFixed(3),
    endpointsPerSecond: Math.round(rate),
    parts: parts.length,
    gzippedBytes,
    baselineSeconds: +baseline.seconds.toFixed(3),
    baselineGzippedBytes: baseline.bytes,
    baselineEndpointsPerSecond: Math.round(baselineRate),
    ratio: +(rate / baselineRate).toFixed(3),
    eventLoopLongestGapMs: +watched.longestGapMs.toFixed(1),
  };
}

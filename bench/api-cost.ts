/**
 * `api-cost` benchmark: what a request costs the server's main thread, in instructions counted by
 * valgrind's callgrind, for signed GetApp and for the trivial route /livez. Unlike `api`'s
 * requests per second, which move by 15–20 % between identical runs on a shared VM, instruction
 * counts repeat within a few per cent, so a change to the request path can be judged in one run.
 * Kernel work (syscalls) is not counted; background threads are reported apart.
 *
 * Each route gets its own server under callgrind: `warmup` requests (the JIT settles), counters
 * zeroed, `requests` measured, counters dumped. Needs valgrind (on every machine kind here).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateAppCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { startPinion } from '../test/helpers/server-process.ts';
import { load } from './load.ts';

const run = promisify(execFile);

interface RouteCost {
  requests: number;
  mainThreadInstructionsPerRequest: number;
  otherThreadsInstructionsPerRequest: number;
}

/** Instructions per thread file of one callgrind dump: thread 1 is the main thread. */
function dumpTotals(dir: string): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const name of readdirSync(dir)) {
    // Files of the dump are <prefix>.<pid>.<dump>-<thread>; the final dump at exit is not read.
    const thread = /\.\d+\.1-(\d+)$/.exec(name);
    if (!thread) continue;
    const totals = /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(dir, name), 'utf8'));
    const count = totals ? Number(totals[1]) : 0;
    if (Number(thread[1]) === 1) main += count;
    else others += count;
  }
  return { main, others };
}

async function measureRoute(route: 'GetApp' | 'livez', warmup: number, requests: number): Promise<RouteCost> {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-callgrind-'));
  const server = await startPinion({
    wrapper: ['valgrind', '--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${join(dir, 'server')}.%p`],
    startTimeoutMs: 300_000,
  });
  try {
    let path = '/livez';
    let sign: object | undefined;
    if (route === 'GetApp') {
      const client = new PinpointClient({ endpoint: server.url, region: server.region, credentials: server.credentials });
      const created = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'bench', tags: { team: 'bench' } } }));
      client.destroy();
      path = `/v1/apps/${created.ApplicationResponse!.Id!}`;
      sign = { ...server.credentials, region: server.region, service: 'mobiletargeting' };
    }
    const common = { url: server.url, path, seconds: 3_600, concurrency: 8, ...(sign ? { sign } : {}) };
    await load({ ...common, maxRequests: warmup });
    await run('callgrind_control', ['--zero', String(server.pid)]);
    const measured = await load({ ...common, maxRequests: requests });
    await run('callgrind_control', ['--dump=measured', String(server.pid)]);
    if (measured.errors > 0) throw new Error(`${measured.errors} ${route} requests failed`);
    const { main, others } = dumpTotals(dir);
    if (main === 0) throw new Error(`callgrind wrote no counts for the main thread in ${dir}`);
    return {
      requests: measured.requests,
      mainThreadInstructionsPerRequest: Math.round(main / measured.requests),
      otherThreadsInstructionsPerRequest: Math.round(others / measured.requests),
    };
  } finally {
    await server.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function apiCostBenchmark(options: { warmup: number; requests: number }): Promise<Record<string, unknown>> {
  try {
    await run('valgrind', ['--version']);
  } catch {
    throw new Error('api-cost needs valgrind (apt-get install valgrind)');
  }
  // Two servers at once: each runs on one core under valgrind, and counts do not depend on timing.
  const [getApp, livez] = await Promise.all([measureRoute('GetApp', options.warmup, options.requests), measureRoute('livez', options.warmup, options.requests)]);
  return {
    benchmark: 'api-cost',
    unit: 'instructions per request (callgrind; kernel time not counted)',
    fullStack: { route: 'GetApp (SigV4 + routing + validation + SQLite + serialization + audit + request log)', ...getApp },
    baseline: { route: 'GET /livez', ...livez },
    mainThreadRatio: +(getApp.mainThreadInstructionsPerRequest / livez.mainThreadInstructionsPerRequest).toFixed(2),
  };
}

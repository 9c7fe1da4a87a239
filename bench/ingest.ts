/**
 * `ingest` benchmark: UpdateEndpointsBatch (100 new endpoints per request) and PutEvents (100
 * events per request) through the whole stack (SigV4, model validation, IAM, merge, quotas,
 * storage, audit), signed, from a separate client process, on SQLite and on PostgreSQL; each
 * against the raw batched-insert rate of the same rows into a fresh database of the same kind,
 * measured in the same run.
 */
import { CreateAppCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase } from '../test/helpers/postgres.ts';
import { projectRoot, startPinion } from '../test/helpers/server-process.ts';
import { ITEMS_PER_REQUEST } from './ingest-payloads.ts';
import { processCpuMs } from './process-cpu.ts';
import { rawInsertRates } from './ingest-raw.ts';

const run = promisify(execFile);

interface ClientResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  firstError?: string;
}

async function ingestClient(config: object): Promise<ClientResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/ingest-client.ts', JSON.stringify(config)], { cwd: projectRoot, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ClientResult;
}

async function measure(kind: 'sqlite' | 'postgres', options: { requests: number; concurrency: number }): Promise<Record<string, unknown>> {
  const database = kind === 'postgres' ? await createTestDatabase() : undefined;
  const server = await startPinion(database ? { env: { PINION_DATABASE_URL: database.url } } : {});
  try {
    const client = new PinpointClient({ endpoint: server.url, region: server.region, credentials: server.credentials });
    const created = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'ingest' } }));
    client.destroy();
    const common = { url: server.url, appId: created.ApplicationResponse!.Id!, concurrency: options.concurrency, sign: { ...server.credentials, region: server.region } };
    const rates: Record<string, number> = {};
    const cpuPerRequest: Record<string, number | undefined> = {};
    for (const what of ['endpoints', 'events'] as const) {
      // Warm up (JIT, statement caches), then measure with fresh ids.
      await ingestClient({ ...common, kind: what, run: `warm-${what}`, requests: 20 });
      const cpuBefore = processCpuMs(server.pid);
      const result = await ingestClient({ ...common, kind: what, run: `measured-${what}`, requests: options.requests });
      const cpuAfter = processCpuMs(server.pid);
      cpuPerRequest[what] = cpuBefore === undefined || cpuAfter === undefined ? undefined : +((cpuAfter - cpuBefore) / options.requests).toFixed(2);
      if (result.errors > 0) throw new Error(`${kind} ${what}: ${result.errors} of ${result.requests} requests failed; first: ${result.firstError}`);
      rates[what] = result.rps * ITEMS_PER_REQUEST;
    }
    await server.stop();
    const raw = await rawInsertRates(kind, options.requests * ITEMS_PER_REQUEST);
    return {
      endpointsPerSecond: Math.round(rates.endpoints!),
      rawEndpointInsertsPerSecond: Math.round(raw.endpointsPerSecond),
      endpointsRatio: +(rates.endpoints! / raw.endpointsPerSecond).toFixed(3),
      eventsPerSecond: Math.round(rates.events!),
      rawEventInsertsPerSecond: Math.round(raw.eventsPerSecond),
      eventsRatio: +(rates.events! / raw.eventsPerSecond).toFixed(3),
      // The server process's CPU (all its threads) per request of 100 items, in ms.
      serverCpuMsPerEndpointsRequest: cpuPerRequest.endpoints,
      serverCpuMsPerEventsRequest: cpuPerRequest.events,
    };
  } finally {
    await server.stop();
    await database?.drop();
  }
}

export async function ingestBenchmark(options: { requests: number; concurrency: number }): Promise<Record<string, unknown>> {
  return {
    benchmark: 'ingest',
    requestsPerKind: options.requests,
    itemsPerRequest: ITEMS_PER_REQUEST,
    concurrency: options.concurrency,
    sqlite: await measure('sqlite', options),
    postgres: await measure('postgres', options),
    target: 'SQLite >= 20,000 endpoints/s and events/s, and ratio >= 0.40 of the raw insert rate',
  };
}

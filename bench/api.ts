/**
 * `api` benchmark: signed GetApp requests through the whole stack (SigV4, routing, validation,
 * storage, serialization) against the unauthenticated trivial route /livez of the same server, in
 * the same run, each driven by a separate client process. Reports requests/s, p50/p99 and the ratio.
 */
import { CreateAppCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { startPinion } from '../test/helpers/server-process.ts';
import { load, type LoadResult } from './load.ts';

export async function apiBenchmark(options: { seconds: number; concurrency: number }): Promise<Record<string, unknown>> {
  // Default log level: a request log line each, as in production.
  const server = await startPinion();
  try {
    const client = new PinpointClient({ endpoint: server.url, region: server.region, credentials: server.credentials });
    const created = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'bench', tags: { team: 'bench' } } }));
    const appId = created.ApplicationResponse!.Id!;
    client.destroy();

    const common = { url: server.url, seconds: options.seconds, concurrency: options.concurrency };
    // Warm both paths (JIT, SQLite page cache) before measuring.
    await load({ ...common, seconds: 1, path: '/livez' });
    await load({ ...common, seconds: 1, path: `/v1/apps/${appId}`, sign: { ...server.credentials, region: server.region, service: 'mobiletargeting' } });

    const baseline = await load({ ...common, path: '/livez' });
    const full = await load({ ...common, path: `/v1/apps/${appId}`, sign: { ...server.credentials, region: server.region, service: 'mobiletargeting' } });
    if (full.errors > 0 || baseline.errors > 0) throw new Error(`requests failed: full ${full.errors}, baseline ${baseline.errors}`);
    const fmt = (r: LoadResult) => ({ rps: Math.round(r.rps), p50Ms: +r.p50Ms.toFixed(2), p99Ms: +r.p99Ms.toFixed(2), requests: r.requests });
    return {
      benchmark: 'api',
      baseline: { route: 'GET /livez (unauthenticated, no I/O)', ...fmt(baseline) },
      fullStack: { route: 'GetApp (SigV4 + routing + validation + SQLite + serialization)', ...fmt(full) },
      ratio: +(full.rps / baseline.rps).toFixed(3),
      target: '>= 0.40',
    };
  } finally {
    await server.stop();
  }
}

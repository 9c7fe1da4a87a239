/**
 * npm run bench [-- name ...]: runs the named benchmarks (all when none is named) and prints one
 * JSON object per benchmark, each with its figure and the ratio to a baseline measured in the same run.
 */
import { apiBenchmark } from './api.ts';
import { authzBenchmark } from './authz.ts';
import { ingestBenchmark } from './ingest.ts';

const benchmarks: Record<string, () => Promise<Record<string, unknown>>> = {
  api: () => apiBenchmark({ seconds: Number(process.env.BENCH_SECONDS ?? 5), concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16) }),
  ingest: () => ingestBenchmark({ requests: Number(process.env.BENCH_INGEST_REQUESTS ?? 300), concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8) }),
  authz: () => authzBenchmark({ seconds: Number(process.env.BENCH_SECONDS ?? 5), concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16) }),
  send: async () => { const { sendBenchmark } = await import('./send.ts'); return sendBenchmark({ requests: Number(process.env.BENCH_SEND_REQUESTS ?? 50), concurrency: Number(process.env.BENCH_SEND_CONCURRENCY ?? 4) }); },
  'api-cost': async () => { const { apiCostBenchmark } = await import('./api-cost.ts'); return apiCostBenchmark({ warmup: Number(process.env.BENCH_COST_WARMUP ?? 1000), requests: Number(process.env.BENCH_COST_REQUESTS ?? 1000) }); },
  validate: async () => { const { validateBenchmark } = await import('./validate.ts'); return validateBenchmark({ iterations: Number(process.env.BENCH_VALIDATE_ITERATIONS ?? 3000) }); },
  segments: async () => { const { segmentsBenchmark, segmentsOptionsFromEnv } = await import('./segments.ts'); return segmentsBenchmark(segmentsOptionsFromEnv(process.env)); },
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in benchmarks)) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
}
for (const name of wanted.length > 0 ? wanted : Object.keys(benchmarks)) {
  console.log(JSON.stringify(await benchmarks[name]!(), null, 2));
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectRoot } from '../test/helpers/server-process.ts';

const run = promisify(execFile);

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs bench/load-client.ts in its own process (so it does not share the server's event loop). */
export async function load(config: object): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/load-client.ts', JSON.stringify(config)], { cwd: projectRoot });
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
}

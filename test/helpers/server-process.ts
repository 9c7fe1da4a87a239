import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts the real `pinion serve` as a child process on a free port, exactly as a user would, and
 * waits for its "listening" log line. Acceptance tests talk to it only over HTTP.
 */

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface PinionProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly accountId: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly region: string;
  /** The server's process id (under `wrapper`, the wrapper's, which runs the server in place). */
  readonly pid: number;
  /** Everything the process printed on stdout so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  env?: Record<string, string>;
  args?: string[];
  dataDir?: string;
  /** Keep the data directory after stop (for restart tests). */
  keepDataDir?: boolean;
  /** A command the server runs under (a profiler: `['valgrind', '--tool=callgrind', …]`). */
  wrapper?: string[];
  /** How long to wait for the "listening" line (default 30 s; a server under valgrind starts slowly). */
  startTimeoutMs?: number;
}

export const testCredentials = { accessKeyId: 'AKIAPINIONTEST000001', secretAccessKey: 'pinion-test-secret-key-0123456789abcdef' };
export const testAccountId = '123456789012';

export async function startPinion(options: StartOptions = {}): Promise<PinionProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pinion-accept-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PINION_ROOT_ACCESS_KEY_ID: testCredentials.accessKeyId,
    PINION_ROOT_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
    PINION_ACCOUNT_ID: testAccountId,
    PINION_REGIONS: 'us-east-1,eu-west-1',
    PINION_LOG_LEVEL: 'info',
    ...options.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === '') delete env[k];
  const serverArgs = ['--import', 'tsx', 'src/main/cli.ts', 'serve', '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])];
  const [command, ...commandArgs] = options.wrapper ? [...options.wrapper, process.execPath, ...serverArgs] : [process.execPath, ...serverArgs];
  const child: ChildProcess = spawn(command!, commandArgs, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const listening = await new Promise<{ url: string; port: number; accountId: string }>((resolve, reject) => {
    const startTimeoutMs = options.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => reject(new Error(`pinion did not start in ${startTimeoutMs / 1000} s\n${stdout}\n${stderr}`)), startTimeoutMs);
    let listeningSeen = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Keep a bounded tail: a long run (the benchmarks) logs a line per request.
      if (stdout.length > 4_000_000) stdout = stdout.slice(-2_000_000);
      if (listeningSeen) return;
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string; port?: number; accountId?: string };
          if (entry.msg === 'listening' && entry.url && entry.port && entry.accountId) {
            clearTimeout(timer);
            listeningSeen = true;
            resolve({ url: entry.url, port: entry.port, accountId: entry.accountId });
          }
        } catch {
          // a partial line; wait for the rest
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`pinion exited with ${code} before listening\n${stdout}\n${stderr}`));
    });
  });

  return {
    ...listening,
    dataDir,
    pid: child.pid!,
    credentials: {
      accessKeyId: env.PINION_ROOT_ACCESS_KEY_ID ?? testCredentials.accessKeyId,
      secretAccessKey: env.PINION_ROOT_SECRET_ACCESS_KEY ?? testCredentials.secretAccessKey,
    },
    region: 'us-east-1',
    output: () => stdout,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      if (!options.keepDataDir && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

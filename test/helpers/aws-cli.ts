import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';

/**
 * Runs the real `aws` CLI as a subprocess, exactly as a user runs it, with an environment built
 * from scratch: nothing AWS_* from the machine leaks in, and the config/credentials files point at
 * an empty file the caller provides.
 */

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only what is needed to find and run the CLI (pyenv's shims need their PYENV_* variables). */
export function cleanCliEnv(home: string, emptyConfigFile: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: emptyConfigFile,
    AWS_SHARED_CREDENTIALS_FILE: emptyConfigFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
  };
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('PYENV_') && value !== undefined) env[key] = value;
  }
  return env;
}

export function runAws(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile('aws', args, { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('the aws CLI is not installed (or not on PATH); acceptance tests need it', { cause: error }));
        return;
      }
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The HTTP status of the last response, from the CLI's --debug log (urllib3's request line). */
export function debugStatus(stderr: string): number | undefined {
  const matches = [...stderr.matchAll(/"(?:GET|POST|PUT|DELETE|PATCH|HEAD) \S+ HTTP\/1\.1" (\d{3})/g)];
  const last = matches.at(-1);
  return last ? Number(last[1]) : undefined;
}

/** The exit code the CLI uses when the service answered with an error (v1: 255, v2: 254). */
export async function serviceErrorExitCode(env: Record<string, string>): Promise<number> {
  const version = await runAws(['--version'], env);
  const major = Number(/aws-cli\/(\d+)/.exec(version.stdout + version.stderr)?.[1] ?? '1');
  return major >= 2 ? 254 : 255;
}

/** Runs a command that must succeed and returns its parsed JSON output ({} when it prints nothing). */
export async function awsOk(args: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  const result = await runAws([...args, '--output', 'json'], env);
  assert.equal(result.code, 0, `aws ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, unknown>);
}

/** Runs a command that must fail with a service error; checks the exit code, the error code and the HTTP status. */
export async function awsFails(args: string[], code: string, status: number, env: Record<string, string>, exitCode: number): Promise<CliResult> {
  const result = await runAws([...args, '--output', 'json', '--debug'], env);
  assert.equal(result.code, exitCode, `expected a service error exit code for aws ${args.join(' ')}; stderr: ${result.stderr.slice(-2000)}`);
  assert.match(result.stderr, new RegExp(`An error occurred \\(${code}\\)`), `expected ${code} for aws ${args.join(' ')}; stderr tail: ${result.stderr.slice(-2000)}`);
  assert.equal(debugStatus(result.stderr), status, `HTTP status of aws ${args.join(' ')}`);
  return result;
}

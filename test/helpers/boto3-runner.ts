// Runs one of the boto3 scripts of test/acceptance/python/ against a running Pinion and reads its
// observations (the last line of its output, one JSON document; see boto3_apps.py).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PinionProcess } from './server-process.ts';

export interface ErrorObservation {
  code: string;
  message: string;
  status: number | null;
  request_id: string | null;
}

export interface Boto3Run {
  observed: Record<string, unknown>;
  raw: string;
  /** The value a step returned; fails naming the step (and boto3's error) when the step raised. */
  value<T>(name: string): T;
  /** The error a step raised; fails naming the step when it succeeded instead. */
  failure(name: string): ErrorObservation;
}

export async function runBoto3Script(script: string, server: PinionProcess): Promise<Boto3Run> {
  const scratch = mkdtempSync(join(tmpdir(), 'pinion-boto3-'));
  try {
    const empty = join(scratch, 'empty-aws-file');
    writeFileSync(empty, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: scratch,
      LANG: 'C.UTF-8',
      AWS_CONFIG_FILE: empty,
      AWS_SHARED_CREDENTIALS_FILE: empty,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: server.url,
      AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
    };
    for (const [key, v] of Object.entries(process.env)) if (key.startsWith('PYENV_') && v !== undefined) env[key] = v;
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      execFile('python3', [script], { env, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error('python3 is not installed (or not on PATH); the boto3 acceptance tests need it', { cause: error }));
          return;
        }
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(out), stderr: String(err) });
      });
    });
    assert.equal(code, 0, `${script} exited with ${code}: ${stderr}`);
    const observed = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
    return {
      observed,
      raw: stdout,
      value<T>(name: string): T {
        const error = observed[`${name}_error`] as ErrorObservation | undefined;
        assert.equal(error, undefined, `step ${name} raised ${JSON.stringify(error)}`);
        assert.ok(name in observed, `step ${name} did not run; output: ${stdout.slice(0, 2000)}`);
        return observed[name] as T;
      },
      failure(name: string): ErrorObservation {
        assert.ok(!(name in observed), `step ${name} succeeded but must fail: ${JSON.stringify(observed[name])}`);
        const error = observed[`${name}_error`] as ErrorObservation | undefined;
        assert.ok(error, `step ${name} did not run`);
        return error;
      },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

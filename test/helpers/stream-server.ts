// Shared by the event-stream acceptance tests: a started `pinion serve` pointed at test peers,
// `pinion streams status` run as a user runs it, /metrics scraped over HTTP, roles made through
// the IAM API.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { projectRoot } from './server-process.ts';
import { trustPolicy } from './event-stream-world.ts';

/** The AWS credentials the server's Kinesis/Firehose clients get from the standard environment. */
export const awsEnvironment = {
  AWS_ACCESS_KEY_ID: 'AKIAPINIONSTREAMS001',
  AWS_SECRET_ACCESS_KEY: 'pinion-streams-secret-do-not-log-0123456789',
  AWS_EC2_METADATA_DISABLED: 'true',
  PINION_EVENT_STREAM_POLL_INTERVAL_MS: '100',
  PINION_EVENT_STREAM_MAX_BACKOFF_MS: '1000',
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli.ts', ...args],
      { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

export interface StreamStatusLine {
  applicationId: string;
  destinationStreamArn: string;
  health: 'HEALTHY' | 'UNHEALTHY';
  healthReason: string | null;
  backlog: number;
  oldestAgeSeconds: number | null;
  lastDeliveryDate: string | null;
}

/** `pinion streams status --json <where>`: one object per stream. */
export async function streamsStatus(where: string[]): Promise<StreamStatusLine[]> {
  const result = await runCli(['streams', 'status', '--json', ...where]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as StreamStatusLine);
}

/** GET /metrics, parsed into `name{labels} value` → value. */
export async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const values = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

/** A role with seed 004's trust policy for the project and the given permissions policy. */
export async function createStreamRole(iam: IAMClient, roleName: string, appId: string, permissions: string): Promise<string> {
  const role = await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trustPolicy(appId) }));
  await putRolePermissions(iam, roleName, permissions);
  return role.Role!.Arn!;
}

export async function putRolePermissions(iam: IAMClient, roleName: string, permissions: string): Promise<void> {
  await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'PinpointEventStreamPermissionsPolicy', PolicyDocument: permissions }));
}

/** Polls `check` until it holds (generous deadline: the machine is slow). */
export async function eventually(what: string, check: () => Promise<boolean>, deadlineMs = 90_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

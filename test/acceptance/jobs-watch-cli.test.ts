// `pinion jobs watch` run as a user runs it (node + tsx on src/main/cli.ts, a clean environment)
// against a started server whose export jobs write to a real S3 server (s3rver). The jobs are
// created through @aws-sdk/client-pinpoint, their role through @aws-sdk/client-iam; the CLI
// reaches the job only through the public API (GetImportJob / GetExportJob, SigV4-signed).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateAppCommand, CreateExportJobCommand, CreateImportJobCommand, PinpointClient, UpdateEndpointsBatchCommand } from '@aws-sdk/client-pinpoint';
import { S3Peer } from '../helpers/s3-peer.ts';
import { projectRoot, startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const BUCKET = 'pinion-exports';
const ENDPOINTS = 30;
// Seed 002: the export role's trust policy, and the s3:* statement of its policy (Exports/ only).
const TRUST = '{ "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":{ "Service":"pinpoint.amazonaws.com" }, "Action":"sts:AssumeRole" } ] }';
const EXPORTS_ONLY = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "AllowAllS3ActionsInUserFolder", "Action": [ "s3:*" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::${BUCKET}/Exports/*" ] } ] }`;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let peer: S3Peer;
let server: PinionProcess;
let pinpoint: PinpointClient;
let iam: IAMClient;
let appId: string;
let roleArn: string;

before(async () => {
  peer = await S3Peer.start([BUCKET]);
  server = await startPinion({ env: { ...peer.serverEnv(), PINION_JOB_POLL_INTERVAL_MS: '100' } });
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  pinpoint = new PinpointClient(options);
  iam = new IAMClient(options);
  roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 's3ExportRole', AssumeRolePolicyDocument: TRUST }))).Role!.Arn!;
  const policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 's3ExportPolicy', PolicyDocument: EXPORTS_ONLY }))).Policy!.Arn!;
  await iam.send(new AttachRolePolicyCommand({ RoleName: 's3ExportRole', PolicyArn: policyArn }));
  appId = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'watched' } }))).ApplicationResponse!.Id!;
  const items = Array.from({ length: ENDPOINTS }, (_, i) => ({ Id: `ep-${String(i).padStart(3, '0')}`, ChannelType: 'EMAIL' as const, Address: `user${i}@example.com` }));
  await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: items } }));
});

after(async () => {
  pinpoint?.destroy();
  iam?.destroy();
  await server?.stop();
  await peer?.close();
});

/** `pinion jobs watch <args>` with the server's root credentials unless others are given. */
function watch(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli.ts', 'jobs', 'watch', ...args],
      {
        cwd: projectRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AWS_ACCESS_KEY_ID: server.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey, ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

async function exportJob(prefix: string): Promise<string> {
  const created = await pinpoint.send(new CreateExportJobCommand({ ApplicationId: appId, ExportJobRequest: { RoleArn: roleArn, S3UrlPrefix: `s3://${BUCKET}/${prefix}` } }));
  assert.equal(created.ExportJobResponse?.JobStatus, 'CREATED');
  return created.ExportJobResponse!.Id!;
}

describe('pinion jobs watch', () => {
  test('follows an export job to COMPLETED, prints its counters and exits 0', async () => {
    const jobId = await exportJob('Exports/');
    // No --type: the CLI looks for an import job first, then finds the export job.
    const result = await watch([appId, jobId, '--endpoint-url', server.url, '--interval', '100']);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, new RegExp(`^Export job ${jobId}\\n`));
    assert.match(result.stdout, /\n {2}Status: +COMPLETED\n/);
    assert.match(result.stdout, new RegExp(`\\n {2}Application: +${appId}\\n`));
    assert.match(result.stdout, /\n {2}Pieces: +1 total, 1 completed, 0 failed\n/);
    assert.match(result.stdout, new RegExp(`\\n {2}Processed: +${ENDPOINTS} endpoints\\n`));
    assert.match(result.stdout, /\n {2}Failed: +0 endpoints\n/);
    assert.match(result.stdout, new RegExp(`\\n {2}Destination: +s3://${BUCKET}/Exports/\\n`));
    assert.doesNotMatch(result.stdout, /Failures/);
    // Not a terminal: plain progress lines on stderr, the last one the finished job.
    const progress = result.stderr.trim().split('\n');
    assert.match(progress.at(-1)!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z export job ${jobId}: COMPLETED, 1/1 pieces, ${ENDPOINTS} endpoints processed, 0 failed$`));
    assert.deepEqual(await peer.keys(BUCKET, `Exports/${jobId}/`), [`Exports/${jobId}/part-00000.json.gz`]);
    assert.equal((await peer.getJsonLines(BUCKET, `Exports/${jobId}/part-00000.json.gz`)).length, ENDPOINTS);
  });

  test('follows an import job the same way, found without --type', async () => {
    const importRole = (await iam.send(new CreateRoleCommand({ RoleName: 's3ImportRole', AssumeRolePolicyDocument: TRUST }))).Role!.Arn!;
    const reads = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/Imports/*`] }] };
    await iam.send(new PutRolePolicyCommand({ RoleName: 's3ImportRole', PolicyName: 'reads', PolicyDocument: JSON.stringify(reads) }));
    const rows = Array.from({ length: 4 }, (_, i) => JSON.stringify({ Id: `imported-${i}`, ChannelType: 'SMS', Address: `+1206555010${i}` }));
    await peer.put(BUCKET, 'Imports/people.json', `${rows.join('\n')}\n`);
    // A project of its own: the other tests count the endpoints of the first one.
    const importApp = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'imported' } }))).ApplicationResponse!.Id!;
    const created = await pinpoint.send(
      new CreateImportJobCommand({ ApplicationId: importApp, ImportJobRequest: { Format: 'JSON', RoleArn: importRole, S3Url: `s3://${BUCKET}/Imports/`, RegisterEndpoints: true } }),
    );
    const jobId = created.ImportJobResponse!.Id!;
    const result = await watch([importApp, jobId, '--endpoint-url', server.url, '--interval', '100']);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, new RegExp(`^Import job ${jobId}\\n {2}Status: +COMPLETED\\n`));
    assert.match(result.stdout, /\n {2}Processed: +4 endpoints\n/);
    assert.match(result.stdout, new RegExp(`\\n {2}Source: +s3://${BUCKET}/Imports/\\n`));
    assert.match(result.stderr.trim().split('\n').at(-1)!, new RegExp(`import job ${jobId}: COMPLETED, 1/1 pieces, 4 endpoints processed, 0 failed$`));
  });

  test('--json prints the final job as the API answers it', async () => {
    const jobId = await exportJob('Exports/json/');
    const result = await watch([appId, jobId, '--type', 'export', '--json', '--interval', '100'], { AWS_ENDPOINT_URL: server.url });
    assert.equal(result.code, 0, result.stderr);
    const job = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(job.Id, jobId);
    assert.equal(job.JobStatus, 'COMPLETED');
    assert.equal(job.TotalProcessed, ENDPOINTS);
    assert.equal(job.Type, 'EXPORT');
  });

  test('a job that fails exits 1 and prints the reason', async () => {
    // The role may write under Exports/ only.
    const jobId = await exportJob('Reports/');
    const result = await watch([appId, jobId, '--type', 'export', '--endpoint-url', server.url, '--interval', '100']);
    assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /\n {2}Status: +FAILED\n/);
    assert.match(result.stdout, new RegExp(`\\nFailures \\(1\\):\\n {2}- Pinion could not use role ${roleArn}: .*s3:PutObject on arn:aws:s3:::${BUCKET}/Reports/${jobId}/part-00000\\.json\\.gz`));
    assert.deepEqual(await peer.keys(BUCKET, 'Reports/'), []);
  });

  test('a job that does not exist exits 2 saying so', async () => {
    const result = await watch([appId, 'f'.repeat(32), '--endpoint-url', server.url]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`^pinion: application ${appId} has no import or export job f{32}`));
  });

  test('credentials the server does not know exit 2 with the API\'s error', async () => {
    const result = await watch([appId, 'f'.repeat(32), '--endpoint-url', server.url], { AWS_ACCESS_KEY_ID: 'AKIANOSUCHKEY0000001', AWS_SECRET_ACCESS_KEY: 'not-a-secret-0123456789' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^pinion: cannot read import job f{32} of application \w+ at http:\/\/127\.0\.0\.1:\d+: 403 UnrecognizedClientException: /);
  });

  test('no credentials, or bad flags, exit 2 before any request', async () => {
    const bare = await watch([appId, 'f'.repeat(32), '--endpoint-url', server.url], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /^pinion: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    const badType = await watch([appId, 'f'.repeat(32), '--type', 'segment']);
    assert.equal(badType.code, 2);
    assert.match(badType.stderr, /argument 'segment' is invalid\. Allowed choices are import, export/);
    const badInterval = await watch([appId, 'f'.repeat(32), '--interval', '5']);
    assert.equal(badInterval.code, 2);
    assert.match(badInterval.stderr, /--interval.*must be a whole number of milliseconds from 50 to 60000/);
  });

  test('an unreachable server exits 2', async () => {
    const result = await watch([appId, 'f'.repeat(32), '--endpoint-url', 'http://127.0.0.1:9']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^pinion: cannot read import job .* at http:\/\/127\.0\.0\.1:9: fetch failed/);
  });
});

// Segments and export jobs through the real `aws` CLI, run as a subprocess exactly as a user runs
// it (environment built from scratch; see test/helpers/aws-cli.ts), against a started server whose
// jobs write to a real S3 server (s3rver).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PinpointClient, UpdateEndpointsBatchCommand } from '@aws-sdk/client-pinpoint';
import { awsFails, awsOk, cleanCliEnv, serviceErrorExitCode } from '../helpers/aws-cli.ts';
import { newApp } from '../helpers/pinpoint-fixtures.ts';
import { S3Peer } from '../helpers/s3-peer.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const BUCKET = 'cli-exports';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

let peer: S3Peer;
let server: PinionProcess;
let scratch: string;
let env: Record<string, string>;
let exitCode: number;
let roleArn: string;
let appId: string;

interface Segment {
  Id: string;
  Arn: string;
  Name: string;
  Version: number;
  SegmentType: string;
  Dimensions?: unknown;
}

interface Job {
  Id: string;
  ApplicationId: string;
  Type: string;
  JobStatus: string;
  Definition: Record<string, unknown>;
  TotalPieces?: number;
  TotalProcessed?: number;
  Failures?: string[];
}

before(async () => {
  peer = await S3Peer.start([BUCKET]);
  server = await startPinion({ env: { ...peer.serverEnv(), PINION_JOB_POLL_INTERVAL_MS: '100' } });
  scratch = mkdtempSync(join(tmpdir(), 'pinion-cli-segments-'));
  const empty = join(scratch, 'empty-aws-file');
  writeFileSync(empty, '');
  env = {
    ...cleanCliEnv(scratch, empty),
    AWS_ENDPOINT_URL: server.url,
    AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
  };
  exitCode = await serviceErrorExitCode(env);
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  const iam = new IAMClient(options);
  const pinpoint = new PinpointClient(options);
  try {
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'CliExportRole', AssumeRolePolicyDocument: TRUST }))).Role!.Arn!;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'CliExportRole',
        PolicyName: 'write',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] }),
      }),
    );
    appId = await newApp(pinpoint, 'cli-segments');
    await pinpoint.send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: {
          Item: [
            { Id: 'c-1', ChannelType: 'SMS', Address: '+12065550501' },
            { Id: 'c-2', ChannelType: 'EMAIL', Address: 'c2@example.com' },
            { Id: 'c-3', ChannelType: 'SMS', Address: '+12065550503' },
          ],
        },
      }),
    );
  } finally {
    iam.destroy();
    pinpoint.destroy();
  }
});

after(async () => {
  await server?.stop();
  await peer?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('create-segment, update through versions, get-segment-versions; create-export-job of the segment and get-export-job until it completes', async () => {
  const created = (await awsOk(['pinpoint', 'create-segment', '--application-id', appId, '--write-segment-request', JSON.stringify({ Name: 'sms', Dimensions: { Demographic: { Channel: { Values: ['SMS'] } } }, tags: { via: 'cli' } })], env))
    .SegmentResponse as Segment;
  assert.match(created.Id, /^[0-9a-f]{32}$/);
  assert.equal(created.Arn, `arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${appId}/segments/${created.Id}`);
  assert.equal(created.Name, 'sms');
  assert.equal(created.Version, 1);
  assert.equal(created.SegmentType, 'DIMENSIONAL');
  assert.deepEqual(created.Dimensions, { Demographic: { Channel: { Values: ['SMS'] } } });

  await awsOk(['pinpoint', 'update-segment', '--application-id', appId, '--segment-id', created.Id, '--write-segment-request', JSON.stringify({ Name: 'sms v2', Dimensions: { Demographic: { Channel: { Values: ['SMS'] } } } })], env);
  const versions = (await awsOk(['pinpoint', 'get-segment-versions', '--application-id', appId, '--segment-id', created.Id], env)).SegmentsResponse as { Item: Segment[]; NextToken?: string };
  assert.deepEqual(
    versions.Item.map((s) => [s.Version, s.Name]),
    [
      [2, 'sms v2'],
      [1, 'sms'],
    ],
  );
  assert.equal(versions.NextToken, undefined);
  const page = (await awsOk(['pinpoint', 'get-segment-versions', '--application-id', appId, '--segment-id', created.Id, '--page-size', '1'], env)).SegmentsResponse as { Item: Segment[]; NextToken?: string };
  assert.deepEqual(page.Item.map((s) => s.Version), [2]);
  assert.equal(typeof page.NextToken, 'string');

  const prefix = `s3://${BUCKET}/cli/`;
  const job = (await awsOk(['pinpoint', 'create-export-job', '--application-id', appId, '--export-job-request', `RoleArn=${roleArn},S3UrlPrefix=${prefix},SegmentId=${created.Id}`], env)).ExportJobResponse as Job;
  assert.equal(job.Type, 'EXPORT');
  assert.equal(job.ApplicationId, appId);
  assert.deepEqual(job.Definition, { RoleArn: roleArn, S3UrlPrefix: prefix, SegmentId: created.Id, SegmentVersion: 2 });

  const deadline = Date.now() + 30_000;
  let seen: Job;
  for (;;) {
    seen = (await awsOk(['pinpoint', 'get-export-job', '--application-id', appId, '--job-id', job.Id], env)).ExportJobResponse as Job;
    if (seen.JobStatus === 'COMPLETED' || seen.JobStatus === 'FAILED') break;
    assert.ok(Date.now() < deadline, JSON.stringify(seen));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(seen.JobStatus, 'COMPLETED', JSON.stringify(seen));
  assert.equal(seen.TotalPieces, 1);
  assert.equal(seen.TotalProcessed, 2);
  const keys = await peer.keys(BUCKET, `cli/${job.Id}/`);
  assert.deepEqual(keys, [`cli/${job.Id}/part-00000.json.gz`]);
  const lines = (await peer.getJsonLines(BUCKET, keys[0]!)) as { Id: string; ApplicationId: string }[];
  assert.deepEqual(
    lines.map((line) => [line.Id, line.ApplicationId]),
    [
      ['c-1', appId],
      ['c-3', appId],
    ],
  );
});

test('errors: a prefix that is not s3:// (400), a missing segment version (404), a missing export job (404)', async () => {
  const bad = await awsFails(['pinpoint', 'create-export-job', '--application-id', appId, '--export-job-request', `RoleArn=${roleArn},S3UrlPrefix=https://example.com/out`], 'BadRequestException', 400, env, exitCode);
  assert.match(bad.stderr, /when calling the CreateExportJob operation: S3UrlPrefix must be an s3:\/\/ URL such as s3:\/\/bucket-name\/prefix, got 'https:\/\/example\.com\/out'/);
  const missing = await awsFails(['pinpoint', 'get-segment-versions', '--application-id', appId, '--segment-id', 'f'.repeat(32)], 'NotFoundException', 404, env, exitCode);
  assert.match(missing.stderr, /when calling the GetSegmentVersions operation: Segment not found/);
  const noJob = await awsFails(['pinpoint', 'get-export-job', '--application-id', appId, '--job-id', 'e'.repeat(32)], 'NotFoundException', 404, env, exitCode);
  assert.match(noJob.stderr, /when calling the GetExportJob operation: Export job not found/);
});

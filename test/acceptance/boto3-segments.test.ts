// Segments and an import job through boto3 (test/acceptance/python/boto3_segments.py): the script
// records what boto3 returned for each step; this file asserts on each observation. The import
// reads a JSON file this file puts into a real S3 server (s3rver) first.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { runBoto3Script } from '../helpers/boto3-runner.ts';
import type { Boto3Run } from '../helpers/boto3-runner.ts';
import { S3Peer } from '../helpers/s3-peer.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const script = fileURLToPath(new URL('./python/boto3_segments.py', import.meta.url));
const BUCKET = 'boto3-imports';
const S3_URL = `s3://${BUCKET}/endpoints/`;
const endpoints = [
  { Id: 'b-1', ChannelType: 'SMS', Address: '+12065550601', Attributes: { Team: ['red', 'blue'] }, User: { UserId: 'bu-1' } },
  { Id: 'b-2', ChannelType: 'EMAIL', Address: 'b2@example.com' },
  { Id: 'b-3', ChannelType: 'SMS', Address: '+12065550603', Metrics: { points: 12 } },
];

let peer: S3Peer;
let server: PinionProcess;
let run: Boto3Run;

before(async () => {
  peer = await S3Peer.start([BUCKET]);
  await peer.put(BUCKET, 'endpoints/boto3.json', `${endpoints.map((e) => JSON.stringify(e)).join('\n')}\n`);
  server = await startPinion({ env: { ...peer.serverEnv(), PINION_JOB_POLL_INTERVAL_MS: '100' } });
  run = await runBoto3Script(script, server);
});
after(async () => {
  await server?.stop();
  await peer?.close();
});

interface Segment {
  ApplicationId: string;
  Id: string;
  Arn: string;
  Name: string;
  Version: number;
  SegmentType: string;
  CreationDate: string;
  Dimensions?: unknown;
  ImportDefinition?: { Format: string; RoleArn: string; S3Url: string; Size: number; ChannelCounts?: Record<string, number>; ExternalId?: string };
  tags?: Record<string, string>;
}
interface Job {
  ApplicationId: string;
  Id: string;
  Type: string;
  JobStatus: string;
  CreationDate: string;
  CompletionDate?: string;
  Definition: Record<string, unknown>;
  TotalPieces: number;
  CompletedPieces: number;
  FailedPieces: number;
  TotalProcessed: number;
  TotalFailures: number;
  Failures?: string[];
}

test('create_segment answers the dimensional segment at version 1; get_segment the same', () => {
  const appId = run.value<string>('app_id');
  const created = run.value<{ SegmentResponse: Segment }>('create_segment').SegmentResponse;
  assert.equal(created.ApplicationId, appId);
  assert.match(created.Id, /^[0-9a-f]{32}$/);
  assert.equal(created.Arn, `arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${appId}/segments/${created.Id}`);
  assert.equal(created.Name, 'boto3 sms');
  assert.equal(created.Version, 1);
  assert.equal(created.SegmentType, 'DIMENSIONAL');
  assert.deepEqual(created.Dimensions, { Demographic: { Channel: { DimensionType: 'INCLUSIVE', Values: ['SMS'] } } });
  assert.deepEqual(created.tags, { via: 'boto3' });
  assert.deepEqual(run.value<{ SegmentResponse: Segment }>('get_segment').SegmentResponse, created);
});

test('create_import_job from the S3 JSON file; get_import_job until COMPLETED with the counters', () => {
  const appId = run.value<string>('app_id');
  const roleArn = run.value<string>('role_arn');
  const created = run.value<{ ImportJobResponse: Job }>('create_import_job').ImportJobResponse;
  assert.equal(created.ApplicationId, appId);
  assert.equal(created.Type, 'IMPORT');
  assert.equal(created.JobStatus, 'CREATED');
  const segmentId = created.Definition.SegmentId as string;
  assert.match(segmentId, /^[0-9a-f]{32}$/);
  assert.deepEqual(created.Definition, { Format: 'JSON', RoleArn: roleArn, S3Url: S3_URL, DefineSegment: true, SegmentName: 'boto3 imported', SegmentId: segmentId });

  const job = run.value<{ ImportJobResponse: Job }>('get_import_job').ImportJobResponse;
  assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
  assert.equal(job.Id, created.Id);
  assert.equal(job.TotalPieces, 1);
  assert.equal(job.CompletedPieces, 1);
  assert.equal(job.FailedPieces, 0);
  assert.equal(job.TotalProcessed, 3);
  assert.equal(job.TotalFailures, 0);
  assert.equal(job.Failures, undefined);
  assert.ok(Date.parse(job.CompletionDate!) >= Date.parse(job.CreationDate));
  assert.ok(run.value<number>('polls') >= 1);

  const endpoint = run.value<{ EndpointResponse: Record<string, unknown> }>('get_endpoint_b1').EndpointResponse;
  assert.equal(endpoint.ChannelType, 'SMS');
  assert.equal(endpoint.Address, '+12065550601');
  assert.deepEqual(endpoint.Attributes, { Team: ['red', 'blue'] });
  assert.deepEqual(endpoint.User, { UserId: 'bu-1' });

  const segment = run.value<{ SegmentResponse: Segment }>('get_imported_segment').SegmentResponse;
  assert.equal(segment.Id, segmentId);
  assert.equal(segment.SegmentType, 'IMPORT');
  assert.equal(segment.Name, 'boto3 imported');
  const { ExternalId: _externalId, ...definition } = segment.ImportDefinition!;
  assert.deepEqual(definition, { Format: 'JSON', RoleArn: roleArn, S3Url: S3_URL, Size: 3, ChannelCounts: { SMS: 2, EMAIL: 1 } });
  const jobs = run.value<{ ImportJobsResponse: { Item: Job[] } }>('get_segment_import_jobs').ImportJobsResponse;
  assert.deepEqual(jobs.Item.map((j) => j.Id), [created.Id]);
});

test('get_segments lists both segments in creation order, a page at a time', () => {
  const all = run.value<{ SegmentsResponse: { Item: Segment[]; NextToken?: string } }>('get_segments').SegmentsResponse;
  assert.deepEqual(
    all.Item.map((s) => [s.Name, s.SegmentType]),
    [
      ['boto3 sms', 'DIMENSIONAL'],
      ['boto3 imported', 'IMPORT'],
    ],
  );
  assert.equal(all.NextToken, undefined);
  const page = run.value<{ SegmentsResponse: { Item: Segment[]; NextToken?: string } }>('get_segments_page').SegmentsResponse;
  assert.deepEqual(page.Item.map((s) => s.Name), ['boto3 sms']);
  assert.equal(typeof page.NextToken, 'string');
});

test('bad input: the modelled errors with messages naming the problem', () => {
  const longName = run.failure('create_segment_bad');
  assert.equal(longName.code, 'BadRequestException');
  assert.equal(longName.status, 400);
  assert.equal(longName.message, 'Name must be at most 255 characters');
  const badUrl = run.failure('create_import_job_bad_url');
  assert.equal(badUrl.code, 'BadRequestException');
  assert.equal(badUrl.status, 400);
  assert.equal(badUrl.message, `S3Url must be an s3:// URL such as s3://bucket-name/prefix, got 'https://${BUCKET}/endpoints/'`);
  const missing = run.failure('get_import_job_missing');
  assert.equal(missing.code, 'NotFoundException');
  assert.equal(missing.status, 404);
  assert.equal(missing.message, 'Import job not found');
});

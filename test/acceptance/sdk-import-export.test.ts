// Import and export jobs end to end: the real server process (its job worker polling every
// 100 ms), the real @aws-sdk/client-pinpoint and @aws-sdk/client-iam against it, and a real S3
// server (s3rver) holding the files imported and the parts exported. Roles are Pinion's own,
// made through its IAM API: trusted by pinpoint.amazonaws.com, allowed (or not) the S3 actions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateExportJobCommand,
  CreateImportJobCommand,
  CreateSegmentCommand,
  DeleteEndpointCommand,
  DeleteSegmentCommand,
  GetEndpointCommand,
  GetExportJobCommand,
  GetExportJobsCommand,
  GetImportJobCommand,
  GetImportJobsCommand,
  GetSegmentCommand,
  GetSegmentExportJobsCommand,
  GetSegmentImportJobsCommand,
  GetSegmentVersionCommand,
  PinpointClient,
  UpdateEndpointCommand,
  UpdateEndpointsBatchCommand,
  UpdateSegmentCommand,
} from '@aws-sdk/client-pinpoint';
import type { EndpointBatchItem, EndpointResponse, ExportJobResponse, ImportJobResponse } from '@aws-sdk/client-pinpoint';
import { openStorage } from '../../src/storage/open-storage.ts';
import { endpointOrUndefined, newApp } from '../helpers/pinpoint-fixtures.ts';
import { S3Peer } from '../helpers/s3-peer.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { signedFetch } from '../helpers/signed-fetch.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const ACCOUNT = testAccountId;
const IMPORTS = 'pinion-imports';
const EXPORTS = 'pinion-exports';
const SEED_BUCKET = 'seed-export-bucket';
const OUTSIDE = 'outside-bucket';
const MISSING_APP = '0'.repeat(32);
const MISSING_SEGMENT = 'f'.repeat(32);
const isoMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TRUST = '{ "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":{ "Service":"pinpoint.amazonaws.com" }, "Action":"sts:AssumeRole" } ] }';
// Seed 002 line 26 (its trailing comma removed, example-bucket replaced): s3:* only under Exports/.
const SEED_002_POLICY = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "AllowUserToSeeBucketListInTheConsole", "Action": [ "s3:ListAllMyBuckets", "s3:GetBucketLocation" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::*" ] }, { "Sid": "AllowRootAndHomeListingOfBucket", "Action": [ "s3:ListBucket" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::${SEED_BUCKET}" ], "Condition": { "StringEquals": { "s3:delimiter": [ "/" ], "s3:prefix": [ "", "Exports/" ] } } }, { "Sid": "AllowListingOfUserFolder", "Action": [ "s3:ListBucket" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::${SEED_BUCKET}" ], "Condition": { "StringLike": { "s3:prefix": [ "Exports/*" ] } } }, { "Sid": "AllowAllS3ActionsInUserFolder", "Action": [ "s3:*" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::${SEED_BUCKET}/Exports/*" ] } ] }`;

let peer: S3Peer;
let server: PinionProcess;
let pinpoint: PinpointClient;
let iam: IAMClient;
const roles = { importer: '', exporter: '', seedExport: '', noGetObject: '' };
const clients: { destroy(): void }[] = [];

function statement(actions: string[], resources: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resources }] });
}

async function role(client: IAMClient, name: string, inline?: string): Promise<string> {
  const arn = (await client.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }))).Role!.Arn!;
  if (inline !== undefined) await client.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: `${name}Policy`, PolicyDocument: inline }));
  return arn;
}

before(async () => {
  peer = await S3Peer.start([IMPORTS, EXPORTS, SEED_BUCKET, OUTSIDE]);
  server = await startPinion({ env: { ...peer.serverEnv(), PINION_JOB_POLL_INTERVAL_MS: '100' } });
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  pinpoint = new PinpointClient(options);
  iam = new IAMClient(options);
  clients.push(pinpoint, iam);
  roles.importer = await role(iam, 'ImportRole', statement(['s3:GetObject', 's3:ListBucket'], [`arn:aws:s3:::${IMPORTS}`, `arn:aws:s3:::${IMPORTS}/*`]));
  roles.exporter = await role(iam, 'ExportRole', statement(['s3:PutObject'], [`arn:aws:s3:::${EXPORTS}/*`]));
  roles.noGetObject = await role(iam, 'ListOnlyRole', statement(['s3:ListBucket'], [`arn:aws:s3:::${IMPORTS}`, `arn:aws:s3:::${IMPORTS}/*`]));
  // Seed 002: the managed policy s3ExportPolicy attached to s3ExportRole.
  roles.seedExport = await role(iam, 's3ExportRole');
  const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: 's3ExportPolicy', PolicyDocument: SEED_002_POLICY }))).Policy!;
  await iam.send(new AttachRolePolicyCommand({ RoleName: 's3ExportRole', PolicyArn: policy.Arn! }));
});

after(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  await peer?.close();
});

// ---- helpers ----

const FINISHED = new Set(['COMPLETED', 'FAILED']);

async function waitImport(appId: string, jobId: string, timeoutMs = 30_000): Promise<ImportJobResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await pinpoint.send(new GetImportJobCommand({ ApplicationId: appId, JobId: jobId }))).ImportJobResponse!;
    if (FINISHED.has(job.JobStatus!)) return job;
    assert.ok(Date.now() < deadline, `import job ${jobId} did not finish in ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitExport(appId: string, jobId: string, timeoutMs = 30_000): Promise<ExportJobResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await pinpoint.send(new GetExportJobCommand({ ApplicationId: appId, JobId: jobId }))).ExportJobResponse!;
    if (FINISHED.has(job.JobStatus!)) return job;
    assert.ok(Date.now() < deadline, `export job ${jobId} did not finish in ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function createImport(appId: string, request: Record<string, unknown>, client = pinpoint) {
  return client.send(new CreateImportJobCommand({ ApplicationId: appId, ImportJobRequest: request as never }));
}

function createExport(appId: string, request: Record<string, unknown>, client = pinpoint) {
  return client.send(new CreateExportJobCommand({ ApplicationId: appId, ExportJobRequest: request as never }));
}

async function getEndpoint(appId: string, id: string): Promise<EndpointResponse> {
  return (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse!;
}

/** The endpoint as GetEndpoint answers it, as JSON (what an export line must equal). */
async function endpointJson(appId: string, id: string): Promise<Record<string, unknown>> {
  return JSON.parse(JSON.stringify(await getEndpoint(appId, id))) as Record<string, unknown>;
}

/** Every line of every part of an export job, and the part keys. */
async function exportedLines(bucket: string, prefix: string, jobId: string): Promise<{ keys: string[]; lines: Record<string, unknown>[] }> {
  const folder = `${prefix}${jobId}/`;
  const keys = await peer.keys(bucket, folder);
  const lines: Record<string, unknown>[] = [];
  for (const key of keys) lines.push(...((await peer.getJsonLines(bucket, key)) as Record<string, unknown>[]));
  return { keys, lines };
}

// ---- imports ----

describe('import jobs', () => {
  test('CSV: several objects under a prefix (one gzipped), a repeated attribute column, one bad row; DefineSegment + SegmentName', async () => {
    const appId = await newApp(pinpoint, 'csv-import');
    const header = 'Id,ChannelType,Address,Attributes.Interests,Attributes.Interests,User.UserId,Metrics.visits';
    await peer.put(IMPORTS, 'csv/a-part1.csv', [header, 'csv-1,SMS,+12065550101,music,books,user-1,3', 'csv-2,EMAIL,two@example.com,music,,user-2,'].join('\n') + '\n');
    await peer.put(
      IMPORTS,
      'csv/b-part2.csv.gz',
      gzipSync(Buffer.from([header, 'csv-3,EMAIL,three@example.com,chess,go,user-3,1.5', 'csv-4,GCM,token-4,,,user-4,0'].join('\n') + '\n')),
    );
    // Line 3 is bad: a metric that is not a number.
    await peer.put(IMPORTS, 'csv/c-part3.csv', [header, 'csv-5,SMS,+12065550105,,,user-5,', 'csv-6,EMAIL,six@example.com,,,user-6,many'].join('\n') + '\n');
    // Outside the prefix: not imported.
    await peer.put(IMPORTS, 'other/d.csv', [header, 'csv-9,SMS,+12065550109,,,,'].join('\n') + '\n');

    const s3Url = `s3://${IMPORTS}/csv/`;
    const created = await createImport(appId, { Format: 'CSV', RoleArn: roles.importer, S3Url: s3Url, DefineSegment: true, SegmentName: 'imported from csv' });
    assert.equal(created.$metadata.httpStatusCode, 201);
    const answered = created.ImportJobResponse!;
    assert.equal(answered.ApplicationId, appId);
    assert.equal(answered.Type, 'IMPORT');
    assert.equal(answered.JobStatus, 'CREATED');
    assert.match(answered.Id!, /^[0-9a-f]{32}$/);
    assert.match(answered.CreationDate!, isoMillis);
    const segmentId = answered.Definition!.SegmentId!;
    assert.match(segmentId, /^[0-9a-f]{32}$/, 'the segment the job fills is named in the answer');
    assert.deepEqual(answered.Definition, { Format: 'CSV', RoleArn: roles.importer, S3Url: s3Url, DefineSegment: true, SegmentName: 'imported from csv', SegmentId: segmentId });

    const job = await waitImport(appId, answered.Id!);
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
    assert.equal(job.TotalPieces, 3, 'one piece per object under the prefix');
    assert.equal(job.CompletedPieces, 3);
    assert.equal(job.FailedPieces, 0);
    assert.equal(job.TotalProcessed, 6, 'every row, the failed one included');
    assert.equal(job.TotalFailures, 1);
    assert.equal(job.Failures?.length, 1, JSON.stringify(job.Failures));
    assert.match(job.Failures![0]!, /csv\/c-part3\.csv line 3: Metrics\.visits: is not a number/);
    assert.match(job.CompletionDate!, isoMillis);
    assert.ok(Date.parse(job.CompletionDate!) >= Date.parse(job.CreationDate!));
    assert.deepEqual(job.Definition, answered.Definition);

    const one = await getEndpoint(appId, 'csv-1');
    assert.equal(one.ChannelType, 'SMS');
    assert.equal(one.Address, '+12065550101');
    assert.deepEqual(one.Attributes, { Interests: ['music', 'books'] }, 'a repeated column gives the attribute several values');
    assert.deepEqual(one.User, { UserId: 'user-1' });
    assert.deepEqual(one.Metrics, { visits: 3 });
    assert.equal(one.EndpointStatus, 'ACTIVE');
    assert.equal(one.OptOut, 'NONE');
    assert.deepEqual((await getEndpoint(appId, 'csv-2')).Attributes, { Interests: ['music'] }, 'an empty value is no value');
    const three = await getEndpoint(appId, 'csv-3');
    assert.deepEqual(three.Attributes, { Interests: ['chess', 'go'] }, 'the gzipped object is read');
    assert.deepEqual(three.Metrics, { visits: 1.5 });
    assert.equal((await getEndpoint(appId, 'csv-4')).ChannelType, 'GCM');
    assert.equal((await getEndpoint(appId, 'csv-5')).Address, '+12065550105');
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'csv-6'), undefined, 'the bad row wrote nothing');
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'csv-9'), undefined, 'objects outside the prefix are not read');

    const segment = (await pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: segmentId }))).SegmentResponse!;
    assert.equal(segment.SegmentType, 'IMPORT');
    assert.equal(segment.Name, 'imported from csv');
    assert.equal(segment.Version, 1);
    assert.equal(segment.Dimensions, undefined);
    const { ExternalId: _externalId, ...definition } = segment.ImportDefinition!;
    assert.deepEqual(definition, { Format: 'CSV', RoleArn: roles.importer, S3Url: s3Url, Size: 5, ChannelCounts: { SMS: 2, EMAIL: 2, GCM: 1 } });

    const segmentJobs = (await pinpoint.send(new GetSegmentImportJobsCommand({ ApplicationId: appId, SegmentId: segmentId }))).ImportJobsResponse!;
    assert.deepEqual(segmentJobs.Item, [job]);
    const appJobs = (await pinpoint.send(new GetImportJobsCommand({ ApplicationId: appId }))).ImportJobsResponse!;
    assert.deepEqual(appJobs.Item, [job]);

    // Exporting the imported segment writes exactly its endpoints.
    const exported = (await createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/imported/`, SegmentId: segmentId })).ExportJobResponse!;
    assert.equal((await waitExport(appId, exported.Id!)).JobStatus, 'COMPLETED');
    const { lines } = await exportedLines(EXPORTS, 'imported/', exported.Id!);
    assert.deepEqual(lines.map((line) => line.Id).sort(), ['csv-1', 'csv-2', 'csv-3', 'csv-4', 'csv-5']);
  });

  test('JSON: newline-delimited endpoint definitions, rows without Id get a new endpoint; no segment without DefineSegment', async () => {
    const appId = await newApp(pinpoint, 'json-import');
    const lines = [
      { Id: 'json-1', ChannelType: 'EMAIL', Address: 'one@example.com', Attributes: { Plan: ['gold', 'beta'] }, Location: { Country: 'FR', City: 'Lyon' }, User: { UserId: 'u1', UserAttributes: { Name: ['Ana'] } } },
      { Id: 'json-2', ChannelType: 'SMS', Address: '+33600000002', Metrics: { score: 9 }, Demographic: { Platform: 'ios' } },
      { ChannelType: 'GCM', Address: 'token-anon' },
    ];
    await peer.put(IMPORTS, 'json/endpoints.json', lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    const created = (await createImport(appId, { Format: 'JSON', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/json/endpoints.json` })).ImportJobResponse!;
    assert.equal(created.Definition!.SegmentId, undefined);
    const job = await waitImport(appId, created.Id!);
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
    assert.equal(job.TotalPieces, 1);
    assert.equal(job.TotalProcessed, 3);
    assert.equal(job.TotalFailures, 0);
    assert.equal(job.Failures, undefined);
    const one = await getEndpoint(appId, 'json-1');
    assert.deepEqual(
      { ChannelType: one.ChannelType, Address: one.Address, Attributes: one.Attributes, Location: one.Location, User: one.User },
      { ChannelType: 'EMAIL', Address: 'one@example.com', Attributes: { Plan: ['gold', 'beta'] }, Location: { Country: 'FR', City: 'Lyon' }, User: { UserId: 'u1', UserAttributes: { Name: ['Ana'] } } },
    );
    const two = await getEndpoint(appId, 'json-2');
    assert.deepEqual(two.Metrics, { score: 9 });
    assert.deepEqual(two.Demographic, { Platform: 'ios' });
    // The row without Id: one more endpoint, found through an export of the whole project.
    const exported = (await createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/json-all` })).ExportJobResponse!;
    assert.equal((await waitExport(appId, exported.Id!)).JobStatus, 'COMPLETED');
    const { lines: written } = await exportedLines(EXPORTS, 'json-all/', exported.Id!);
    assert.equal(written.length, 3);
    const anonymous = written.find((line) => line.Address === 'token-anon');
    assert.ok(anonymous, JSON.stringify(written));
    assert.equal(anonymous.ChannelType, 'GCM');
    assert.match(String(anonymous.Id), /^[0-9a-f]{32}$/);
    assert.deepEqual((await pinpoint.send(new GetImportJobsCommand({ ApplicationId: appId }))).ImportJobsResponse!.Item!.map((j) => j.Id), [created.Id]);
  });

  test('an S3Url is a key prefix, as the model documents ("the key for an individual object or a prefix that qualifies multiple objects")', async () => {
    const appId = await newApp(pinpoint, 'single-object');
    await peer.put(IMPORTS, 'single/endpoints.json', `${JSON.stringify({ Id: 'one-1', ChannelType: 'SMS', Address: '+12065551201' })}\n`);
    await peer.put(IMPORTS, 'single/endpoints.json.old', `${JSON.stringify({ Id: 'old-1', ChannelType: 'SMS', Address: '+12065551202' })}\n`);
    await peer.put(IMPORTS, 'single/other.json', `${JSON.stringify({ Id: 'other-1', ChannelType: 'SMS', Address: '+12065551203' })}\n`);
    const job = await waitImport(appId, (await createImport(appId, { Format: 'JSON', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/single/endpoints.json` })).ImportJobResponse!.Id!);
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
    assert.deepEqual(
      { TotalPieces: job.TotalPieces, TotalProcessed: job.TotalProcessed, 'one-1': (await endpointOrUndefined(pinpoint, appId, 'one-1'))?.Id, 'old-1': (await endpointOrUndefined(pinpoint, appId, 'old-1'))?.Id, 'other-1': (await endpointOrUndefined(pinpoint, appId, 'other-1'))?.Id },
      { TotalPieces: 2, TotalProcessed: 2, 'one-1': 'one-1', 'old-1': 'old-1', 'other-1': undefined },
    );
  });

  test('an import into an imported segment (SegmentId) adds a version holding that import’s endpoints', async () => {
    const appId = await newApp(pinpoint, 'reimport');
    await peer.put(IMPORTS, 'again/first.json', `${JSON.stringify({ Id: 'r-1', ChannelType: 'SMS', Address: '+12065550201' })}\n${JSON.stringify({ Id: 'r-2', ChannelType: 'SMS', Address: '+12065550202' })}\n`);
    await peer.put(IMPORTS, 'again2/second.json', `${JSON.stringify({ Id: 'r-3', ChannelType: 'EMAIL', Address: 'r3@example.com' })}\n`);
    const first = (await createImport(appId, { Format: 'JSON', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/again/`, DefineSegment: true, SegmentName: 'reimported' })).ImportJobResponse!;
    const segmentId = first.Definition!.SegmentId!;
    assert.equal((await waitImport(appId, first.Id!)).JobStatus, 'COMPLETED');
    const second = (await createImport(appId, { Format: 'JSON', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/again2/`, SegmentId: segmentId })).ImportJobResponse!;
    assert.equal(second.Definition!.SegmentId, segmentId);
    assert.equal((await waitImport(appId, second.Id!)).JobStatus, 'COMPLETED');
    const segment = (await pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: segmentId }))).SegmentResponse!;
    assert.equal(segment.Version, 2);
    assert.equal(segment.Name, 'reimported');
    assert.equal(segment.ImportDefinition!.Size, 1);
    assert.deepEqual(segment.ImportDefinition!.ChannelCounts, { EMAIL: 1 });
    const jobs = (await pinpoint.send(new GetSegmentImportJobsCommand({ ApplicationId: appId, SegmentId: segmentId }))).ImportJobsResponse!;
    assert.deepEqual(jobs.Item!.map((j) => j.Id), [second.Id, first.Id], 'newest first');
    // Version 1 keeps the first import's endpoints.
    const v1 = (await pinpoint.send(new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: segmentId, Version: '1' }))).SegmentResponse!;
    assert.equal(v1.ImportDefinition!.Size, 2);
    assert.deepEqual(v1.ImportDefinition!.ChannelCounts, { SMS: 2 });
    assert.equal(v1.ImportDefinition!.S3Url, `s3://${IMPORTS}/again/`);
    assert.equal(segment.ImportDefinition!.S3Url, `s3://${IMPORTS}/again2/`);
    const old = (await createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/reimport-v1/`, SegmentId: segmentId, SegmentVersion: 1 })).ExportJobResponse!;
    assert.equal((await waitExport(appId, old.Id!)).JobStatus, 'COMPLETED');
    assert.deepEqual((await exportedLines(EXPORTS, 'reimport-v1/', old.Id!)).lines.map((line) => line.Id), ['r-1', 'r-2']);
  });

  test('renaming an imported segment keeps its endpoints; Dimensions cannot be added; a deleted endpoint drops out of its size', async () => {
    const appId = await newApp(pinpoint, 'rename-import');
    await peer.put(IMPORTS, 'rename/one.json', ['n-1', 'n-2', 'n-3'].map((id, i) => JSON.stringify({ Id: id, ChannelType: 'SMS', Address: `+1206555070${i}` })).join('\n'));
    const created = (
      await createImport(appId, { Format: 'JSON', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/rename/`, DefineSegment: true, SegmentName: 'before', ExternalId: 'ext-1', RegisterEndpoints: true })
    ).ImportJobResponse!;
    const segmentId = created.Definition!.SegmentId!;
    assert.deepEqual(created.Definition, {
      Format: 'JSON',
      RoleArn: roles.importer,
      S3Url: `s3://${IMPORTS}/rename/`,
      DefineSegment: true,
      SegmentName: 'before',
      ExternalId: 'ext-1',
      RegisterEndpoints: true,
      SegmentId: segmentId,
    });
    assert.equal((await waitImport(appId, created.Id!)).JobStatus, 'COMPLETED');
    const renamed = (await pinpoint.send(new UpdateSegmentCommand({ ApplicationId: appId, SegmentId: segmentId, WriteSegmentRequest: { Name: 'after' } }))).SegmentResponse!;
    assert.equal(renamed.Version, 2);
    assert.equal(renamed.Name, 'after');
    assert.equal(renamed.SegmentType, 'IMPORT');
    assert.equal(renamed.ImportDefinition!.Size, 3);
    assert.equal(renamed.ImportDefinition!.ExternalId, 'ext-1');
    assert.deepEqual(renamed.ImportDefinition!.ChannelCounts, { SMS: 3 });
    const sized = await signedFetch({ baseUrl: server.url, method: 'GET', path: `/v1/apps/${appId}/segments/${segmentId}/size`, credentials: server.credentials });
    assert.equal(sized.status, 200, sized.text);
    assert.deepEqual({ Version: sized.json!.Version, Size: sized.json!.Size, ChannelCounts: sized.json!.ChannelCounts }, { Version: 2, Size: 3, ChannelCounts: { SMS: 3 } });
    await rejectsWith(
      pinpoint.send(new UpdateSegmentCommand({ ApplicationId: appId, SegmentId: segmentId, WriteSegmentRequest: { Name: 'x', Dimensions: { Demographic: { Channel: { Values: ['SMS'] } } } } })),
      'BadRequestException',
      400,
      new RegExp(`^Segment ${segmentId} is an imported segment: its endpoints come from its import, so Dimensions and SegmentGroups cannot be set; only Name and tags can change$`),
    );
    await pinpoint.send(new DeleteEndpointCommand({ ApplicationId: appId, EndpointId: 'n-2' }));
    const after = (await pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: segmentId }))).SegmentResponse!;
    assert.equal(after.ImportDefinition!.Size, 2);
  });

  test('an imported segment as the source of a dimensional segment; it cannot be mixed with other sources; deleting it', async () => {
    const appId = await newApp(pinpoint, 'import-source');
    await peer.put(IMPORTS, 'source/e.json', [
      { Id: 's-1', ChannelType: 'SMS', Address: '+12065551101' },
      { Id: 's-2', ChannelType: 'SMS', Address: '+12065551102' },
      { Id: 's-3', ChannelType: 'EMAIL', Address: 's3@example.com' },
    ].map((e) => JSON.stringify(e)).join('\n'));
    await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: [{ Id: 'not-imported', ChannelType: 'SMS', Address: '+12065551199' }] } }));
    const created = (await createImport(appId, { Format: 'JSON', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/source/`, DefineSegment: true, SegmentName: 'source' })).ImportJobResponse!;
    const imported = created.Definition!.SegmentId!;
    assert.equal((await waitImport(appId, created.Id!)).JobStatus, 'COMPLETED');
    const smsOfImported = (
      await pinpoint.send(
        new CreateSegmentCommand({
          ApplicationId: appId,
          WriteSegmentRequest: { Name: 'sms of imported', SegmentGroups: { Groups: [{ SourceSegments: [{ Id: imported }], Dimensions: [{ Demographic: { Channel: { Values: ['SMS'] } } }] }] } },
        }),
      )
    ).SegmentResponse!;
    const sized = await signedFetch({ baseUrl: server.url, method: 'GET', path: `/v1/apps/${appId}/segments/${smsOfImported.Id}/size`, credentials: server.credentials });
    assert.equal(sized.status, 200, sized.text);
    assert.deepEqual({ Size: sized.json!.Size, ChannelCounts: sized.json!.ChannelCounts }, { Size: 2, ChannelCounts: { SMS: 2 } });
    const dimensional = (await pinpoint.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'sms', Dimensions: { Demographic: { Channel: { Values: ['SMS'] } } } } }))).SegmentResponse!;
    await rejectsWith(
      pinpoint.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: dimensional.Id! }, { Id: imported }] }] } } })),
      'BadRequestException',
      400,
      new RegExp(`^Source segment ${imported} version 1 is an imported segment: a segment group takes one imported segment alone, or dimensional segments$`),
    );
    const deleted = (await pinpoint.send(new DeleteSegmentCommand({ ApplicationId: appId, SegmentId: imported }))).SegmentResponse!;
    assert.equal(deleted.ImportDefinition!.Size, 3, 'the answer describes the segment as it was');
    await rejectsWith(pinpoint.send(new GetSegmentImportJobsCommand({ ApplicationId: appId, SegmentId: imported })), 'NotFoundException', 404, /^Segment not found$/);
    assert.deepEqual((await pinpoint.send(new GetImportJobsCommand({ ApplicationId: appId }))).ImportJobsResponse!.Item!.map((j) => j.Id), [created.Id], 'the job itself stays');
    assert.equal((await getEndpoint(appId, 's-1')).Address, '+12065551101', 'the imported endpoints stay');
  });

  test('CSV with a byte order mark and CRLF line ends; a row of user ids only adds those users’ endpoints to the segment', async () => {
    const appId = await newApp(pinpoint, 'crlf-users');
    await pinpoint.send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: {
          Item: [
            { Id: 'ua-1', ChannelType: 'EMAIL', Address: 'ua1@example.com', User: { UserId: 'user-a' } },
            { Id: 'ua-2', ChannelType: 'SMS', Address: '+12065550801', User: { UserId: 'user-a' } },
            { Id: 'ub-1', ChannelType: 'EMAIL', Address: 'ub1@example.com', User: { UserId: 'user-b' } },
            { Id: 'other', ChannelType: 'EMAIL', Address: 'other@example.com', User: { UserId: 'user-z' } },
          ],
        },
      }),
    );
    await peer.put(IMPORTS, 'crlf/endpoints.csv', '\uFEFFId,ChannelType,Address,Attributes.Color\r\ncr-1,EMAIL,cr1@example.com,red\r\ncr-2,SMS,+12065550802,blue\r\n');
    await peer.put(IMPORTS, 'crlf/users.csv', 'User.UserId\r\nuser-a user-b\r\nuser-nobody\r\n');
    const created = (await createImport(appId, { Format: 'CSV', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/crlf/`, DefineSegment: true })).ImportJobResponse!;
    const job = await waitImport(appId, created.Id!);
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
    assert.equal(job.TotalPieces, 2);
    assert.equal(job.TotalProcessed, 4);
    assert.equal(job.TotalFailures, 1);
    assert.deepEqual(job.Failures, [`s3://${IMPORTS}/crlf/users.csv line 3: no endpoint belongs to the users the row names (a row of user ids only adds existing endpoints)`]);
    const one = await getEndpoint(appId, 'cr-1');
    assert.deepEqual(one.Attributes, { Color: ['red'] }, 'no carriage return in the last value');
    assert.equal((await getEndpoint(appId, 'cr-2')).Address, '+12065550802');
    const segment = (await pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: created.Definition!.SegmentId! }))).SegmentResponse!;
    assert.equal(segment.Name, `Import ${created.Id}`, 'a segment defined without SegmentName is named after the job');
    assert.equal(segment.ImportDefinition!.Size, 5, 'cr-1, cr-2 and the three endpoints of user-a and user-b');
    assert.deepEqual(segment.ImportDefinition!.ChannelCounts, { EMAIL: 3, SMS: 2 });
  });

  test('more than 100 bad rows: every one counted, the first 100 described in line order', async () => {
    const appId = await newApp(pinpoint, 'many-bad');
    const lines = ['Id,ChannelType,Address'];
    for (let i = 0; i < 150; i++) lines.push(`bad-${i},PIGEON,coo-${i}`);
    lines.push('good-1,EMAIL,good@example.com');
    await peer.put(IMPORTS, 'manybad/rows.csv', `${lines.join('\n')}\n`);
    const created = (await createImport(appId, { Format: 'CSV', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/manybad/rows.csv` })).ImportJobResponse!;
    const job = await waitImport(appId, created.Id!);
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job).slice(0, 2000));
    assert.equal(job.TotalProcessed, 151);
    assert.equal(job.TotalFailures, 150);
    assert.equal(job.Failures!.length, 100);
    assert.match(job.Failures![0]!, new RegExp(`^s3://${IMPORTS}/manybad/rows\\.csv line 2: ChannelType: must be one of PUSH, GCM, `));
    assert.match(job.Failures![99]!, /rows\.csv line 101: /);
    assert.equal((await getEndpoint(appId, 'good-1')).Address, 'good@example.com');
  });

  test('a JSON line that is not JSON fails that row only, naming its line', async () => {
    const appId = await newApp(pinpoint, 'bad-json');
    await peer.put(IMPORTS, 'badjson/e.json', `${JSON.stringify({ Id: 'j-1', ChannelType: 'SMS', Address: '+12065550901' })}\n{"Id": "j-2", \n${JSON.stringify({ Id: 'j-3', ChannelType: 'EMAIL', Address: 'j3@example.com', Attributes: { a: 'not a list' } })}\n`);
    const job = await waitImport(appId, (await createImport(appId, { Format: 'JSON', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/badjson/` })).ImportJobResponse!.Id!);
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
    assert.equal(job.TotalProcessed, 3);
    assert.equal(job.TotalFailures, 2);
    assert.equal(job.Failures!.length, 2);
    assert.match(job.Failures![0]!, new RegExp(`^s3://${IMPORTS}/badjson/e\\.json line 2: `));
    assert.match(job.Failures![1]!, new RegExp(`^s3://${IMPORTS}/badjson/e\\.json line 3: Attributes\\.a: must be a list of strings$`));
    assert.equal((await getEndpoint(appId, 'j-1')).ChannelType, 'SMS');
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'j-3'), undefined);
  });

  test('two rows of one file with the same address: as with UpdateEndpoint, the later one stays ACTIVE and the earlier becomes INACTIVE', async () => {
    const appId = await newApp(pinpoint, 'same-address');
    await peer.put(IMPORTS, 'sameaddr/e.json', [{ Id: 'sa-1', ChannelType: 'EMAIL', Address: 'same@example.com' }, { Id: 'sa-2', ChannelType: 'EMAIL', Address: 'same@example.com' }].map((e) => JSON.stringify(e)).join('\n'));
    const job = await waitImport(appId, (await createImport(appId, { Format: 'JSON', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/sameaddr/` })).ImportJobResponse!.Id!);
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
    // The same two endpoints written one after the other through the API, for comparison.
    const viaApi = await newApp(pinpoint, 'same-address-api');
    await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: viaApi, EndpointId: 'sa-1', EndpointRequest: { ChannelType: 'EMAIL', Address: 'same@example.com' } }));
    await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: viaApi, EndpointId: 'sa-2', EndpointRequest: { ChannelType: 'EMAIL', Address: 'same@example.com' } }));
    const api = [(await pinpoint.send(new GetEndpointCommand({ ApplicationId: viaApi, EndpointId: 'sa-1' }))).EndpointResponse!.EndpointStatus, (await pinpoint.send(new GetEndpointCommand({ ApplicationId: viaApi, EndpointId: 'sa-2' }))).EndpointResponse!.EndpointStatus];
    const imported = [(await getEndpoint(appId, 'sa-1')).EndpointStatus, (await getEndpoint(appId, 'sa-2')).EndpointStatus];
    assert.deepEqual(api, ['INACTIVE', 'ACTIVE'], 'through the API, the later write deactivates the earlier endpoint');
    assert.deepEqual(imported, api, `imported ${JSON.stringify(imported)}, through the API ${JSON.stringify(api)}`);
  });

  test('jobs that fail before any row: no objects under the prefix; a role that does not trust pinpoint.amazonaws.com', async () => {
    const appId = await newApp(pinpoint, 'early-fail');
    const empty = await waitImport(appId, (await createImport(appId, { Format: 'JSON', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/nothing-here/` })).ImportJobResponse!.Id!);
    assert.equal(empty.JobStatus, 'FAILED');
    assert.deepEqual(empty.Failures, [`no objects under s3://${IMPORTS}/nothing-here/ to import as JSON`]);
    assert.equal(empty.TotalPieces, 0);
    const untrusted = (await iam.send(new CreateRoleCommand({ RoleName: 'Ec2Role', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) })))
      .Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Ec2Role', PolicyName: 'all', PolicyDocument: statement(['s3:*'], ['arn:aws:s3:::*']) }));
    const job = await waitExport(appId, (await createExport(appId, { RoleArn: untrusted, S3UrlPrefix: `s3://${EXPORTS}/untrusted/` })).ExportJobResponse!.Id!);
    assert.equal(job.JobStatus, 'FAILED');
    assert.deepEqual(job.Failures, [`Pinion could not use role ${untrusted}: trust policy does not let pinpoint.amazonaws.com assume ${untrusted}: no statement allows principal pinpoint.amazonaws.com to perform sts:AssumeRole`]);
    assert.deepEqual(await peer.keys(EXPORTS, 'untrusted/'), []);
  });

  test('a role without s3:GetObject: the import ends FAILED with a reason naming s3:GetObject; nothing is written', async () => {
    const appId = await newApp(pinpoint, 'no-get');
    await peer.put(IMPORTS, 'noget/one.json', `${JSON.stringify({ Id: 'ng-1', ChannelType: 'SMS', Address: '+12065550301' })}\n`);
    const created = (await createImport(appId, { Format: 'JSON', RoleArn: roles.noGetObject, S3Url: `s3://${IMPORTS}/noget/` })).ImportJobResponse!;
    const job = await waitImport(appId, created.Id!);
    assert.equal(job.JobStatus, 'FAILED', JSON.stringify(job));
    assert.equal(job.TotalPieces, 1);
    assert.equal(job.FailedPieces, 1);
    assert.equal(job.CompletedPieces, 0);
    assert.equal(job.TotalProcessed, 0);
    // The object's piece fails naming the action the role lacks; then the job, naming the count.
    const object = `s3://${IMPORTS}/noget/one.json`;
    assert.equal(job.Failures?.length, 2, JSON.stringify(job.Failures));
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    assert.match(
      job.Failures![0]!,
      new RegExp(`^${escape(`${object}: Pinion could not use role ${roles.noGetObject}: the policies of role ${roles.noGetObject} do not allow s3:GetObject on arn:aws:s3:::${IMPORTS}/noget/one.json`)}`),
    );
    assert.equal(job.Failures![1], `1 of 1 objects under s3://${IMPORTS}/noget/ could not be imported (the reasons are listed in Failures)`);
    assert.match(job.CompletionDate!, isoMillis);
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'ng-1'), undefined);
  });
});

// ---- exports ----

const exportAudience: EndpointBatchItem[] = [
  { Id: 'x-1', ChannelType: 'SMS', Address: '+12065550401', Attributes: { plan: ['gold'] }, User: { UserId: 'ux1', UserAttributes: { n: ['1'] } }, Metrics: { visits: 4 } },
  { Id: 'x-2', ChannelType: 'EMAIL', Address: 'x2@example.com', OptOut: 'ALL', Location: { Country: 'US', City: 'Seattle', Latitude: 47.6, Longitude: -122.3 } },
  { Id: 'x-3', ChannelType: 'SMS', Address: '+12065550403', EndpointStatus: 'INACTIVE', Demographic: { Make: 'Apple', Platform: 'ios' } },
  { Id: 'x-4', ChannelType: 'GCM', Address: 'token-x4' },
];

describe('export jobs', () => {
  let appId: string;
  let smsSegment: string;
  before(async () => {
    appId = await newApp(pinpoint, 'exports');
    await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: exportAudience } }));
    smsSegment = (await pinpoint.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'sms', Dimensions: { Demographic: { Channel: { Values: ['SMS'] } } } } })))
      .SegmentResponse!.Id!;
  });

  test('the whole project: the parts hold exactly its endpoints, each as GetEndpoint answers it', async () => {
    const created = await createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/all/` });
    assert.equal(created.$metadata.httpStatusCode, 202);
    const answered = created.ExportJobResponse!;
    assert.equal(answered.Type, 'EXPORT');
    assert.equal(answered.JobStatus, 'CREATED');
    assert.equal(answered.ApplicationId, appId);
    assert.deepEqual(answered.Definition, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/all/` });
    const job = await waitExport(appId, answered.Id!);
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
    assert.equal(job.TotalPieces, 1);
    assert.equal(job.CompletedPieces, 1);
    assert.equal(job.FailedPieces, 0);
    assert.equal(job.TotalProcessed, 4);
    assert.equal(job.TotalFailures, 0);
    assert.equal(job.Failures, undefined);
    assert.match(job.CompletionDate!, isoMillis);
    const { keys, lines } = await exportedLines(EXPORTS, 'all/', answered.Id!);
    assert.deepEqual(keys, [`all/${answered.Id}/part-00000.json.gz`]);
    assert.deepEqual(
      lines.map((line) => line.Id),
      ['x-1', 'x-2', 'x-3', 'x-4'],
    );
    for (const line of lines) assert.deepEqual(line, await endpointJson(appId, String(line.Id)), `line ${String(line.Id)} is the endpoint as GetEndpoint answers it`);
  });

  test('a segment: only its endpoints; the Definition pins the segment version', async () => {
    const answered = (await createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/sms`, SegmentId: smsSegment })).ExportJobResponse!;
    assert.deepEqual(answered.Definition, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/sms`, SegmentId: smsSegment, SegmentVersion: 1 });
    const job = await waitExport(appId, answered.Id!);
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
    assert.equal(job.TotalProcessed, 2);
    const { keys, lines } = await exportedLines(EXPORTS, 'sms/', answered.Id!);
    assert.deepEqual(keys, [`sms/${answered.Id}/part-00000.json.gz`]);
    assert.deepEqual(
      lines.map((line) => line.Id),
      ['x-1', 'x-3'],
      'inactive endpoints are part of the segment',
    );
    for (const line of lines) assert.deepEqual(line, await endpointJson(appId, String(line.Id)));

    const segmentJobs = (await pinpoint.send(new GetSegmentExportJobsCommand({ ApplicationId: appId, SegmentId: smsSegment }))).ExportJobsResponse!;
    assert.deepEqual(segmentJobs.Item, [job]);
    const all = (await pinpoint.send(new GetExportJobsCommand({ ApplicationId: appId }))).ExportJobsResponse!;
    assert.ok(all.Item!.length >= 2);
    assert.deepEqual(all.Item![0], job, 'newest first');
    assert.ok(all.Item!.every((j) => j.Type === 'EXPORT'));
    const paged = (await pinpoint.send(new GetExportJobsCommand({ ApplicationId: appId, PageSize: '1' }))).ExportJobsResponse!;
    assert.equal(paged.Item!.length, 1);
    assert.equal(typeof paged.NextToken, 'string');
    const next = (await pinpoint.send(new GetExportJobsCommand({ ApplicationId: appId, PageSize: '1', Token: paged.NextToken! }))).ExportJobsResponse!;
    assert.equal(next.Item!.length, 1);
    assert.notEqual(next.Item![0]!.Id, paged.Item![0]!.Id);
  });

  test('a prefix of the bare bucket (s3://bucket) writes the parts under <jobId>/; an empty segment writes one empty part', async () => {
    const bare = (await createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}` })).ExportJobResponse!;
    assert.equal((await waitExport(appId, bare.Id!)).JobStatus, 'COMPLETED');
    const { keys, lines } = await exportedLines(EXPORTS, '', bare.Id!);
    assert.deepEqual(keys, [`${bare.Id}/part-00000.json.gz`]);
    assert.equal(lines.length, 4);
    const none = (await pinpoint.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'none', Dimensions: { Demographic: { Channel: { Values: ['VOICE'] } } } } }))).SegmentResponse!.Id!;
    const empty = (await createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/empty/`, SegmentId: none })).ExportJobResponse!;
    const job = await waitExport(appId, empty.Id!);
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
    assert.equal(job.TotalProcessed, 0);
    const written = await exportedLines(EXPORTS, 'empty/', empty.Id!);
    assert.deepEqual(written.keys, [`empty/${empty.Id}/part-00000.json.gz`]);
    assert.deepEqual(written.lines, []);
  });

  test('several jobs created at once all complete, each with its own folder', async () => {
    const created = await Promise.all(
      ['p1', 'p2', 'p3', 'p4'].map(async (prefix) => (await createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/many/${prefix}/` })).ExportJobResponse!),
    );
    const done = await Promise.all(created.map((job) => waitExport(appId, job.Id!)));
    assert.deepEqual(done.map((job) => [job.JobStatus, job.TotalProcessed]), [['COMPLETED', 4], ['COMPLETED', 4], ['COMPLETED', 4], ['COMPLETED', 4]]);
    for (const [i, prefix] of ['p1', 'p2', 'p3', 'p4'].entries()) {
      assert.equal((await exportedLines(EXPORTS, `many/${prefix}/`, created[i]!.Id!)).lines.length, 4);
    }
  });

  test('seed 002’s export policy: s3://bucket/Exports/ completes, s3://bucket/Other/ fails naming s3:PutObject', async () => {
    const allowed = (await createExport(appId, { RoleArn: roles.seedExport, S3UrlPrefix: `s3://${SEED_BUCKET}/Exports/` })).ExportJobResponse!;
    const done = await waitExport(appId, allowed.Id!);
    assert.equal(done.JobStatus, 'COMPLETED', JSON.stringify(done));
    const { lines } = await exportedLines(SEED_BUCKET, 'Exports/', allowed.Id!);
    assert.equal(lines.length, 4);

    const refused = (await createExport(appId, { RoleArn: roles.seedExport, S3UrlPrefix: `s3://${SEED_BUCKET}/Other/` })).ExportJobResponse!;
    const failed = await waitExport(appId, refused.Id!);
    assert.equal(failed.JobStatus, 'FAILED', JSON.stringify(failed));
    assert.equal(failed.Failures?.length, 1, JSON.stringify(failed.Failures));
    assert.match(failed.Failures![0]!, new RegExp(`^Pinion could not use role ${roles.seedExport}: .*s3:PutObject`));
    assert.match(failed.Failures![0]!, new RegExp(`arn:aws:s3:::${SEED_BUCKET}/Other/`));
    assert.deepEqual(await peer.keys(SEED_BUCKET, 'Other/'), [], 'nothing was written');
  });
});

// ---- bad input at request time ----

describe('bad input when the job is created', () => {
  let appId: string;
  let dimensional: string;
  before(async () => {
    appId = await newApp(pinpoint, 'bad-jobs');
    dimensional = (await pinpoint.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'dims', Dimensions: { Demographic: { Channel: { Values: ['SMS'] } } } } })))
      .SegmentResponse!.Id!;
  });

  async function noJobs(): Promise<void> {
    assert.deepEqual((await pinpoint.send(new GetImportJobsCommand({ ApplicationId: appId }))).ImportJobsResponse!.Item, [], 'no import job was created');
    assert.deepEqual((await pinpoint.send(new GetExportJobsCommand({ ApplicationId: appId }))).ExportJobsResponse!.Item, [], 'no export job was created');
  }

  test('an S3 location that is not s3:// is 400', async () => {
    await rejectsWith(
      createImport(appId, { Format: 'CSV', RoleArn: roles.importer, S3Url: `https://${IMPORTS}.s3.amazonaws.com/csv/` }),
      'BadRequestException',
      400,
      new RegExp(`^S3Url must be an s3:// URL such as s3://bucket-name/prefix, got 'https://${IMPORTS}\\.s3\\.amazonaws\\.com/csv/'$`),
    );
    await rejectsWith(
      createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `/${EXPORTS}/out/` }),
      'BadRequestException',
      400,
      new RegExp(`^S3UrlPrefix must be an s3:// URL such as s3://bucket-name/prefix, got '/${EXPORTS}/out/'$`),
    );
    await noJobs();
  });

  test('a RoleArn that is not a role ARN, or names no role, is 400', async () => {
    await rejectsWith(createImport(appId, { Format: 'CSV', RoleArn: 'ImportRole', S3Url: `s3://${IMPORTS}/csv/` }), 'BadRequestException', 400, /^RoleArn ImportRole is not an IAM role ARN/);
    await rejectsWith(
      createExport(appId, { RoleArn: `arn:aws:iam::${ACCOUNT}:user/ExportRole`, S3UrlPrefix: `s3://${EXPORTS}/out/` }),
      'BadRequestException',
      400,
      new RegExp(`^RoleArn arn:aws:iam::${ACCOUNT}:user/ExportRole is not an IAM role ARN`),
    );
    const missing = `arn:aws:iam::${ACCOUNT}:role/NoSuchRole`;
    await rejectsWith(
      createImport(appId, { Format: 'CSV', RoleArn: missing, S3Url: `s3://${IMPORTS}/csv/` }),
      'BadRequestException',
      400,
      new RegExp(`^RoleArn ${missing} does not name an existing IAM role of account ${ACCOUNT}$`),
    );
    await rejectsWith(
      createExport(appId, { RoleArn: missing, S3UrlPrefix: `s3://${EXPORTS}/out/` }),
      'BadRequestException',
      400,
      new RegExp(`^RoleArn ${missing} does not name an existing IAM role of account ${ACCOUNT}$`),
    );
    await noJobs();
  });

  test('a caller without iam:PassRole on the role is refused (403 AccessDeniedException)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'job-maker' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'job-maker', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'job-maker' }))).AccessKey!;
    const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
    clients.push(client);
    const user = `arn:aws:iam::${ACCOUNT}:user/job-maker`;
    await rejectsWith(
      createImport(appId, { Format: 'CSV', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/csv/` }, client),
      'AccessDeniedException',
      403,
      new RegExp(`^User: ${user} is not authorized to perform: iam:PassRole on resource: ${roles.importer}$`),
    );
    await rejectsWith(
      createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/out/` }, client),
      'AccessDeniedException',
      403,
      new RegExp(`^User: ${user} is not authorized to perform: iam:PassRole on resource: ${roles.exporter}$`),
    );
    await noJobs();
  });

  test('SegmentId of a dimensional segment cannot be imported into (400); a missing one is 404', async () => {
    await rejectsWith(
      createImport(appId, { Format: 'CSV', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/csv/`, SegmentId: dimensional }),
      'BadRequestException',
      400,
      new RegExp(`^SegmentId ${dimensional} is a dimensional segment; an import job can only add a version to an imported segment$`),
    );
    await rejectsWith(
      createImport(appId, { Format: 'CSV', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/csv/`, SegmentId: MISSING_SEGMENT }),
      'NotFoundException',
      404,
      new RegExp(`^SegmentId ${MISSING_SEGMENT}: segment not found$`),
    );
    assert.equal((await pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: dimensional }))).SegmentResponse!.Version, 1, 'the segment got no version');
    await noJobs();
  });

  test('an export of a missing segment or segment version is 404; SegmentVersion without SegmentId is 400', async () => {
    await rejectsWith(createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/out/`, SegmentId: MISSING_SEGMENT }), 'NotFoundException', 404, /^Segment not found$/);
    await rejectsWith(
      createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/out/`, SegmentId: dimensional, SegmentVersion: 4 }),
      'NotFoundException',
      404,
      new RegExp(`^Segment ${dimensional} has no version 4$`),
    );
    await rejectsWith(createExport(appId, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/out/`, SegmentVersion: 1 }), 'BadRequestException', 400, /^SegmentVersion needs a SegmentId$/);
    await noJobs();
  });

  test('a missing app is 404; a missing job is 404', async () => {
    await rejectsWith(createImport(MISSING_APP, { Format: 'CSV', RoleArn: roles.importer, S3Url: `s3://${IMPORTS}/csv/` }), 'NotFoundException', 404, /^Application not found$/);
    await rejectsWith(createExport(MISSING_APP, { RoleArn: roles.exporter, S3UrlPrefix: `s3://${EXPORTS}/out/` }), 'NotFoundException', 404, /^Application not found$/);
    await rejectsWith(pinpoint.send(new GetImportJobCommand({ ApplicationId: appId, JobId: MISSING_SEGMENT })), 'NotFoundException', 404, /^Import job not found$/);
    await rejectsWith(pinpoint.send(new GetExportJobCommand({ ApplicationId: appId, JobId: MISSING_SEGMENT })), 'NotFoundException', 404, /^Export job not found$/);
    await rejectsWith(pinpoint.send(new GetImportJobsCommand({ ApplicationId: MISSING_APP })), 'NotFoundException', 404, /^Application not found$/);
    await rejectsWith(pinpoint.send(new GetSegmentExportJobsCommand({ ApplicationId: appId, SegmentId: MISSING_SEGMENT })), 'NotFoundException', 404, /^Segment not found$/);
  });
});

describe('a server stopped while an import runs', () => {
  test('the restarted server resumes the job from its recorded progress: every row counted once, every endpoint in the segment', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pinion-import-resume-'));
    const env = { ...peer.serverEnv(), PINION_JOB_POLL_INTERVAL_MS: '100' };
    let first: PinionProcess | undefined = await startPinion({ env, dataDir });
    let second: PinionProcess | undefined;
    try {
      const rows = 30_000;
      const lines: string[] = [];
      for (let i = 0; i < rows; i++) lines.push(JSON.stringify({ Id: `big-${String(i).padStart(6, '0')}`, ChannelType: i % 2 === 0 ? 'EMAIL' : 'SMS', Address: i % 2 === 0 ? `big${i}@example.com` : `+1206${String(5000000 + i)}`, Attributes: { n: [String(i)] } }));
      await peer.put(IMPORTS, 'resume/big.json', `${lines.join('\n')}\n`);
      const options = (server: PinionProcess) => ({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
      const iamA = new IAMClient(options(first));
      const pinpointA = new PinpointClient(options(first));
      let appId: string;
      let jobId: string;
      let segmentId: string;
      try {
        const importer = await role(iamA, 'ImportRole', statement(['s3:GetObject', 's3:ListBucket'], [`arn:aws:s3:::${IMPORTS}`, `arn:aws:s3:::${IMPORTS}/*`]));
        appId = await newApp(pinpointA, 'resume');
        const created = (await createImport(appId, { Format: 'JSON', RoleArn: importer, S3Url: `s3://${IMPORTS}/resume/`, DefineSegment: true }, pinpointA)).ImportJobResponse!;
        jobId = created.Id!;
        segmentId = created.Definition!.SegmentId!;
        const deadline = Date.now() + 60_000;
        for (;;) {
          const job = (await pinpointA.send(new GetImportJobCommand({ ApplicationId: appId, JobId: jobId }))).ImportJobResponse!;
          assert.ok(!FINISHED.has(job.JobStatus!), `the import finished before it could be interrupted (${JSON.stringify(job)}): raise the row count`);
          if (job.JobStatus === 'PROCESSING' && (job.TotalProcessed ?? 0) > 0) break;
          assert.ok(Date.now() < deadline, JSON.stringify(job));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        iamA.destroy();
        pinpointA.destroy();
      }
      await first.stop('SIGTERM');
      first = undefined;
      const interrupted = await openJobRow(dataDir, appId, jobId);
      assert.ok(interrupted.totalProcessed > 0 && interrupted.totalProcessed < rows, `stopped part-way: ${JSON.stringify(interrupted)}`);

      second = await startPinion({ env, dataDir });
      const pinpointB = new PinpointClient(options(second));
      try {
        const deadline = Date.now() + 120_000;
        let job: ImportJobResponse;
        for (;;) {
          job = (await pinpointB.send(new GetImportJobCommand({ ApplicationId: appId, JobId: jobId }))).ImportJobResponse!;
          if (FINISHED.has(job.JobStatus!)) break;
          assert.ok(Date.now() < deadline, JSON.stringify(job));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
        assert.equal(job.TotalPieces, 1);
        assert.equal(job.CompletedPieces, 1);
        assert.equal(job.TotalProcessed, rows, 'every row counted exactly once across the two runs');
        assert.equal(job.TotalFailures, 0);
        const segment = (await pinpointB.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: segmentId }))).SegmentResponse!;
        assert.equal(segment.ImportDefinition!.Size, rows);
        assert.deepEqual(segment.ImportDefinition!.ChannelCounts, { EMAIL: rows / 2, SMS: rows / 2 });
        for (const i of [0, 1, interrupted.totalProcessed - 1, interrupted.totalProcessed, rows - 1]) {
          const id = `big-${String(i).padStart(6, '0')}`;
          const endpoint = (await pinpointB.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse!;
          assert.deepEqual(endpoint.Attributes, { n: [String(i)] }, id);
          assert.equal(endpoint.EndpointStatus, 'ACTIVE', id);
        }
      } finally {
        pinpointB.destroy();
      }
    } finally {
      await first?.stop();
      await second?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** The job's stored counters, read from the stopped server's SQLite file. */
async function openJobRow(dataDir: string, appId: string, jobId: string): Promise<{ status: string; totalProcessed: number }> {
  const storage = await openStorage({ kind: 'sqlite', file: join(dataDir, 'pinion.sqlite') });
  try {
    const job = await storage.repositories.jobs.get({ accountId: ACCOUNT, region: 'us-east-1' }, appId, 'IMPORT', jobId);
    assert.ok(job, 'the job is stored');
    return { status: job.jobStatus, totalProcessed: job.totalProcessed };
  } finally {
    await storage.close();
  }
}

describe('PINION_S3_BUCKETS', () => {
  let restricted: PinionProcess;
  let client: PinpointClient;
  let appId: string;
  let importer: string;
  let exporter: string;

  before(async () => {
    restricted = await startPinion({ env: { ...peer.serverEnv(), PINION_JOB_POLL_INTERVAL_MS: '100', PINION_S3_BUCKETS: `${IMPORTS},${EXPORTS}` } });
    const options = { endpoint: restricted.url, region: 'us-east-1', credentials: restricted.credentials, maxAttempts: 1 };
    client = new PinpointClient(options);
    const restrictedIam = new IAMClient(options);
    clients.push(client, restrictedIam);
    const everything = statement(['s3:*'], ['arn:aws:s3:::*']);
    importer = await role(restrictedIam, 'ImportRole', everything);
    exporter = await role(restrictedIam, 'ExportRole', everything);
    appId = await newApp(client, 'restricted');
  });
  after(async () => {
    await restricted?.stop();
  });

  test('a bucket outside the list is refused with 400 when the job is created; a listed one is accepted', async () => {
    await rejectsWith(
      createImport(appId, { Format: 'JSON', RoleArn: importer, S3Url: `s3://${OUTSIDE}/in/` }, client),
      'BadRequestException',
      400,
      new RegExp(`^S3Url: bucket ${OUTSIDE} is not one this Pinion deployment may use \\(the operator sets PINION_S3_BUCKETS\\)$`),
    );
    await rejectsWith(
      createExport(appId, { RoleArn: exporter, S3UrlPrefix: `s3://${OUTSIDE}/out/` }, client),
      'BadRequestException',
      400,
      new RegExp(`^S3UrlPrefix: bucket ${OUTSIDE} is not one this Pinion deployment may use \\(the operator sets PINION_S3_BUCKETS\\)$`),
    );
    assert.deepEqual((await client.send(new GetExportJobsCommand({ ApplicationId: appId }))).ExportJobsResponse!.Item, []);
    assert.deepEqual(await peer.keys(OUTSIDE), []);
    const accepted = (await createExport(appId, { RoleArn: exporter, S3UrlPrefix: `s3://${EXPORTS}/restricted/` }, client)).ExportJobResponse!;
    const deadline = Date.now() + 30_000;
    let job = accepted;
    while (!FINISHED.has(job.JobStatus!)) {
      assert.ok(Date.now() < deadline, JSON.stringify(job));
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await client.send(new GetExportJobCommand({ ApplicationId: appId, JobId: accepted.Id! }))).ExportJobResponse!;
    }
    assert.equal(job.JobStatus, 'COMPLETED', JSON.stringify(job));
    assert.deepEqual(await peer.keys(EXPORTS, `restricted/${accepted.Id}/`), [`restricted/${accepted.Id}/part-00000.json.gz`]);
  });
});

describe('PINION_S3_BUCKETS unset', () => {
  let closed: PinionProcess;
  let client: PinpointClient;

  before(async () => {
    // The peer's environment without the bucket list: no bucket is open to jobs.
    const { PINION_S3_BUCKETS: _open, ...env } = peer.serverEnv();
    closed = await startPinion({ env: { ...env, PINION_JOB_POLL_INTERVAL_MS: '100' } });
    client = new PinpointClient({ endpoint: closed.url, region: 'us-east-1', credentials: closed.credentials, maxAttempts: 1 });
    clients.push(client);
  });
  after(async () => {
    await closed?.stop();
  });

  test('refuses every import and export job with 400 naming the setting, and creates none', async () => {
    const appId = await newApp(client, 'closed');
    const roleArn = `arn:aws:iam::${closed.accountId}:role/AnyRole`;
    const message = (member: string) => new RegExp(`^${member}: no S3 bucket is open to import and export jobs on this Pinion deployment \\(the operator lists them in PINION_S3_BUCKETS, or \\* for any\\)$`);
    await rejectsWith(createImport(appId, { Format: 'CSV', RoleArn: roleArn, S3Url: `s3://${IMPORTS}/in/` }, client), 'BadRequestException', 400, message('S3Url'));
    await rejectsWith(createExport(appId, { RoleArn: roleArn, S3UrlPrefix: `s3://${EXPORTS}/out/` }, client), 'BadRequestException', 400, message('S3UrlPrefix'));
    assert.deepEqual((await client.send(new GetImportJobsCommand({ ApplicationId: appId }))).ImportJobsResponse!.Item, []);
    assert.deepEqual((await client.send(new GetExportJobsCommand({ ApplicationId: appId }))).ExportJobsResponse!.Item, []);
  });
});

describe('active jobs quota', () => {
  let stuck: PinionProcess;
  let client: PinpointClient;
  let stuckIam: IAMClient;
  let blackHole: Server;

  before(async () => {
    // An S3 endpoint that accepts connections and never answers: the worker's two jobs hang in
    // ListObjects, so every later job stays unfinished (CREATED) while the test runs.
    blackHole = createServer(() => {});
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as AddressInfo;
    stuck = await startPinion({ env: { ...peer.serverEnv(), PINION_AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`, PINION_JOB_POLL_INTERVAL_MS: '100' } });
    const options = { endpoint: stuck.url, region: 'us-east-1', credentials: stuck.credentials, maxAttempts: 1 };
    client = new PinpointClient(options);
    stuckIam = new IAMClient(options);
    clients.push(client, stuckIam);
  });
  after(async () => {
    await stuck?.stop();
    blackHole?.close();
  });

  test('an account has at most 10 unfinished import jobs (and 10 export jobs); the 11th is 429 TooManyRequestsException', async () => {
    const appId = await newApp(client, 'quota');
    const roleArn = await role(stuckIam, 'QuotaRole', statement(['s3:*'], ['arn:aws:s3:::*']));
    const request = { Format: 'CSV', RoleArn: roleArn, S3Url: `s3://${IMPORTS}/quota/` } as const;
    for (let i = 0; i < 10; i++) await createImport(appId, request, client);
    await rejectsWith(
      createImport(appId, request, client),
      'TooManyRequestsException',
      429,
      /^At most 10 import jobs can be active at once in this account and region; 10 are\. Create this one when one of them has finished\.$/,
    );
    // Export jobs have a quota of their own.
    const exported = await createExport(appId, { RoleArn: roleArn, S3UrlPrefix: `s3://${EXPORTS}/quota/` }, client);
    assert.equal(exported.ExportJobResponse!.JobStatus, 'CREATED');
    assert.equal((await client.send(new GetImportJobsCommand({ ApplicationId: appId }))).ImportJobsResponse!.Item!.length, 10);
  });
});

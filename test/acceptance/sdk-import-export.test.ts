// Import and export jobs end to end: the real server process (its job worker polling every
// 100 ms), the real @aws-sdk/client-pinpoint and @aws-sdk/client-iam against it, and a real S3
// server (s3rver) holding the files imported and the parts exported. Roles are Pinion's own,
// made through its IAM API: trusted by pinpoint.amazonaws.com, allowed (or not) the S3 actions.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateExportJobCommand,
  CreateImportJobCommand,
  CreateSegmentCommand,
  GetEndpointCommand,
  GetExportJobCommand,
  GetExportJobsCommand,
  GetImportJobCommand,
  GetImportJobsCommand,
  GetSegmentCommand,
  GetSegmentExportJobsCommand,
  GetSegmentImportJobsCommand,
  PinpointClient,
  UpdateEndpointsBatchCommand,
} from '@aws-sdk/client-pinpoint';
import type { EndpointBatchItem, EndpointResponse, ExportJobResponse, ImportJobResponse } from '@aws-sdk/client-pinpoint';
import { endpointOrUndefined, newApp } from '../helpers/pinpoint-fixtures.ts';
import { S3Peer } from '../helpers/s3-peer.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
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
  });

  test('a role without s3:GetObject: the import ends FAILED with a reason naming s3:GetObject; nothing is written', async () => {
    const appId = await newApp(pinpoint, 'no-get');
    await peer.put(IMPORTS, 'noget/one.json', `${JSON.stringify({ Id: 'ng-1', ChannelType: 'SMS', Address: '+12065550301' })}\n`);
    const created = (await createImport(appId, { Format: 'JSON', RoleArn: roles.noGetObject, S3Url: `s3://${IMPORTS}/noget/` })).ImportJobResponse!;
    const job = await waitImport(appId, created.Id!);
    assert.equal(job.JobStatus, 'FAILED', JSON.stringify(job));
    assert.equal(job.Failures?.length, 1, JSON.stringify(job.Failures));
    assert.match(job.Failures![0]!, new RegExp(`^Pinion could not use role ${roles.noGetObject}: .*s3:GetObject`));
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

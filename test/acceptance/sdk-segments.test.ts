// Segments through the real @aws-sdk/client-pinpoint against a started server: create, read,
// update (versions), list (pages), delete, tags on the segment ARN, the GetSegmentSize extension
// (hand-signed: not in the SDK) counted against endpoints written with UpdateEndpointsBatch, bad
// input, and IAM on segment ARNs (users made with the real @aws-sdk/client-iam).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateExportJobCommand,
  CreateImportJobCommand,
  CreateSegmentCommand,
  DeleteAppCommand,
  DeleteSegmentCommand,
  GetImportJobsCommand,
  GetSegmentCommand,
  GetSegmentsCommand,
  GetSegmentVersionCommand,
  GetSegmentVersionsCommand,
  ListTagsForResourceCommand,
  PinpointClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateEndpointsBatchCommand,
  UpdateSegmentCommand,
} from '@aws-sdk/client-pinpoint';
import type { EndpointBatchItem, SegmentResponse, WriteSegmentRequest } from '@aws-sdk/client-pinpoint';
import { assertRawError, newApp, rawCall } from '../helpers/pinpoint-fixtures.ts';
import type { RawCallOptions } from '../helpers/pinpoint-fixtures.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const ACCOUNT = testAccountId;
const MISSING_APP = '0'.repeat(32);
const MISSING_SEGMENT = 'f'.repeat(32);
const isoMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

let server: PinionProcess;
let pinpoint: PinpointClient;
let iam: IAMClient;
let roleArn: string;
const clients: { destroy(): void }[] = [];

before(async () => {
  // Jobs this file creates must never reach real AWS: S3 points at a closed loopback port.
  server = await startPinion({ env: { PINION_JOB_POLL_INTERVAL_MS: '100', PINION_AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9', PINION_S3_FORCE_PATH_STYLE: 'true', PINION_S3_BUCKETS: '*' } });
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  pinpoint = new PinpointClient(options);
  iam = new IAMClient(options);
  clients.push(pinpoint, iam);
  roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'SegmentsJobRole', AssumeRolePolicyDocument: TRUST }))).Role!.Arn!;
});

after(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
});

function segmentArn(appId: string, segmentId: string): string {
  return `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}/segments/${segmentId}`;
}

async function create(appId: string, request: WriteSegmentRequest, client = pinpoint): Promise<SegmentResponse> {
  return (await client.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: request }))).SegmentResponse!;
}

function update(appId: string, segmentId: string, request: WriteSegmentRequest) {
  return pinpoint.send(new UpdateSegmentCommand({ ApplicationId: appId, SegmentId: segmentId, WriteSegmentRequest: request }));
}

interface SegmentSize {
  ApplicationId: string;
  SegmentId: string;
  Version: number;
  Size: number;
  ChannelCounts: Record<string, number>;
  EvaluationDate: string;
}

/** GetSegmentSize (Pinion extension), raw. */
function sizeCall(appId: string, segmentId: string, version?: string, options: RawCallOptions = {}) {
  return rawCall(server, 'GET', `/v1/apps/${appId}/segments/${segmentId}/size`, undefined, { ...options, ...(version !== undefined ? { query: { version } } : {}) });
}

/** GetSegmentSize that must answer 200: its SegmentSize. */
async function size(appId: string, segmentId: string, version?: string): Promise<SegmentSize> {
  const response = await sizeCall(appId, segmentId, version);
  assert.equal(response.status, 200, `GetSegmentSize ${segmentId} ${version ?? ''}: ${response.status} ${response.text}`);
  return response.json as unknown as SegmentSize;
}

async function assertSize(appId: string, segmentId: string, expected: Record<string, number>, version?: string): Promise<SegmentSize> {
  const started = Date.now();
  const got = await size(appId, segmentId, version);
  const total = Object.values(expected).reduce((a, b) => a + b, 0);
  const { EvaluationDate, ...rest } = got;
  assert.deepEqual(rest, { ApplicationId: appId, SegmentId: segmentId, Version: rest.Version, Size: total, ChannelCounts: expected }, `size of ${segmentId}`);
  assert.match(EvaluationDate, isoMillis);
  assert.ok(Math.abs(Date.parse(EvaluationDate) - started) < 10_000, 'EvaluationDate is now');
  return got;
}

// ---- endpoints the sizes are counted against ----

const audience: EndpointBatchItem[] = [
  { Id: 'e1', ChannelType: 'SMS', Address: '+12065550101', Attributes: { plan: ['gold'] }, Metrics: { visits: 10 } },
  { Id: 'e2', ChannelType: 'SMS', Address: '+12065550102', Attributes: { plan: ['free'] }, Metrics: { visits: 2 } },
  { Id: 'e3', ChannelType: 'EMAIL', Address: 'e3@example.com', Attributes: { plan: ['beta', 'gold'] }, Metrics: { visits: 7 } },
  { Id: 'e4', ChannelType: 'EMAIL', Address: 'e4@example.com', Attributes: { plan: ['silver'] }, Metrics: { visits: 5 } },
  { Id: 'e5', ChannelType: 'GCM', Address: 'token-e5', Metrics: { visits: 100 } },
  { Id: 'e6', ChannelType: 'EMAIL', Address: 'e6@example.com', Attributes: { plan: ['free'] } },
];

async function audienceApp(): Promise<string> {
  const appId = await newApp(pinpoint, 'segments-audience');
  await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: audience } }));
  return appId;
}

const smsOnly: WriteSegmentRequest = { Name: 'sms', Dimensions: { Demographic: { Channel: { DimensionType: 'INCLUSIVE', Values: ['SMS'] } } } };
const goldPlan: WriteSegmentRequest = { Name: 'gold', Dimensions: { Attributes: { plan: { AttributeType: 'INCLUSIVE', Values: ['gold'] } } } };
const frequent: WriteSegmentRequest = { Name: 'frequent', Dimensions: { Metrics: { visits: { ComparisonOperator: 'GREATER_THAN', Value: 5 } } } };

describe('CreateSegment, GetSegment, UpdateSegment and versions', () => {
  test('CreateSegment answers 201 with the new segment at version 1; GetSegment answers the same', async () => {
    const appId = await newApp(pinpoint);
    const started = Date.now();
    const out = await pinpoint.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { ...smsOnly, tags: { team: 'growth', env: 'test' } } }));
    assert.equal(out.$metadata.httpStatusCode, 201);
    const segment = out.SegmentResponse!;
    const { Id, CreationDate, LastModifiedDate, ...rest } = segment;
    assert.match(Id!, /^[0-9a-f]{32}$/);
    assert.deepEqual(rest, {
      ApplicationId: appId,
      Arn: segmentArn(appId, Id!),
      Name: 'sms',
      Dimensions: smsOnly.Dimensions,
      SegmentType: 'DIMENSIONAL',
      Version: 1,
      tags: { team: 'growth', env: 'test' },
    });
    assert.match(CreationDate!, isoMillis);
    assert.ok(Math.abs(Date.parse(CreationDate!) - started) < 10_000);
    if (LastModifiedDate !== undefined) assert.match(LastModifiedDate, isoMillis);
    const got = await pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: Id! }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    assert.deepEqual(got.SegmentResponse, segment);
  });

  test('a segment without Dimensions or SegmentGroups is created (it selects every endpoint)', async () => {
    const appId = await audienceApp();
    const all = await create(appId, { Name: 'everyone' });
    assert.equal(all.Dimensions, undefined);
    assert.equal(all.SegmentGroups, undefined);
    await assertSize(appId, all.Id!, { SMS: 2, EMAIL: 3, GCM: 1 });
  });

  test('UpdateSegment writes version 2 whose definition replaces the old one; versions 1 and 2 stay readable', async () => {
    const appId = await newApp(pinpoint);
    const v1Request: WriteSegmentRequest = {
      Name: 'first',
      Dimensions: { Demographic: { Channel: { Values: ['SMS'] } }, Attributes: { plan: { AttributeType: 'INCLUSIVE', Values: ['gold'] } } },
    };
    const v1 = await create(appId, v1Request);
    const v2Request: WriteSegmentRequest = { Name: 'second', Dimensions: { Metrics: { visits: { ComparisonOperator: 'GREATER_THAN_OR_EQUAL', Value: 3 } } } };
    const out = await update(appId, v1.Id!, v2Request);
    assert.equal(out.$metadata.httpStatusCode, 200);
    const v2 = out.SegmentResponse!;
    assert.equal(v2.Id, v1.Id);
    assert.equal(v2.Arn, v1.Arn);
    assert.equal(v2.Version, 2);
    assert.equal(v2.Name, 'second');
    assert.equal(v2.CreationDate, v1.CreationDate, 'the segment keeps its creation date');
    assert.deepEqual(v2.Dimensions, v2Request.Dimensions, 'the new definition replaces the old: no Demographic or Attributes left');
    assert.match(v2.LastModifiedDate!, isoMillis);
    assert.ok(Date.parse(v2.LastModifiedDate!) >= Date.parse(v1.CreationDate!));

    const latest = (await pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: v1.Id! }))).SegmentResponse!;
    assert.deepEqual(latest, v2);
    const old = (await pinpoint.send(new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: v1.Id!, Version: '1' }))).SegmentResponse!;
    assert.equal(old.Version, 1);
    assert.equal(old.Name, 'first');
    assert.deepEqual(old.Dimensions, v1Request.Dimensions, 'version 1 keeps its definition');
    const second = (await pinpoint.send(new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: v1.Id!, Version: '2' }))).SegmentResponse!;
    assert.deepEqual(second, v2);
  });

  test('UpdateSegment tags are added to the segment ARN, and every version answers the current tags', async () => {
    const appId = await newApp(pinpoint);
    const segment = await create(appId, { ...smsOnly, tags: { a: '1' } });
    const v2 = (await update(appId, segment.Id!, { ...goldPlan, tags: { b: '2' } })).SegmentResponse!;
    assert.deepEqual(v2.tags, { a: '1', b: '2' });
    const v1 = (await pinpoint.send(new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: segment.Id!, Version: '1' }))).SegmentResponse!;
    assert.deepEqual(v1.tags, { a: '1', b: '2' });
  });

  test('GetSegmentVersions: newest first, PageSize and Token', async () => {
    const appId = await newApp(pinpoint);
    const segment = await create(appId, { Name: 'v1', ...{ Dimensions: smsOnly.Dimensions } });
    await update(appId, segment.Id!, { Name: 'v2', Dimensions: goldPlan.Dimensions });
    await update(appId, segment.Id!, { Name: 'v3', Dimensions: frequent.Dimensions });
    const all = (await pinpoint.send(new GetSegmentVersionsCommand({ ApplicationId: appId, SegmentId: segment.Id! }))).SegmentsResponse!;
    assert.deepEqual(all.Item!.map((s) => [s.Version, s.Name]), [[3, 'v3'], [2, 'v2'], [1, 'v1']]);
    assert.equal(all.NextToken, undefined);
    assert.deepEqual(all.Item![1]!.Dimensions, goldPlan.Dimensions);

    const first = (await pinpoint.send(new GetSegmentVersionsCommand({ ApplicationId: appId, SegmentId: segment.Id!, PageSize: '2' }))).SegmentsResponse!;
    assert.deepEqual(first.Item!.map((s) => s.Version), [3, 2]);
    assert.equal(typeof first.NextToken, 'string');
    const rest = (await pinpoint.send(new GetSegmentVersionsCommand({ ApplicationId: appId, SegmentId: segment.Id!, PageSize: '2', Token: first.NextToken! }))).SegmentsResponse!;
    assert.deepEqual(rest.Item!.map((s) => s.Version), [1]);
    assert.equal(rest.NextToken, undefined);
    const exact = (await pinpoint.send(new GetSegmentVersionsCommand({ ApplicationId: appId, SegmentId: segment.Id!, PageSize: '3' }))).SegmentsResponse!;
    assert.equal(exact.Item!.length, 3);
    assert.equal(exact.NextToken, undefined, 'no token when the page ends the listing exactly');
  });

  test('GetSegments: the latest versions in creation order, a page at a time', async () => {
    const appId = await newApp(pinpoint);
    const a = await create(appId, { Name: 'a' });
    const b = await create(appId, { Name: 'b' });
    const c = await create(appId, { Name: 'c' });
    await update(appId, b.Id!, { Name: 'b2' });
    const pages: (string | number | undefined)[][][] = [];
    let token: string | undefined;
    do {
      const page = (await pinpoint.send(new GetSegmentsCommand({ ApplicationId: appId, PageSize: '2', ...(token ? { Token: token } : {}) }))).SegmentsResponse!;
      pages.push(page.Item!.map((s) => [s.Id, s.Name, s.Version]));
      token = page.NextToken;
      assert.ok(pages.length <= 3, 'pagination terminates');
    } while (token);
    assert.deepEqual(pages, [
      [
        [a.Id, 'a', 1],
        [b.Id, 'b2', 2],
      ],
      [[c.Id, 'c', 1]],
    ]);
    const other = await newApp(pinpoint);
    assert.deepEqual((await pinpoint.send(new GetSegmentsCommand({ ApplicationId: other }))).SegmentsResponse!.Item, [], "another project's segments are not listed");
  });

  test('DeleteSegment answers the deleted segment; afterwards it, its versions and its tags are 404', async () => {
    const appId = await newApp(pinpoint);
    const segment = await create(appId, { ...smsOnly, tags: { k: 'v' } });
    const v2 = (await update(appId, segment.Id!, goldPlan)).SegmentResponse!;
    const deleted = await pinpoint.send(new DeleteSegmentCommand({ ApplicationId: appId, SegmentId: segment.Id! }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    assert.deepEqual(deleted.SegmentResponse, v2);
    await rejectsWith(pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: segment.Id! })), 'NotFoundException', 404, /^Segment not found$/);
    await rejectsWith(pinpoint.send(new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: segment.Id!, Version: '1' })), 'NotFoundException', 404, /^Segment not found$/);
    await rejectsWith(pinpoint.send(new DeleteSegmentCommand({ ApplicationId: appId, SegmentId: segment.Id! })), 'NotFoundException', 404, /^Segment not found$/);
    await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: segment.Arn! })), 'NotFoundException', 404, /Resource not found/);
    assertRawError(await sizeCall(appId, segment.Id!), 404, 'NotFoundException', /^Segment not found$/);
    assert.deepEqual((await pinpoint.send(new GetSegmentsCommand({ ApplicationId: appId }))).SegmentsResponse!.Item, []);
  });

  test('TagResource, ListTagsForResource and UntagResource on the segment ARN', async () => {
    const appId = await newApp(pinpoint);
    const segment = await create(appId, { ...smsOnly, tags: { owner: 'ana' } });
    const tagged = await pinpoint.send(new TagResourceCommand({ ResourceArn: segment.Arn!, TagsModel: { tags: { stage: 'beta', owner: 'bo' } } }));
    assert.equal(tagged.$metadata.httpStatusCode, 204);
    assert.deepEqual((await pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: segment.Arn! }))).TagsModel!.tags, { owner: 'bo', stage: 'beta' });
    assert.deepEqual((await pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: segment.Id! }))).SegmentResponse!.tags, { owner: 'bo', stage: 'beta' });
    await pinpoint.send(new UntagResourceCommand({ ResourceArn: segment.Arn!, TagKeys: ['owner'] }));
    assert.deepEqual((await pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: segment.Arn! }))).TagsModel!.tags, { stage: 'beta' });
    const app = `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}`;
    assert.deepEqual((await pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: app }))).TagsModel!.tags, {}, "the segment's tags are not the project's");
    await rejectsWith(
      pinpoint.send(new TagResourceCommand({ ResourceArn: segmentArn(appId, MISSING_SEGMENT), TagsModel: { tags: { a: 'b' } } })),
      'NotFoundException',
      404,
      new RegExp(`^Resource not found: ${segmentArn(appId, MISSING_SEGMENT)}$`),
    );
  });
});

describe('GetSegmentSize (extension) counts the endpoints written with UpdateEndpointsBatch', () => {
  let appId: string;
  before(async () => {
    appId = await audienceApp();
  });

  test('Demographic.Channel SMS', async () => {
    const segment = await create(appId, smsOnly);
    const got = await assertSize(appId, segment.Id!, { SMS: 2 });
    assert.equal(got.Version, 1);
  });

  test('Attributes INCLUSIVE matches any of an endpoint’s values', async () => {
    const segment = await create(appId, goldPlan);
    await assertSize(appId, segment.Id!, { SMS: 1, EMAIL: 1 });
    const either = await create(appId, { Dimensions: { Attributes: { plan: { AttributeType: 'INCLUSIVE', Values: ['silver', 'free'] } } } });
    await assertSize(appId, either.Id!, { SMS: 1, EMAIL: 2 });
  });

  test('Metrics GREATER_THAN is strict; LESS_THAN_OR_EQUAL and EQUAL', async () => {
    await assertSize(appId, (await create(appId, frequent)).Id!, { SMS: 1, EMAIL: 1, GCM: 1 });
    await assertSize(appId, (await create(appId, { Dimensions: { Metrics: { visits: { ComparisonOperator: 'LESS_THAN_OR_EQUAL', Value: 5 } } } })).Id!, { SMS: 1, EMAIL: 1 });
    await assertSize(appId, (await create(appId, { Dimensions: { Metrics: { visits: { ComparisonOperator: 'EQUAL', Value: 7 } } } })).Id!, { EMAIL: 1 });
  });

  test('dimensions of one segment are ANDed', async () => {
    const both = await create(appId, { Dimensions: { ...smsOnly.Dimensions, ...frequent.Dimensions } });
    await assertSize(appId, both.Id!, { SMS: 1 });
  });

  test('SegmentGroups: a source segment filtered by a dimension; the latest source version is used unless one is pinned', async () => {
    const gold = await create(appId, goldPlan);
    const emailOfGold = await create(appId, {
      Name: 'gold by email',
      SegmentGroups: {
        Include: 'ALL',
        Groups: [{ SourceType: 'ANY', Type: 'ALL', SourceSegments: [{ Id: gold.Id! }], Dimensions: [{ Demographic: { Channel: { Values: ['EMAIL'] } } }] }],
      },
    });
    assert.equal(emailOfGold.SegmentType, 'DIMENSIONAL');
    await assertSize(appId, emailOfGold.Id!, { EMAIL: 1 });
    const pinned = await create(appId, { SegmentGroups: { Include: 'ALL', Groups: [{ SourceType: 'ANY', SourceSegments: [{ Id: gold.Id!, Version: 1 }] }] } });
    await assertSize(appId, pinned.Id!, { SMS: 1, EMAIL: 1 });
    // The source now selects the free plan: e2 (SMS) and e6 (EMAIL).
    await update(appId, gold.Id!, { Name: 'free', Dimensions: { Attributes: { plan: { AttributeType: 'INCLUSIVE', Values: ['free'] } } } });
    await assertSize(appId, emailOfGold.Id!, { EMAIL: 1 });
    await assertSize(appId, pinned.Id!, { SMS: 1, EMAIL: 1 }, undefined);
    const latestSources = await create(appId, { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: gold.Id! }] }] } });
    await assertSize(appId, latestSources.Id!, { SMS: 1, EMAIL: 1 });
    const ids = await create(appId, { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: gold.Id! }], Dimensions: [{ Demographic: { Channel: { Values: ['SMS'] } } }] }] } });
    await assertSize(appId, ids.Id!, { SMS: 1 });
  });

  test('SourceType ANY of two sources is their union', async () => {
    const sms = await create(appId, smsOnly);
    const often = await create(appId, frequent);
    const union = await create(appId, { SegmentGroups: { Include: 'ANY', Groups: [{ SourceType: 'ANY', SourceSegments: [{ Id: sms.Id! }, { Id: often.Id! }] }] } });
    // e1, e2 (SMS) + e3 (EMAIL, 7) + e5 (GCM, 100)
    await assertSize(appId, union.Id!, { SMS: 2, EMAIL: 1, GCM: 1 });
  });

  test('version=N counts that version’s definition; the latest by default', async () => {
    const segment = await create(appId, smsOnly);
    await update(appId, segment.Id!, { Name: 'email', Dimensions: { Demographic: { Channel: { Values: ['EMAIL'] } } } });
    const latest = await assertSize(appId, segment.Id!, { EMAIL: 3 });
    assert.equal(latest.Version, 2);
    const first = await assertSize(appId, segment.Id!, { SMS: 2 }, '1');
    assert.equal(first.Version, 1);
  });

  test('endpoints written later are counted at once; a segment selecting nothing has Size 0', async () => {
    const app = await newApp(pinpoint);
    const segment = await create(app, smsOnly);
    await assertSize(app, segment.Id!, {});
    await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: app, EndpointBatchRequest: { Item: [{ Id: 'x', ChannelType: 'SMS', Address: '+12065550199' }] } }));
    await assertSize(app, segment.Id!, { SMS: 1 });
  });

  test('bad requests: malformed version, missing version, missing segment, missing app', async () => {
    const segment = await create(appId, smsOnly);
    assertRawError(await sizeCall(appId, segment.Id!, 'abc'), 400, 'BadRequestException', /^Version must be a whole number from 1, got 'abc'$/);
    assertRawError(await sizeCall(appId, segment.Id!, '0'), 400, 'BadRequestException', /^Version must be a whole number from 1, got '0'$/);
    assertRawError(await sizeCall(appId, segment.Id!, '2'), 404, 'NotFoundException', new RegExp(`^Segment ${segment.Id} has no version 2$`));
    assertRawError(await sizeCall(appId, MISSING_SEGMENT), 404, 'NotFoundException', /^Segment not found$/);
    assertRawError(await sizeCall(MISSING_APP, segment.Id!), 404, 'NotFoundException', /^Application not found$/);
  });

  test('a segment whose source was deleted cannot be counted: 400 naming the missing source', async () => {
    const source = await create(appId, smsOnly);
    const derived = await create(appId, { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: source.Id! }] }] } });
    await pinpoint.send(new DeleteSegmentCommand({ ApplicationId: appId, SegmentId: source.Id! }));
    assertRawError(await sizeCall(appId, derived.Id!), 400, 'BadRequestException', new RegExp(`^Source segment ${source.Id} \\(latest version\\) does not exist$`));
  });
});

describe('GetSegmentSize: more dimensions, evaluated as documented', () => {
  let appId: string;
  before(async () => {
    appId = await newApp(pinpoint, 'segments-dimensions');
    const items: EndpointBatchItem[] = [
      { Id: 'd1', ChannelType: 'EMAIL', Address: 'd1@example.com', Attributes: { signup: ['2026-01-10T12:00:00Z'], city: ['Seattle'] }, Demographic: { Platform: 'ios' }, Location: { Country: 'US', Latitude: 47.6062, Longitude: -122.3321 } },
      { Id: 'd2', ChannelType: 'EMAIL', Address: 'd2@example.com', Attributes: { signup: ['2026-02-01'], city: ['Portland'] }, Demographic: { Platform: 'Android' }, Location: { Country: 'us', Latitude: 45.5152, Longitude: -122.6784 } },
      { Id: 'd3', ChannelType: 'SMS', Address: '+12065551003', Attributes: { signup: ['2025-12-31T23:30:00-02:00'] }, Demographic: { Platform: 'iOS' }, Location: { Country: 'FR', Latitude: 48.8566, Longitude: 2.3522 } },
      { Id: 'd4', ChannelType: 'SMS', Address: '+12065551004', Attributes: { signup: ['not a date'] }, EffectiveDate: '2020-01-01T00:00:00.000Z', User: { UserId: 'u4', UserAttributes: { tier: ['vip'] } } },
      { Id: 'd5', ChannelType: 'GCM', Address: 'token-d5', User: { UserId: 'u5', UserAttributes: { tier: ['basic'] } } },
    ];
    await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: items } }));
  });

  const cases: [string, WriteSegmentRequest, Record<string, number>][] = [
    // d3's 2025-12-31T23:30-02:00 is 2026-01-01T01:30Z.
    ['Attributes BEFORE a date', { Dimensions: { Attributes: { signup: { AttributeType: 'BEFORE', Values: ['2026-01-05'] } } } }, { SMS: 1 }],
    ['Attributes AFTER a date-time', { Dimensions: { Attributes: { signup: { AttributeType: 'AFTER', Values: ['2026-01-05T00:00:00Z'] } } } }, { EMAIL: 2 }],
    ['Attributes ON a day', { Dimensions: { Attributes: { signup: { AttributeType: 'ON', Values: ['2026-01-10'] } } } }, { EMAIL: 1 }],
    ['Attributes BETWEEN two dates', { Dimensions: { Attributes: { signup: { AttributeType: 'BETWEEN', Values: ['2026-01-01', '2026-01-31'] } } } }, { EMAIL: 1, SMS: 1 }],
    ['Attributes CONTAINS', { Dimensions: { Attributes: { city: { AttributeType: 'CONTAINS', Values: ['eatt'] } } } }, { EMAIL: 1 }],
    ['Attributes EXCLUSIVE keeps the endpoints without the attribute', { Dimensions: { Attributes: { city: { AttributeType: 'EXCLUSIVE', Values: ['Seattle'] } } } }, { EMAIL: 1, SMS: 2, GCM: 1 }],
    ['UserAttributes INCLUSIVE', { Dimensions: { UserAttributes: { tier: { AttributeType: 'INCLUSIVE', Values: ['vip'] } } } }, { SMS: 1 }],
    ['Demographic.Platform, whatever the case', { Dimensions: { Demographic: { Platform: { Values: ['IOS'] } } } }, { EMAIL: 1, SMS: 1 }],
    ['Demographic.Channel EXCLUSIVE', { Dimensions: { Demographic: { Channel: { DimensionType: 'EXCLUSIVE', Values: ['EMAIL', 'SMS'] } } } }, { GCM: 1 }],
    ['Location.Country, whatever the case', { Dimensions: { Location: { Country: { Values: ['US'] } } } }, { EMAIL: 2 }],
    ['Location.GPSPoint within 50 km of Seattle', { Dimensions: { Location: { GPSPoint: { Coordinates: { Latitude: 47.61, Longitude: -122.33 }, RangeInKilometers: 50 } } } }, { EMAIL: 1 }],
    ['Location.GPSPoint within 300 km of Seattle', { Dimensions: { Location: { GPSPoint: { Coordinates: { Latitude: 47.61, Longitude: -122.33 }, RangeInKilometers: 300 } } } }, { EMAIL: 2 }],
    ['Behavior.Recency ACTIVE in the last 7 days', { Dimensions: { Behavior: { Recency: { Duration: 'DAY_7', RecencyType: 'ACTIVE' } } } }, { EMAIL: 2, SMS: 1, GCM: 1 }],
    ['Behavior.Recency INACTIVE for 30 days', { Dimensions: { Behavior: { Recency: { Duration: 'DAY_30', RecencyType: 'INACTIVE' } } } }, { SMS: 1 }],
    [
      'SegmentGroups Include NONE of a group',
      { SegmentGroups: { Include: 'NONE', Groups: [{ Dimensions: [{ Demographic: { Channel: { Values: ['EMAIL'] } } }] }] } },
      { SMS: 2, GCM: 1 },
    ],
    [
      'a group of dimension sets with Type ANY',
      { SegmentGroups: { Groups: [{ Type: 'ANY', Dimensions: [{ Demographic: { Channel: { Values: ['GCM'] } } }, { Location: { Country: { Values: ['FR'] } } }] }] } },
      { SMS: 1, GCM: 1 },
    ],
  ];
  for (const [what, request, expected] of cases) {
    test(what, async () => {
      const segment = await create(appId, request);
      await assertSize(appId, segment.Id!, expected);
    });
  }
});

describe('bad input: status, error type and a message naming the problem', () => {
  let appId: string;
  let segment: SegmentResponse;
  before(async () => {
    appId = await newApp(pinpoint);
    segment = await create(appId, smsOnly);
  });

  test('a missing app is 404 for every segment operation', async () => {
    const notFound = /^Application not found$/;
    await rejectsWith(pinpoint.send(new CreateSegmentCommand({ ApplicationId: MISSING_APP, WriteSegmentRequest: smsOnly })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new GetSegmentsCommand({ ApplicationId: MISSING_APP })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new GetSegmentCommand({ ApplicationId: MISSING_APP, SegmentId: segment.Id! })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new GetSegmentVersionsCommand({ ApplicationId: MISSING_APP, SegmentId: segment.Id! })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new UpdateSegmentCommand({ ApplicationId: MISSING_APP, SegmentId: segment.Id!, WriteSegmentRequest: smsOnly })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new DeleteSegmentCommand({ ApplicationId: MISSING_APP, SegmentId: segment.Id! })), 'NotFoundException', 404, notFound);
  });

  test('a missing segment is 404', async () => {
    const notFound = /^Segment not found$/;
    await rejectsWith(pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: MISSING_SEGMENT })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new GetSegmentVersionsCommand({ ApplicationId: appId, SegmentId: MISSING_SEGMENT })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: MISSING_SEGMENT, Version: '1' })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new UpdateSegmentCommand({ ApplicationId: appId, SegmentId: MISSING_SEGMENT, WriteSegmentRequest: smsOnly })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new DeleteSegmentCommand({ ApplicationId: appId, SegmentId: MISSING_SEGMENT })), 'NotFoundException', 404, notFound);
    // A segment of another project is missing in this one.
    const other = await newApp(pinpoint);
    await rejectsWith(pinpoint.send(new GetSegmentCommand({ ApplicationId: other, SegmentId: segment.Id! })), 'NotFoundException', 404, notFound);
  });

  test('a missing version is 404 naming it; a malformed version label is 400', async () => {
    await rejectsWith(
      pinpoint.send(new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: segment.Id!, Version: '7' })),
      'NotFoundException',
      404,
      new RegExp(`^Segment ${segment.Id} has no version 7$`),
    );
    for (const label of ['abc', '0', '-1', '1.5']) {
      await rejectsWith(
        pinpoint.send(new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: segment.Id!, Version: label })),
        'BadRequestException',
        400,
        new RegExp(`^Version must be a whole number from 1, got '${label.replace('.', '\\.')}'$`),
      );
    }
  });

  const badDefinitions: [string, WriteSegmentRequest, RegExp][] = [
    [
      'a Metric ComparisonOperator that is not allowed',
      { Dimensions: { Metrics: { visits: { ComparisonOperator: 'BETWEEN', Value: 3 } } } },
      /^Dimensions\.Metrics\.visits\.ComparisonOperator: 'BETWEEN' is not one of EQUAL, GREATER_THAN, LESS_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN_OR_EQUAL$/,
    ],
    [
      'BETWEEN with one value',
      { Dimensions: { Attributes: { signup: { AttributeType: 'BETWEEN', Values: ['2026-01-01'] } } } },
      /^Dimensions\.Attributes\.signup\.Values: BETWEEN takes exactly 2 values, got 1$/,
    ],
    [
      'a date for BEFORE that is not ISO-8601',
      { Dimensions: { Attributes: { signup: { AttributeType: 'BEFORE', Values: ['yesterday'] } } } },
      /^Dimensions\.Attributes\.signup\.Values\[0\]: 'yesterday' is not an ISO-8601 date or date-time$/,
    ],
    [
      'a name over 255 characters',
      { Name: 'n'.repeat(256), Dimensions: smsOnly.Dimensions },
      /^Name must be at most 255 characters$/,
    ],
    [
      'a group naming a source segment inside SegmentGroups with an empty Id',
      { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: '' }] }] } },
      /^SegmentGroups\.Groups\[0\]\.SourceSegments\[0\]\.Id: must not be empty$/,
    ],
  ];
  for (const [what, request, message] of badDefinitions) {
    test(`CreateSegment and UpdateSegment refuse ${what} (400); nothing is written`, async () => {
      await rejectsWith(pinpoint.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: request })), 'BadRequestException', 400, message);
      await rejectsWith(update(appId, segment.Id!, request), 'BadRequestException', 400, message);
      const versions = (await pinpoint.send(new GetSegmentVersionsCommand({ ApplicationId: appId, SegmentId: segment.Id! }))).SegmentsResponse!.Item!;
      assert.deepEqual(versions.map((v) => v.Version), [1], 'no version was added');
    });
  }

  test('a name of exactly 255 characters is accepted', async () => {
    const named = await create(appId, { Name: 'n'.repeat(255) });
    assert.equal(named.Name, 'n'.repeat(255));
  });

  test('SourceSegments naming a missing segment or a missing version is refused with 400 naming it', async () => {
    await rejectsWith(
      pinpoint.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: MISSING_SEGMENT }] }] } } })),
      'BadRequestException',
      400,
      new RegExp(`^Source segment ${MISSING_SEGMENT} \\(latest version\\) does not exist$`),
    );
    await rejectsWith(
      pinpoint.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: segment.Id!, Version: 9 }] }] } } })),
      'BadRequestException',
      400,
      new RegExp(`^Source segment ${segment.Id} version 9 does not exist$`),
    );
    // A source of another project does not exist in this one.
    const other = await newApp(pinpoint);
    await rejectsWith(
      pinpoint.send(new CreateSegmentCommand({ ApplicationId: other, WriteSegmentRequest: { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: segment.Id! }] }] } } })),
      'BadRequestException',
      400,
      /does not exist/,
    );
    assert.deepEqual((await pinpoint.send(new GetSegmentsCommand({ ApplicationId: other }))).SegmentsResponse!.Item, []);
  });

  test('a segment cannot name itself as its source (a cycle)', async () => {
    const self = await create(appId, smsOnly);
    await rejectsWith(update(appId, self.Id!, { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: self.Id! }] }] } }), 'BadRequestException', 400, /refers back to itself/);
  });

  test('a page token this listing did not return is 400, for GetSegments and GetSegmentVersions', async () => {
    await rejectsWith(
      pinpoint.send(new GetSegmentsCommand({ ApplicationId: appId, Token: 'not-a-token' })),
      'BadRequestException',
      400,
      /^The token 'not-a-token' is not a token this listing returned$/,
    );
    await rejectsWith(
      pinpoint.send(new GetSegmentVersionsCommand({ ApplicationId: appId, SegmentId: segment.Id!, Token: 'not-a-token' })),
      'BadRequestException',
      400,
      /^The token 'not-a-token' is not a token this listing returned$/,
    );
    // A GetSegments token is not a GetSegmentVersions token.
    await create(appId, { Name: 'more' });
    const listed = (await pinpoint.send(new GetSegmentsCommand({ ApplicationId: appId, PageSize: '1' }))).SegmentsResponse!;
    assert.equal(typeof listed.NextToken, 'string');
    await rejectsWith(
      pinpoint.send(new GetSegmentVersionsCommand({ ApplicationId: appId, SegmentId: segment.Id!, Token: listed.NextToken! })),
      'BadRequestException',
      400,
      /is not a token this listing returned$/,
    );
    await rejectsWith(pinpoint.send(new GetSegmentsCommand({ ApplicationId: appId, PageSize: '0' })), 'BadRequestException', 400, /^page-size must be a whole number from 1 to 1000, got '0'$/);
  });

  test('a GetSegmentVersions token is not a GetSegments token (400, not a silently empty page)', async () => {
    const versioned = await create(appId, { Name: 'versioned' });
    await update(appId, versioned.Id!, { Name: 'versioned 2' });
    const versions = (await pinpoint.send(new GetSegmentVersionsCommand({ ApplicationId: appId, SegmentId: versioned.Id!, PageSize: '1' }))).SegmentsResponse!;
    assert.equal(typeof versions.NextToken, 'string');
    await rejectsWith(
      pinpoint.send(new GetSegmentsCommand({ ApplicationId: appId, Token: versions.NextToken! })),
      'BadRequestException',
      400,
      /is not a token this listing returned$/,
    );
  });

  test('deleting the project deletes its segments and their tags', async () => {
    const doomed = await newApp(pinpoint);
    const segment = await create(doomed, { ...smsOnly, tags: { k: 'v' } });
    await pinpoint.send(new DeleteAppCommand({ ApplicationId: doomed }));
    await rejectsWith(pinpoint.send(new GetSegmentCommand({ ApplicationId: doomed, SegmentId: segment.Id! })), 'NotFoundException', 404, /^Application not found$/);
    await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: segment.Arn! })), 'NotFoundException', 404);
  });
});

// ---- IAM ----

type Credentials = { accessKeyId: string; secretAccessKey: string };

async function userWith(name: string, statements: object[]): Promise<{ client: PinpointClient; credentials: Credentials }> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  clients.push(client);
  return { client, credentials };
}

describe('IAM on segments', () => {
  test('a user allowed only mobiletargeting:GetSegment on one segment ARN reads that segment and its size, nothing else', async () => {
    const appId = await audienceApp();
    const allowed = await create(appId, smsOnly);
    const other = await create(appId, goldPlan);
    const { client, credentials } = await userWith('segment-reader', [{ Effect: 'Allow', Action: 'mobiletargeting:GetSegment', Resource: segmentArn(appId, allowed.Id!) }]);
    const user = `arn:aws:iam::${ACCOUNT}:user/segment-reader`;
    const got = await client.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: allowed.Id! }));
    assert.equal(got.SegmentResponse!.Id, allowed.Id);
    const sized = await sizeCall(appId, allowed.Id!, undefined, { credentials });
    assert.equal(sized.status, 200, sized.text);
    assert.deepEqual((sized.json as unknown as SegmentSize).ChannelCounts, { SMS: 2 });

    const denied = (action: string, resource: string) => new RegExp(`^User: ${user} is not authorized to perform: ${action} on resource: ${resource}$`);
    await rejectsWith(client.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: other.Id! })), 'AccessDeniedException', 403, denied('mobiletargeting:GetSegment', segmentArn(appId, other.Id!)));
    assertRawError(await sizeCall(appId, other.Id!, undefined, { credentials }), 403, 'AccessDeniedException', denied('mobiletargeting:GetSegment', segmentArn(appId, other.Id!)));
    const app = `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}`;
    await rejectsWith(client.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: smsOnly })), 'AccessDeniedException', 403, denied('mobiletargeting:CreateSegment', app));
    await rejectsWith(
      client.send(new CreateExportJobCommand({ ApplicationId: appId, ExportJobRequest: { RoleArn: roleArn, S3UrlPrefix: 's3://bucket/Exports/' } })),
      'AccessDeniedException',
      403,
      denied('mobiletargeting:CreateExportJob', `${app}/jobs/export`),
    );
    await rejectsWith(client.send(new UpdateSegmentCommand({ ApplicationId: appId, SegmentId: allowed.Id!, WriteSegmentRequest: goldPlan })), 'AccessDeniedException', 403, denied('mobiletargeting:UpdateSegment', segmentArn(appId, allowed.Id!)));
    await rejectsWith(client.send(new DeleteSegmentCommand({ ApplicationId: appId, SegmentId: allowed.Id! })), 'AccessDeniedException', 403, denied('mobiletargeting:DeleteSegment', segmentArn(appId, allowed.Id!)));
    // Nothing the refused calls would have written exists.
    assert.equal((await pinpoint.send(new GetSegmentsCommand({ ApplicationId: appId }))).SegmentsResponse!.Item!.length, 2);
    assert.equal((await pinpoint.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: allowed.Id! }))).SegmentResponse!.Version, 1);
  });

  test('aws:ResourceTag conditions read the segment’s own tags; aws:RequestTag and aws:TagKeys conditions read CreateSegment’s tags', async () => {
    const appId = await audienceApp();
    const growth = await create(appId, { ...smsOnly, tags: { team: 'growth' } });
    const ops = await create(appId, { ...smsOnly, tags: { team: 'ops' } });
    const untagged = await create(appId, smsOnly);
    const { client: reader, credentials } = await userWith('segment-tag-reader', [
      { Effect: 'Allow', Action: 'mobiletargeting:GetSegment', Resource: `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}/segments/*`, Condition: { StringEquals: { 'aws:ResourceTag/team': 'growth' } } },
    ]);
    assert.equal((await reader.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: growth.Id! }))).SegmentResponse!.Id, growth.Id);
    assert.equal((await sizeCall(appId, growth.Id!, undefined, { credentials })).status, 200);
    for (const segment of [ops, untagged]) {
      await rejectsWith(reader.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: segment.Id! })), 'AccessDeniedException', 403, /mobiletargeting:GetSegment/);
      assertRawError(await sizeCall(appId, segment.Id!, undefined, { credentials }), 403, 'AccessDeniedException', /mobiletargeting:GetSegment/);
    }
    // Tagging the segment through the API lets the reader in at once.
    await pinpoint.send(new TagResourceCommand({ ResourceArn: untagged.Arn!, TagsModel: { tags: { team: 'growth' } } }));
    assert.equal((await reader.send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: untagged.Id! }))).SegmentResponse!.Id, untagged.Id);

    const { client: creator } = await userWith('segment-tag-creator', [
      {
        Effect: 'Allow',
        Action: 'mobiletargeting:CreateSegment',
        Resource: `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}`,
        Condition: { StringEquals: { 'aws:RequestTag/team': 'growth' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } },
      },
    ]);
    const made = await create(appId, { ...smsOnly, tags: { team: 'growth' } }, creator);
    assert.deepEqual(made.tags, { team: 'growth' });
    for (const tags of [{ team: 'ops' }, {}, { team: 'growth', extra: 'x' }] as Record<string, string>[]) {
      await rejectsWith(
        creator.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { ...smsOnly, tags } })),
        'AccessDeniedException',
        403,
        /mobiletargeting:CreateSegment/,
      );
    }
  });

  test('an explicit Deny of mobiletargeting:CreateImportJob wins over Allow mobiletargeting:*', async () => {
    const appId = await newApp(pinpoint);
    const request = { RoleArn: roleArn, S3Url: 's3://imports/endpoints/', Format: 'JSON' as const };
    const allowAll = [
      { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn },
    ];
    const { client: denied } = await userWith('import-denied', [...allowAll, { Effect: 'Deny', Action: 'mobiletargeting:CreateImportJob', Resource: '*' }]);
    await rejectsWith(
      denied.send(new CreateImportJobCommand({ ApplicationId: appId, ImportJobRequest: request })),
      'AccessDeniedException',
      403,
      new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/import-denied is not authorized to perform: mobiletargeting:CreateImportJob on resource: arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}$`),
    );
    assert.deepEqual((await pinpoint.send(new GetImportJobsCommand({ ApplicationId: appId }))).ImportJobsResponse!.Item, [], 'no job was created');
    // The same policy without the Deny may create the job.
    const { client: allowed } = await userWith('import-allowed', allowAll);
    const created = await allowed.send(new CreateImportJobCommand({ ApplicationId: appId, ImportJobRequest: request }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.ImportJobResponse!.Type, 'IMPORT');
    // The denied user may still do what is not denied.
    assert.equal((await denied.send(new GetImportJobsCommand({ ApplicationId: appId }))).ImportJobsResponse!.Item!.length, 1);
  });
});

import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetEndpointCommand, PinpointClient, UpdateEndpointsBatchCommand } from '@aws-sdk/client-pinpoint';
import type { EndpointBatchItem } from '@aws-sdk/client-pinpoint';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startPinion } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { assertRawError, listAllIds, listEndpoints, newApp, rawCall } from '../helpers/pinpoint-fixtures.ts';

/**
 * ListEndpoints, Pinion's extension (GET /v1/apps/{id}/endpoints): not in the SDK, so it is called
 * with hand-signed requests; the endpoints it lists are written with the real SDK.
 */

let server: PinionProcess;
let pinpoint: PinpointClient;
let iam: IAMClient;
let appId: string;
const clients: { destroy(): void }[] = [];

// 30 endpoints with ids in an order unlike their write order.
const ids = Array.from({ length: 30 }, (_, i) => `ep-${String((i * 7) % 30).padStart(2, '0')}`);
const sortedIds = [...ids].sort();

function itemFor(id: string): EndpointBatchItem {
  const n = Number(id.slice(3));
  return {
    Id: id,
    ChannelType: n % 3 === 0 ? 'EMAIL' : n % 3 === 1 ? 'SMS' : 'GCM',
    Address: n % 3 === 0 ? `${id}@example.com` : n % 3 === 1 ? `+1206555${String(1000 + n)}` : `token-${id}`,
    OptOut: n % 5 === 0 ? 'ALL' : 'NONE',
    EndpointStatus: n % 4 === 0 ? 'INACTIVE' : 'ACTIVE',
    Attributes: { parity: [n % 2 === 0 ? 'even' : 'odd'], tens: [`t${Math.floor(n / 10)}`, 'any'] },
    User: { UserId: `user-${n % 6}` },
  };
}
const numberOf = (id: string) => Number(id.slice(3));

before(async () => {
  server = await startPinion();
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  clients.push(pinpoint, iam);
  appId = await newApp(pinpoint, 'listed');
  await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: ids.map(itemFor) } }));
});
after(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

describe('ListEndpoints', () => {
  test('answers every endpoint in id order, as GetEndpoint answers it', async () => {
    const page = await listEndpoints(server, appId);
    assert.deepEqual(page.Item.map((e) => e.Id), sortedIds);
    assert.equal(page.NextToken, undefined);
    for (const id of ['ep-00', 'ep-07', 'ep-29']) {
      const got = (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse;
      assert.deepEqual(page.Item.find((e) => e.Id === id), JSON.parse(JSON.stringify(got)));
    }
  });

  test('pages of page-size walk every endpoint once; a token resumes after the last id', async () => {
    const { ids: walked, pages } = await listAllIds(server, appId, { 'page-size': '7' });
    assert.deepEqual(walked, sortedIds);
    assert.equal(pages, 5);
    const first = await listEndpoints(server, appId, { 'page-size': '7' });
    assert.equal(first.Item.length, 7);
    assert.ok(first.NextToken);
    const second = await listEndpoints(server, appId, { 'page-size': '7', token: first.NextToken! });
    assert.deepEqual(second.Item.map((e) => e.Id), sortedIds.slice(7, 14));
    const exact = await listEndpoints(server, appId, { 'page-size': '30' });
    assert.equal(exact.Item.length, 30);
    assert.equal(exact.NextToken, undefined, 'no token when nothing is left');
  });

  test('filters: user-id, channel-type, opt-out, endpoint-status, attribute-name/value, and together', async () => {
    const expect = (keep: (n: number) => boolean) => sortedIds.filter((id) => keep(numberOf(id)));
    const cases: [Record<string, string>, string[]][] = [
      [{ 'user-id': 'user-2' }, expect((n) => n % 6 === 2)],
      [{ 'channel-type': 'SMS' }, expect((n) => n % 3 === 1)],
      [{ 'opt-out': 'ALL' }, expect((n) => n % 5 === 0)],
      [{ 'opt-out': 'NONE' }, expect((n) => n % 5 !== 0)],
      [{ 'endpoint-status': 'INACTIVE' }, expect((n) => n % 4 === 0)],
      [{ 'attribute-name': 'parity', 'attribute-value': 'odd' }, expect((n) => n % 2 === 1)],
      [{ 'attribute-name': 'tens', 'attribute-value': 't2' }, expect((n) => n >= 20)],
      [{ 'attribute-name': 'tens', 'attribute-value': 'any' }, sortedIds],
      [{ 'attribute-name': 'tens', 'attribute-value': 'none' }, []],
      [{ 'channel-type': 'EMAIL', 'endpoint-status': 'ACTIVE', 'attribute-name': 'parity', 'attribute-value': 'even' }, expect((n) => n % 3 === 0 && n % 4 !== 0 && n % 2 === 0)],
      [{ 'user-id': 'nobody' }, []],
    ];
    for (const [query, expected] of cases) {
      assert.deepEqual((await listEndpoints(server, appId, query)).Item.map((e) => e.Id), expected, JSON.stringify(query));
      assert.deepEqual((await listAllIds(server, appId, { ...query, 'page-size': '2' })).ids, expected, `${JSON.stringify(query)} in pages of 2`);
    }
  });

  test('bad parameters are 400; a missing app is 404', async () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ 'page-size': '0' }, /page-size/],
      [{ 'page-size': '1001' }, /page-size/],
      [{ 'page-size': 'ten' }, /page-size/],
      [{ token: 'not-a-token' }, /token/],
      [{ 'opt-out': 'SOME' }, /opt-out/],
      [{ 'endpoint-status': 'GONE' }, /endpoint-status/],
      [{ 'channel-type': 'PIGEON' }, /channel-type|ChannelType|enum/i],
      [{ 'attribute-name': 'parity' }, /attribute-value/],
      [{ 'attribute-value': 'odd' }, /attribute-name/],
    ];
    for (const [query, message] of bad) {
      const response = await rawCall(server, 'GET', `/v1/apps/${appId}/endpoints`, undefined, { query });
      assertRawError(response, 400, 'BadRequestException', message);
    }
    assertRawError(await rawCall(server, 'GET', `/v1/apps/${'0'.repeat(32)}/endpoints`), 404, 'NotFoundException', /^Application not found$/);
    const empty = await newApp(pinpoint, 'empty');
    assert.deepEqual(await listEndpoints(server, empty), { Item: [] });
  });

  test('an endpoint written during a listing: the token resumes after the last id, so later ids are still found', async () => {
    const app = await newApp(pinpoint, 'moving');
    const items = ['b', 'd', 'f', 'h'].map((Id) => ({ Id, ChannelType: 'GCM' as const, Address: Id }));
    await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: app, EndpointBatchRequest: { Item: items } }));
    const first = await listEndpoints(server, app, { 'page-size': '2' });
    assert.deepEqual(first.Item.map((e) => e.Id), ['b', 'd']);
    await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: app, EndpointBatchRequest: { Item: [{ Id: 'a', ChannelType: 'GCM', Address: 'a' }, { Id: 'e', ChannelType: 'GCM', Address: 'e' }] } }));
    const rest = await listEndpoints(server, app, { 'page-size': '10', token: first.NextToken! });
    assert.deepEqual(rest.Item.map((e) => e.Id), ['e', 'f', 'h']);
  });
});

describe('ListEndpoints authorization', () => {
  async function pinpointFor(user: string, resource: string): Promise<{ pinpoint: PinpointClient; credentials: { accessKeyId: string; secretAccessKey: string } }> {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetEndpoint', Resource: resource }] };
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'read-endpoints', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(client);
    return { pinpoint: client, credentials };
  }

  test('GetEndpoint on apps/<id>/endpoints/* may list; GetEndpoint on one endpoint may not', async () => {
    const arn = `arn:aws:mobiletargeting:us-east-1:${server.accountId}:apps/${appId}`;
    const all = await pinpointFor('endpoint-reader-all', `${arn}/endpoints/*`);
    const page = await listEndpoints(server, appId, { 'page-size': '3' }, { credentials: all.credentials });
    assert.deepEqual(page.Item.map((e) => e.Id), sortedIds.slice(0, 3));

    const one = await pinpointFor('endpoint-reader-one', `${arn}/endpoints/ep-01`);
    // The narrow policy does allow reading its endpoint, so the credentials themselves work.
    assert.equal((await one.pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'ep-01' }))).EndpointResponse!.Id, 'ep-01');
    await rejectsWith(one.pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'ep-02' })), 'AccessDeniedException', 403);
    const denied = await rawCall(server, 'GET', `/v1/apps/${appId}/endpoints`, undefined, { credentials: one.credentials });
    assertRawError(denied, 403, 'AccessDeniedException', /mobiletargeting:GetEndpoint/);
    assert.doesNotMatch(denied.text, /ep-0/, 'no endpoint leaks into the refusal');

    // A policy on another project's endpoints does not reach this one.
    const other = await newApp(pinpoint, 'other');
    const elsewhere = await pinpointFor('endpoint-reader-elsewhere', `arn:aws:mobiletargeting:us-east-1:${server.accountId}:apps/${other}/endpoints/*`);
    assertRawError(await rawCall(server, 'GET', `/v1/apps/${appId}/endpoints`, undefined, { credentials: elsewhere.credentials }), 403, 'AccessDeniedException');
    assert.deepEqual(await listEndpoints(server, other, {}, { credentials: elsewhere.credentials }), { Item: [] });
  });
});

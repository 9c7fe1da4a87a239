import {
  DeleteAppCommand,
  DeleteEndpointCommand,
  DeleteUserEndpointsCommand,
  GetEndpointCommand,
  GetUserEndpointsCommand,
  PinpointClient,
  UpdateEndpointCommand,
  UpdateEndpointsBatchCommand,
} from '@aws-sdk/client-pinpoint';
import type { EndpointRequest } from '@aws-sdk/client-pinpoint';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startPinion } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { endpointOrUndefined, newApp } from '../helpers/pinpoint-fixtures.ts';

/**
 * Endpoints and users through the real @aws-sdk/client-pinpoint: create-or-update and its merge
 * rules, reads and deletes, addresses, duplicate addresses and the per-user limit.
 * Quotas and bad input are in sdk-endpoints-validation.test.ts, ListEndpoints in sdk-list-endpoints.test.ts.
 */

let server: PinionProcess;
let pinpoint: PinpointClient;
const missingApp = '0'.repeat(32);
const isoMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

before(async () => {
  server = await startPinion();
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
});
after(async () => {
  pinpoint.destroy();
  await server.stop();
});

function update(appId: string, id: string, request: EndpointRequest) {
  return pinpoint.send(new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: id, EndpointRequest: request }));
}
async function get(appId: string, id: string) {
  return (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse!;
}

describe('UpdateEndpoint and GetEndpoint', () => {
  test('UpdateEndpoint answers 202 Accepted with the request id; GetEndpoint answers the full endpoint', async () => {
    const appId = await newApp(pinpoint);
    const startedAt = Date.now();
    const out = await update(appId, 'ep-1', {
      ChannelType: 'SMS',
      Address: '+12065550100',
      Attributes: { interests: ['music', 'books'] },
      Metrics: { visits: 3 },
      Demographic: { Make: 'Apple', Model: 'iPhone', Locale: 'en_US', Timezone: 'America/Los_Angeles' },
      Location: { City: 'Seattle', Country: 'US', Latitude: 47.6, Longitude: -122.3 },
      User: { UserId: 'user-1', UserAttributes: { plan: ['pro'] } },
    });
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.equal(out.MessageBody!.Message, 'Accepted');
    assert.equal(typeof out.MessageBody!.RequestID, 'string');
    assert.equal(out.MessageBody!.RequestID, out.$metadata.requestId, 'the body names the request id of the response header');

    const endpoint = await get(appId, 'ep-1');
    const { CreationDate, EffectiveDate, CohortId, RequestId, ...rest } = endpoint;
    assert.deepEqual(rest, {
      ApplicationId: appId,
      Id: 'ep-1',
      ChannelType: 'SMS',
      Address: '+12065550100',
      Attributes: { interests: ['music', 'books'] },
      Metrics: { visits: 3 },
      Demographic: { Make: 'Apple', Model: 'iPhone', Locale: 'en_US', Timezone: 'America/Los_Angeles' },
      Location: { City: 'Seattle', Country: 'US', Latitude: 47.6, Longitude: -122.3 },
      User: { UserId: 'user-1', UserAttributes: { plan: ['pro'] } },
      EndpointStatus: 'ACTIVE',
      OptOut: 'NONE',
    });
    assert.match(CreationDate!, isoMillis);
    assert.match(EffectiveDate!, isoMillis);
    assert.ok(Date.parse(CreationDate!) >= startedAt - 1000 && Date.parse(CreationDate!) <= Date.now() + 1000);
    assert.ok(Math.abs(Date.parse(EffectiveDate!) - Date.parse(CreationDate!)) < 5000, 'EffectiveDate defaults to now');
    assert.match(CohortId!, /^(\d|[1-9]\d)$/);
    assert.equal(RequestId, out.MessageBody!.RequestID, 'RequestId is the id of the request that last updated the endpoint');
  });

  test('RequestId is the id of the API request that last updated the endpoint, unless the request gives its own', async () => {
    const appId = await newApp(pinpoint);
    const first = await update(appId, 'r', { ChannelType: 'GCM', Address: 'token-r' });
    assert.equal((await get(appId, 'r')).RequestId, first.$metadata.requestId);
    const second = await update(appId, 'r', { Attributes: { n: ['2'] } });
    assert.notEqual(second.$metadata.requestId, first.$metadata.requestId);
    assert.equal((await get(appId, 'r')).RequestId, second.$metadata.requestId, 'an update without RequestId takes its own request id');
    await update(appId, 'r', { RequestId: 'client-request-1' });
    assert.equal((await get(appId, 'r')).RequestId, 'client-request-1', 'a RequestId given is kept as given');
    const fourth = await update(appId, 'r', { Attributes: { n: ['4'] } });
    assert.equal((await get(appId, 'r')).RequestId, fourth.$metadata.requestId, 'the next update without one replaces it');
    await get(appId, 'r');
    assert.equal((await get(appId, 'r')).RequestId, fourth.$metadata.requestId, 'reading does not change it');

    const batch = await pinpoint.send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: { Item: [{ Id: 'r', Attributes: { n: ['5'] } }, { Id: 'b-new', ChannelType: 'GCM', Address: 'token-b' }, { Id: 'b-own', ChannelType: 'GCM', Address: 'token-o', RequestId: 'client-request-2' }] },
      }),
    );
    assert.equal(batch.MessageBody!.RequestID, batch.$metadata.requestId);
    assert.deepEqual(
      await Promise.all(['r', 'b-new', 'b-own'].map(async (id) => (await get(appId, id)).RequestId)),
      [batch.$metadata.requestId, batch.$metadata.requestId, 'client-request-2'],
    );
  });

  test('fields given replace stored ones; maps are merged by name; [] removes an attribute; nested objects merge by field', async () => {
    const appId = await newApp(pinpoint);
    await update(appId, 'm', {
      ChannelType: 'EMAIL',
      Address: 'old@example.com',
      Attributes: { a: ['1'], b: ['2'], gone: ['x'] },
      Metrics: { m1: 1, m2: 2 },
      Demographic: { Make: 'Apple', Model: 'iPhone' },
      Location: { City: 'Paris', Country: 'FR' },
      User: { UserId: 'u', UserAttributes: { tier: ['gold'], region: ['eu'] } },
    });
    await update(appId, 'm', {
      Address: 'new@example.com',
      Attributes: { b: ['3', '4'], c: ['5'], gone: [] },
      Metrics: { m2: 20.5, m3: -1 },
      Demographic: { Model: 'iPad', Locale: 'fr_FR' },
      Location: { PostalCode: '75001' },
      User: { UserAttributes: { tier: ['silver'] } },
    });
    const endpoint = await get(appId, 'm');
    assert.equal(endpoint.ChannelType, 'EMAIL', 'a field left out keeps its value');
    assert.equal(endpoint.Address, 'new@example.com');
    assert.deepEqual(endpoint.Attributes, { a: ['1'], b: ['3', '4'], c: ['5'] });
    assert.deepEqual(endpoint.Metrics, { m1: 1, m2: 20.5, m3: -1 });
    assert.deepEqual(endpoint.Demographic, { Make: 'Apple', Model: 'iPad', Locale: 'fr_FR' });
    assert.deepEqual(endpoint.Location, { City: 'Paris', Country: 'FR', PostalCode: '75001' });
    assert.deepEqual(endpoint.User, { UserId: 'u', UserAttributes: { tier: ['silver'], region: ['eu'] } });
  });

  test('CreationDate and OptOut are kept across updates; EndpointStatus is ACTIVE unless given; EffectiveDate is the request\'s or now', async () => {
    const appId = await newApp(pinpoint);
    await update(appId, 'k', { ChannelType: 'GCM', Address: 'token-k', OptOut: 'ALL', EndpointStatus: 'INACTIVE', EffectiveDate: '2024-01-02T03:04:05.000Z' });
    const first = await get(appId, 'k');
    assert.equal(first.OptOut, 'ALL');
    assert.equal(first.EndpointStatus, 'INACTIVE');
    assert.equal(first.EffectiveDate, '2024-01-02T03:04:05.000Z');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await update(appId, 'k', { Attributes: { x: ['y'] } });
    const second = await get(appId, 'k');
    assert.equal(second.CreationDate, first.CreationDate);
    assert.equal(second.OptOut, 'ALL', 'OptOut is kept unless given');
    assert.equal(second.EndpointStatus, 'ACTIVE', 'an update without EndpointStatus makes the endpoint ACTIVE');
    assert.ok(Date.parse(second.EffectiveDate!) > Date.parse('2025-01-01T00:00:00Z'), `EffectiveDate is now, got ${second.EffectiveDate}`);
    await update(appId, 'k', { OptOut: 'NONE' });
    assert.equal((await get(appId, 'k')).OptOut, 'NONE');
  });

  test('CohortId is stable for an id, the same in every project, and spreads ids over 0..99', async () => {
    const [a, b] = [await newApp(pinpoint), await newApp(pinpoint)];
    await update(a, 'same-id', { ChannelType: 'GCM', Address: 't1' });
    await update(b, 'same-id', { ChannelType: 'APNS', Address: 't2' });
    const cohort = (await get(a, 'same-id')).CohortId;
    await update(a, 'same-id', { Attributes: { n: ['1'] } });
    assert.equal((await get(a, 'same-id')).CohortId, cohort);
    assert.equal((await get(b, 'same-id')).CohortId, cohort);
    const ids = Array.from({ length: 100 }, (_, i) => `cohort-${i}`);
    await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: a, EndpointBatchRequest: { Item: ids.map((Id) => ({ Id, ChannelType: 'GCM', Address: Id })) } }));
    const cohorts = new Set<string>();
    for (const id of ids.slice(0, 40)) {
      const value = (await get(a, id)).CohortId!;
      assert.ok(Number(value) >= 0 && Number(value) <= 99 && String(Number(value)) === value, value);
      cohorts.add(value);
    }
    assert.ok(cohorts.size >= 20, `40 ids fall in only ${cohorts.size} cohorts`);
  });

  test('GetEndpoint: 404 "Resource not found" for a missing endpoint, "Application not found" for a missing app', async () => {
    const appId = await newApp(pinpoint);
    await rejectsWith(pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'nope' })), 'NotFoundException', 404, /^Resource not found$/);
    await rejectsWith(pinpoint.send(new GetEndpointCommand({ ApplicationId: missingApp, EndpointId: 'nope' })), 'NotFoundException', 404, /^Application not found$/);
  });

  test('UpdateEndpointsBatch answers 202 Accepted and writes every item', async () => {
    const appId = await newApp(pinpoint);
    const out = await pinpoint.send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: { Item: [{ Id: 'b1', ChannelType: 'EMAIL', Address: 'b1@example.com' }, { Id: 'b2', ChannelType: 'SMS', Address: '+447700900123', OptOut: 'ALL' }] },
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.equal(out.MessageBody!.Message, 'Accepted');
    assert.equal(out.MessageBody!.RequestID, out.$metadata.requestId);
    assert.equal((await get(appId, 'b1')).Address, 'b1@example.com');
    const b2 = await get(appId, 'b2');
    assert.deepEqual([b2.ChannelType, b2.Address, b2.OptOut, b2.EndpointStatus], ['SMS', '+447700900123', 'ALL', 'ACTIVE']);
  });
});

describe('DeleteEndpoint', () => {
  test('returns the deleted endpoint; afterwards GetEndpoint and a second delete are 404', async () => {
    const appId = await newApp(pinpoint);
    await update(appId, 'del', { ChannelType: 'EMAIL', Address: 'del@example.com', Attributes: { k: ['v'] }, User: { UserId: 'du' } });
    const before = await get(appId, 'del');
    const out = await pinpoint.send(new DeleteEndpointCommand({ ApplicationId: appId, EndpointId: 'del' }));
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.deepEqual(out.EndpointResponse, before);
    await rejectsWith(pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'del' })), 'NotFoundException', 404, /^Resource not found$/);
    await rejectsWith(pinpoint.send(new DeleteEndpointCommand({ ApplicationId: appId, EndpointId: 'del' })), 'NotFoundException', 404);
    await rejectsWith(pinpoint.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'du' })), 'NotFoundException', 404);
  });
});

describe('users', () => {
  test('GetUserEndpoints answers the user\'s endpoints oldest first; DeleteUserEndpoints deletes and answers them', async () => {
    const appId = await newApp(pinpoint);
    // Created in an order unlike id order.
    for (const id of ['u-c', 'u-a', 'u-b']) {
      await update(appId, id, { ChannelType: 'EMAIL', Address: `${id}@example.com`, User: { UserId: 'alice' } });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await update(appId, 'other', { ChannelType: 'EMAIL', Address: 'bob@example.com', User: { UserId: 'bob' } });
    await update(appId, 'u-c', { Attributes: { touched: ['later'] } }); // an update does not make it younger
    const got = await pinpoint.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'alice' }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    const items = got.EndpointsResponse!.Item!;
    assert.deepEqual(items.map((e) => e.Id), ['u-c', 'u-a', 'u-b']);
    for (const item of items) {
      assert.equal(item.ApplicationId, appId);
      assert.equal(item.User!.UserId, 'alice');
      assert.deepEqual(item, await get(appId, item.Id!));
    }

    const deleted = await pinpoint.send(new DeleteUserEndpointsCommand({ ApplicationId: appId, UserId: 'alice' }));
    assert.equal(deleted.$metadata.httpStatusCode, 202);
    assert.deepEqual(deleted.EndpointsResponse!.Item, items);
    for (const id of ['u-a', 'u-b', 'u-c']) assert.equal(await endpointOrUndefined(pinpoint, appId, id), undefined, id);
    assert.equal((await get(appId, 'other')).User!.UserId, 'bob', 'another user\'s endpoint is kept');
    await rejectsWith(pinpoint.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'alice' })), 'NotFoundException', 404, /^Resource not found$/);
    await rejectsWith(pinpoint.send(new DeleteUserEndpointsCommand({ ApplicationId: appId, UserId: 'alice' })), 'NotFoundException', 404, /^Resource not found$/);
  });

  test('moving an endpoint to another user id moves it between the users\' lists', async () => {
    const appId = await newApp(pinpoint);
    await update(appId, 'mv', { ChannelType: 'GCM', Address: 'mv-token', User: { UserId: 'first' } });
    await update(appId, 'mv', { User: { UserId: 'second' } });
    await rejectsWith(pinpoint.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'first' })), 'NotFoundException', 404);
    const items = (await pinpoint.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'second' }))).EndpointsResponse!.Item!;
    assert.deepEqual(items.map((e) => e.Id), ['mv']);
  });
});

describe('a missing project', () => {
  test('every endpoint and user operation on a missing app is 404', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['UpdateEndpoint', () => update(missingApp, 'x', { ChannelType: 'GCM', Address: 't' })],
      ['UpdateEndpointsBatch', () => pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: missingApp, EndpointBatchRequest: { Item: [{ Id: 'x', ChannelType: 'GCM', Address: 't' }] } }))],
      ['GetEndpoint', () => pinpoint.send(new GetEndpointCommand({ ApplicationId: missingApp, EndpointId: 'x' }))],
      ['DeleteEndpoint', () => pinpoint.send(new DeleteEndpointCommand({ ApplicationId: missingApp, EndpointId: 'x' }))],
      ['GetUserEndpoints', () => pinpoint.send(new GetUserEndpointsCommand({ ApplicationId: missingApp, UserId: 'u' }))],
      ['DeleteUserEndpoints', () => pinpoint.send(new DeleteUserEndpointsCommand({ ApplicationId: missingApp, UserId: 'u' }))],
    ];
    for (const [name, call] of calls) {
      await assert.rejects(call(), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'NotFoundException', name);
        assert.equal(error.$metadata?.httpStatusCode, 404, name);
        assert.equal(error.message, 'Application not found', name);
        return true;
      });
    }
  });

  test('deleting the app deletes its endpoints', async () => {
    const appId = await newApp(pinpoint);
    await update(appId, 'doomed', { ChannelType: 'GCM', Address: 'doomed-token', User: { UserId: 'doomed-user' } });
    await pinpoint.send(new DeleteAppCommand({ ApplicationId: appId }));
    await rejectsWith(pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'doomed' })), 'NotFoundException', 404, /^Application not found$/);
    await rejectsWith(pinpoint.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'doomed-user' })), 'NotFoundException', 404, /^Application not found$/);
  });
});

describe('addresses', () => {
  test('SMS and VOICE need E.164; EMAIL an addr-spec; other channels are free', async () => {
    const appId = await newApp(pinpoint);
    const good: EndpointRequest[] = [
      { ChannelType: 'SMS', Address: '+12065550100' },
      { ChannelType: 'SMS', Address: '+44' }, // + and 2 digits
      { ChannelType: 'VOICE', Address: '+123456789012345' }, // 15 digits
      { ChannelType: 'EMAIL', Address: 'first.last+tag@sub.example.co.uk' },
      { ChannelType: 'EMAIL', Address: '"quoted local"@example.com' },
      { ChannelType: 'GCM', Address: 'anything at all, even spaces: 2065550100' },
      { ChannelType: 'APNS', Address: 'not a phone' },
      { ChannelType: 'CUSTOM', Address: 'https://hooks.example.com/x?y=1' },
    ];
    for (const [i, request] of good.entries()) {
      await update(appId, `good-${i}`, request);
      assert.equal((await get(appId, `good-${i}`)).Address, request.Address);
    }
    const bad: EndpointRequest[] = [
      { ChannelType: 'SMS', Address: '2065550100' },
      { ChannelType: 'SMS', Address: '+1' },
      { ChannelType: 'SMS', Address: '+1206555010x' },
      { ChannelType: 'VOICE', Address: '+1234567890123456' }, // 16 digits
      { ChannelType: 'EMAIL', Address: 'not-an-email' },
      { ChannelType: 'EMAIL', Address: 'Bob <bob@example.com>' },
      { ChannelType: 'EMAIL', Address: 'two@@example.com' },
    ];
    for (const [i, request] of bad.entries()) {
      await rejectsWith(update(appId, `bad-${i}`, request), 'BadRequestException', 400, /Address/);
      assert.equal(await endpointOrUndefined(pinpoint, appId, `bad-${i}`), undefined, `bad-${i} was not written`);
    }
  });

  test('an address change on a stored SMS endpoint is validated against SMS', async () => {
    const appId = await newApp(pinpoint);
    await update(appId, 'sms', { ChannelType: 'SMS', Address: '+12065550100' });
    await rejectsWith(update(appId, 'sms', { Address: 'not-a-number' }), 'BadRequestException', 400, /Address.*SMS|SMS.*Address/);
    assert.equal((await get(appId, 'sms')).Address, '+12065550100');
    // Changing the channel with the address makes the pair valid again.
    await update(appId, 'sms', { ChannelType: 'EMAIL', Address: 'moved@example.com' });
    assert.equal((await get(appId, 'sms')).ChannelType, 'EMAIL');
    // A stored address that does not suit a new channel is refused.
    await rejectsWith(update(appId, 'sms', { ChannelType: 'VOICE' }), 'BadRequestException', 400, /Address/);
  });
});

describe('the same address on two endpoints', () => {
  test('writing an endpoint ACTIVE makes the other ACTIVE endpoint with the same channel and address INACTIVE', async () => {
    const appId = await newApp(pinpoint);
    const otherApp = await newApp(pinpoint);
    await update(appId, 'old', { ChannelType: 'EMAIL', Address: 'shared@example.com' });
    await update(appId, 'voice', { ChannelType: 'VOICE', Address: '+12065550100' });
    await update(appId, 'sms-twin', { ChannelType: 'SMS', Address: '+12065550100' });
    await update(otherApp, 'old', { ChannelType: 'EMAIL', Address: 'shared@example.com' });

    await update(appId, 'new', { ChannelType: 'EMAIL', Address: 'shared@example.com', EndpointStatus: 'INACTIVE' });
    assert.equal((await get(appId, 'old')).EndpointStatus, 'ACTIVE', 'an INACTIVE write retires nothing');

    await update(appId, 'new', { ChannelType: 'EMAIL', Address: 'shared@example.com' });
    assert.equal((await get(appId, 'old')).EndpointStatus, 'INACTIVE');
    assert.equal((await get(appId, 'new')).EndpointStatus, 'ACTIVE');
    assert.equal((await get(appId, 'voice')).EndpointStatus, 'ACTIVE', 'the same number on another channel is untouched');
    assert.equal((await get(appId, 'sms-twin')).EndpointStatus, 'ACTIVE');
    assert.equal((await get(otherApp, 'old')).EndpointStatus, 'ACTIVE', 'another project is untouched');

    await update(appId, 'old', { Attributes: { back: ['yes'] } });
    assert.equal((await get(appId, 'old')).EndpointStatus, 'ACTIVE');
    assert.equal((await get(appId, 'new')).EndpointStatus, 'INACTIVE', 'the last one written wins');
  });

  test('within one batch the earlier item goes INACTIVE', async () => {
    const appId = await newApp(pinpoint);
    await pinpoint.send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: {
          Item: [
            { Id: 'first', ChannelType: 'SMS', Address: '+33612345678' },
            { Id: 'unrelated', ChannelType: 'SMS', Address: '+33612345679' },
            { Id: 'second', ChannelType: 'SMS', Address: '+33612345678' },
          ],
        },
      }),
    );
    assert.equal((await get(appId, 'first')).EndpointStatus, 'INACTIVE');
    assert.equal((await get(appId, 'second')).EndpointStatus, 'ACTIVE');
    assert.equal((await get(appId, 'unrelated')).EndpointStatus, 'ACTIVE');
  });
});

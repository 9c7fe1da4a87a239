import { DeleteEndpointCommand, GetEndpointCommand, GetUserEndpointsCommand, PinpointClient, RemoveAttributesCommand, UpdateEndpointCommand, UpdateEndpointsBatchCommand } from '@aws-sdk/client-pinpoint';
import type { ChannelType, EndpointBatchItem, EndpointRequest } from '@aws-sdk/client-pinpoint';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startPinion } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { assertRawError, endpointOrUndefined, newApp, rawCall } from '../helpers/pinpoint-fixtures.ts';

/**
 * Endpoint quotas and bad input through the real @aws-sdk/client-pinpoint (and raw signed
 * requests for what the SDK will not send): the per-user limit, the per-project attribute-name
 * quota, size and shape limits, and RemoveAttributes.
 */

let server: PinionProcess;
let pinpoint: PinpointClient;

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
function batch(appId: string, items: EndpointBatchItem[]) {
  return pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: items } }));
}
async function get(appId: string, id: string) {
  return (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse!;
}
async function statusOf(appId: string, id: string): Promise<string | undefined> {
  return (await get(appId, id)).EndpointStatus;
}
/** The ids GetUserEndpoints answers for the user, sorted; [] when it answers 404. */
async function userEndpointIds(appId: string, userId: string): Promise<string[]> {
  try {
    const out = await pinpoint.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: userId }));
    return out.EndpointsResponse!.Item!.map((endpoint) => endpoint.Id!).sort();
  } catch (error) {
    if ((error as Error).name === 'NotFoundException') return [];
    throw error;
  }
}
const range = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

describe('at most 15 endpoints per user, whatever their status', () => {
  const userLimit = /^Exceeded maximum endpoint per user count/;

  test('a 16th endpoint of SMS, PUSH, VOICE, EMAIL, CUSTOM or IN_APP is 400 with Reason ENDPOINTS_PER_USER_LIMIT_EXCEEDED even when the user has push endpoints; nothing is written', async () => {
    const appId = await newApp(pinpoint);
    // 10 SMS and 5 GCM: push endpoints to retire exist, so only the channel can explain a refusal.
    await batch(appId, [
      ...range(10, 'sms-').map((Id, i): EndpointBatchItem => ({ Id, ChannelType: 'SMS', Address: `+1206555${String(1000 + i)}`, User: { UserId: 'busy' } })),
      ...range(5, 'gcm-').map((Id): EndpointBatchItem => ({ Id, ChannelType: 'GCM', Address: `token-${Id}`, User: { UserId: 'busy' } })),
    ]);
    const sixteenth: [ChannelType, string][] = [['SMS', '+12065559999'], ['PUSH', 'push-token'], ['VOICE', '+12065559998'], ['EMAIL', 'x@example.com'], ['CUSTOM', 'c'], ['IN_APP', 'inapp']];
    for (const [channel, address] of sixteenth) {
      await rejectsWith(update(appId, `sixteenth-${channel}`, { ChannelType: channel, Address: address, User: { UserId: 'busy' } }), 'BadRequestException', 400, userLimit);
      assert.equal(await endpointOrUndefined(pinpoint, appId, `sixteenth-${channel}`), undefined, channel);
    }
    const raw = await rawCall(server, 'PUT', `/v1/apps/${appId}/endpoints/sixteenth-raw`, { ChannelType: 'EMAIL', Address: 'raw@example.com', User: { UserId: 'busy' } });
    assertRawError(raw, 400, 'BadRequestException', /^Exceeded maximum endpoint per user count: the user would have 16 endpoints; the limit is 15$/);
    assert.equal(raw.json?.Reason, 'ENDPOINTS_PER_USER_LIMIT_EXCEEDED', raw.text);
    assert.deepEqual(await userEndpointIds(appId, 'busy'), [...range(10, 'sms-'), ...range(5, 'gcm-')].sort(), 'nothing was retired');
    for (const id of [...range(10, 'sms-'), ...range(5, 'gcm-')]) assert.equal(await statusOf(appId, id), 'ACTIVE', id);
    // An update of one of the 15 is not a 16th; another user is not limited by this one.
    await update(appId, 'sms-000', { Attributes: { still: ['fine'] } });
    await update(appId, 'elsewhere', { ChannelType: 'EMAIL', Address: 'e@example.com', User: { UserId: 'someone-else' } });
    // Moving an endpoint of another user to the full one is a 16th too.
    await rejectsWith(update(appId, 'elsewhere', { User: { UserId: 'busy' } }), 'BadRequestException', 400, userLimit);
    assert.equal((await get(appId, 'elsewhere')).User?.UserId, 'someone-else');
    // A refused batch writes none of its items.
    await rejectsWith(
      batch(appId, [{ Id: 'fine-alone', ChannelType: 'EMAIL', Address: 'fine@example.com', User: { UserId: 'someone-else' } }, { Id: 'too-many', ChannelType: 'EMAIL', Address: 'tm@example.com', User: { UserId: 'busy' } }]),
      'BadRequestException',
      400,
      userLimit,
    );
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'fine-alone'), undefined);
  });

  test('INACTIVE endpoints count: a user with 15, some INACTIVE, cannot take a 16th, INACTIVE or not', async () => {
    const appId = await newApp(pinpoint);
    await batch(appId, range(15, 'mail-').map((Id, i) => ({ Id, ChannelType: 'EMAIL', Address: `${Id}@example.com`, EndpointStatus: i % 3 === 0 ? 'INACTIVE' : 'ACTIVE', User: { UserId: 'sleepy' } })));
    assert.equal(await statusOf(appId, 'mail-000'), 'INACTIVE');
    await rejectsWith(update(appId, 'parked', { ChannelType: 'EMAIL', Address: 'parked@example.com', EndpointStatus: 'INACTIVE', User: { UserId: 'sleepy' } }), 'BadRequestException', 400, userLimit);
    await rejectsWith(update(appId, 'awake', { ChannelType: 'SMS', Address: '+12065550123', User: { UserId: 'sleepy' } }), 'BadRequestException', 400, userLimit);
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'parked'), undefined);
    // Reactivating one of the user's own INACTIVE endpoints is not a 16th.
    await update(appId, 'mail-000', { EndpointStatus: 'ACTIVE' });
    assert.equal(await statusOf(appId, 'mail-000'), 'ACTIVE');
    // Fourteen: room for one, of any status.
    await pinpoint.send(new DeleteEndpointCommand({ ApplicationId: appId, EndpointId: 'mail-003' }));
    await update(appId, 'parked', { ChannelType: 'EMAIL', Address: 'parked@example.com', EndpointStatus: 'INACTIVE', User: { UserId: 'sleepy' } });
    await rejectsWith(update(appId, 'awake', { ChannelType: 'SMS', Address: '+12065550123', User: { UserId: 'sleepy' } }), 'BadRequestException', 400, userLimit);
  });

  test('a 16th push endpoint retires the user\'s push endpoint with the oldest EffectiveDate: INACTIVE, without its UserId; EMAIL is never retired', async () => {
    const appId = await newApp(pinpoint);
    // The EMAIL endpoint is the oldest of all and is kept. The push endpoints are created in id
    // order with EffectiveDates in the opposite order (dev-013 is the oldest, and INACTIVE): only
    // EffectiveDate can explain which one goes.
    await update(appId, 'aa-mail', { ChannelType: 'EMAIL', Address: 'oldest@example.com', EffectiveDate: '2020-01-01T00:00:00.000Z', User: { UserId: 'phone-owner' } });
    const devices = range(14, 'dev-');
    const channels: ChannelType[] = ['APNS', 'GCM', 'ADM', 'BAIDU', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX'];
    for (const [i, id] of devices.entries()) {
      await update(appId, id, {
        ChannelType: channels[i % channels.length],
        Address: `token-${id}`,
        EffectiveDate: `2024-01-${String(30 - i).padStart(2, '0')}T00:00:00.000Z`,
        ...(i === 13 ? { EndpointStatus: 'INACTIVE' } : {}),
        User: { UserId: 'phone-owner', UserAttributes: { kind: ['device'] } },
      });
    }
    assert.equal((await userEndpointIds(appId, 'phone-owner')).length, 15);

    await update(appId, 'new-phone', { ChannelType: 'GCM', Address: 'token-new', User: { UserId: 'phone-owner' } });
    const retired = await get(appId, 'dev-013');
    assert.equal(retired.EndpointStatus, 'INACTIVE');
    assert.equal(retired.User?.UserId, undefined, 'the retired endpoint loses its UserId');
    assert.deepEqual(retired.User?.UserAttributes, { kind: ['device'] }, 'and keeps the rest of User');
    assert.equal(retired.Address, 'token-dev-013');
    assert.equal(await statusOf(appId, 'new-phone'), 'ACTIVE');
    assert.equal(await statusOf(appId, 'aa-mail'), 'ACTIVE');
    const members = await userEndpointIds(appId, 'phone-owner');
    assert.equal(members.length, 15);
    assert.ok(!members.includes('dev-013') && members.includes('new-phone') && members.includes('aa-mail'), members.join(', '));

    // Each further push channel retires the next oldest by EffectiveDate.
    const next: [ChannelType, string][] = [['APNS_SANDBOX', 'sandbox'], ['BAIDU', 'baidu'], ['ADM', 'adm'], ['APNS_VOIP', 'voip'], ['APNS_VOIP_SANDBOX', 'voip-sandbox'], ['APNS', 'apns']];
    for (const [channel, id] of next) {
      await update(appId, id, { ChannelType: channel, Address: `token-${id}`, User: { UserId: 'phone-owner' } });
      assert.equal(await statusOf(appId, id), 'ACTIVE', channel);
    }
    const gone = ['dev-012', 'dev-011', 'dev-010', 'dev-009', 'dev-008', 'dev-007'];
    for (const id of gone) {
      const endpoint = await get(appId, id);
      assert.deepEqual([endpoint.EndpointStatus, endpoint.User?.UserId], ['INACTIVE', undefined], id);
    }
    assert.deepEqual(await userEndpointIds(appId, 'phone-owner'), ['aa-mail', ...devices.slice(0, 7), 'new-phone', ...next.map(([, id]) => id)].sort());
    for (const id of devices.slice(0, 7)) assert.equal(await statusOf(appId, id), 'ACTIVE', id);

    // Pinpoint: a retired endpoint is re-enabled by making it ACTIVE with its UserId again; it
    // joins the full user as any push endpoint does, so the oldest other push endpoint goes.
    await update(appId, 'dev-013', { EndpointStatus: 'ACTIVE', User: { UserId: 'phone-owner' } });
    assert.equal(await statusOf(appId, 'dev-013'), 'ACTIVE');
    assert.deepEqual([(await get(appId, 'dev-006')).EndpointStatus, (await get(appId, 'dev-006')).User?.UserId], ['INACTIVE', undefined]);
    assert.equal((await userEndpointIds(appId, 'phone-owner')).length, 15);
  });

  test('a batch of push endpoints joining a full user retires as many of its oldest push endpoints', async () => {
    const appId = await newApp(pinpoint);
    await batch(appId, [
      ...range(12, 'mail-').map((Id): EndpointBatchItem => ({ Id, ChannelType: 'EMAIL', Address: `${Id}@example.com`, User: { UserId: 'family' } })),
      ...['p-old', 'p-mid', 'p-new'].map((Id, i): EndpointBatchItem => ({ Id, ChannelType: 'APNS', Address: `token-${Id}`, EffectiveDate: `2025-0${i + 1}-01T00:00:00.000Z`, User: { UserId: 'family' } })),
    ]);
    await batch(appId, [
      { Id: 'tablet', ChannelType: 'GCM', Address: 'token-tablet', User: { UserId: 'family' } },
      { Id: 'watch', ChannelType: 'APNS', Address: 'token-watch', User: { UserId: 'family' } },
    ]);
    assert.deepEqual(await Promise.all(['p-old', 'p-mid', 'p-new', 'tablet', 'watch'].map((id) => statusOf(appId, id))), ['INACTIVE', 'INACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
    assert.deepEqual(await userEndpointIds(appId, 'family'), [...range(12, 'mail-'), 'p-new', 'tablet', 'watch'].sort());
    // Four more: only three push endpoints are left to retire, so the batch is refused whole.
    const raw = await rawCall(server, 'PUT', `/v1/apps/${appId}/endpoints`, {
      Item: ['x1', 'x2', 'x3', 'x4'].map((Id) => ({ Id, ChannelType: 'BAIDU', Address: `token-${Id}`, User: { UserId: 'family' } })),
    });
    assertRawError(raw, 400, 'BadRequestException', /^Exceeded maximum endpoint per user count: the user would have 19 endpoints; the limit is 15, and it has no older push endpoint to retire$/);
    assert.equal(raw.json?.Reason, 'ENDPOINTS_PER_USER_LIMIT_EXCEEDED', raw.text);
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'x1'), undefined);
    assert.equal(await statusOf(appId, 'p-new'), 'ACTIVE');
  });

  test('a 16th push endpoint is 400 when the user has no other push endpoint to retire', async () => {
    const appId = await newApp(pinpoint);
    await batch(appId, range(15, 'mail-').map((Id) => ({ Id, ChannelType: 'EMAIL', Address: `${Id}@example.com`, User: { UserId: 'mail-only' } })));
    const push: ChannelType[] = ['ADM', 'GCM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'BAIDU'];
    for (const channel of push) {
      await rejectsWith(
        update(appId, `device-${channel}`, { ChannelType: channel, Address: `token-${channel}`, User: { UserId: 'mail-only' } }),
        'BadRequestException',
        400,
        /^Exceeded maximum endpoint per user count: the user would have 16 endpoints; the limit is 15, and it has no older push endpoint to retire$/,
      );
      assert.equal(await endpointOrUndefined(pinpoint, appId, `device-${channel}`), undefined, channel);
    }
    const raw = await rawCall(server, 'PUT', `/v1/apps/${appId}/endpoints/device-raw`, { ChannelType: 'GCM', Address: 'token-raw', User: { UserId: 'mail-only' } });
    assertRawError(raw, 400, 'BadRequestException', /no older push endpoint to retire$/);
    assert.equal(raw.json?.Reason, 'ENDPOINTS_PER_USER_LIMIT_EXCEEDED', raw.text);
    for (const id of range(15, 'mail-')) assert.equal(await statusOf(appId, id), 'ACTIVE', id);
    assert.equal((await userEndpointIds(appId, 'mail-only')).length, 15);
  });

  test('"oldest EffectiveDate" compares instants, whatever ISO-8601 form the dates were given in', async () => {
    const appId = await newApp(pinpoint);
    await batch(appId, range(13, 'mail-').map((Id) => ({ Id, ChannelType: 'EMAIL', Address: `${Id}@example.com`, User: { UserId: 'zones' } })));
    // tokyo is 2029-12-31T23:00Z, the older instant; its text sorts after london's.
    await update(appId, 'tokyo', { ChannelType: 'APNS', Address: 'token-tokyo', EffectiveDate: '2030-01-01T08:00:00+09:00', User: { UserId: 'zones' } });
    await update(appId, 'london', { ChannelType: 'APNS', Address: 'token-london', EffectiveDate: '2029-12-31T23:30:00.000Z', User: { UserId: 'zones' } });
    await update(appId, 'newcomer', { ChannelType: 'GCM', Address: 'token-newcomer', User: { UserId: 'zones' } });
    assert.deepEqual(await Promise.all(['tokyo', 'london'].map((id) => statusOf(appId, id))), ['INACTIVE', 'ACTIVE'], 'the endpoint with the older EffectiveDate is the one retired');
  });
});

describe('attribute names: at most 250 per project', () => {
  // The quota's refusal: a 400 that names the limit and the way out.
  const quota = /^(?=.*\b250\b)(?=.*RemoveAttributes)/s;

  test('the 251st name across Attributes, Metrics and UserAttributes is 400 naming 250 and RemoveAttributes; RemoveAttributes frees room', async () => {
    const appId = await newApp(pinpoint);
    await update(appId, 'wide-1', {
      ChannelType: 'GCM',
      Address: 'w1',
      Attributes: Object.fromEntries(range(100, 'a').map((n) => [n, ['v']])),
      Metrics: Object.fromEntries(range(100, 'm').map((n) => [n, 1])),
    });
    await update(appId, 'wide-2', { ChannelType: 'GCM', Address: 'w2', User: { UserId: 'wide', UserAttributes: Object.fromEntries(range(50, 'u').map((n) => [n, ['v']])) } });
    // At the limit, names already used are fine in any endpoint.
    await update(appId, 'reuse', { ChannelType: 'GCM', Address: 'w3', Attributes: { a000: ['x'] }, Metrics: { m099: 2 }, User: { UserAttributes: { u049: ['y'] } } });
    for (const request of [{ Attributes: { extra: ['x'] } }, { Metrics: { extra: 1 } }, { User: { UserAttributes: { extra: ['x'] } } }] as EndpointRequest[]) {
      await rejectsWith(update(appId, 'one-more', { ChannelType: 'GCM', Address: 'w4', ...request }), 'BadRequestException', 400, quota);
    }
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'one-more'), undefined);
    // The same name in another registry is another name.
    await rejectsWith(update(appId, 'one-more', { ChannelType: 'GCM', Address: 'w4', Metrics: { a000: 1 } }), 'BadRequestException', 400, quota);
    // A batch is refused whole; the raw answer is a plain BadRequestException.
    await rejectsWith(batch(appId, [{ Id: 'ok-item', ChannelType: 'GCM', Address: 'w5' }, { Id: 'greedy-item', ChannelType: 'GCM', Address: 'w6', Attributes: { extra: ['x'] } }]), 'BadRequestException', 400, quota);
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'ok-item'), undefined);
    const raw = await rawCall(server, 'PUT', `/v1/apps/${appId}/endpoints/raw-extra`, { ChannelType: 'GCM', Address: 'w7', Attributes: { extra: ['x'] } });
    assertRawError(raw, 400, 'BadRequestException', quota);

    const removed = await pinpoint.send(new RemoveAttributesCommand({ ApplicationId: appId, AttributeType: 'endpoint-custom-attributes', UpdateAttributesRequest: { Blacklist: ['a09*'] } }));
    assert.deepEqual(removed.AttributesResource!.Attributes, Array.from({ length: 10 }, (_, i) => `a09${i}`));
    assert.deepEqual(Object.keys((await get(appId, 'wide-1')).Attributes!).filter((name) => name.startsWith('a09')), []);
    // Ten names are free again: ten new ones fit, in any registry; the eleventh does not.
    await update(appId, 'one-more', { ChannelType: 'GCM', Address: 'w4', Attributes: Object.fromEntries(range(5, 'n').map((n) => [n, ['v']])), Metrics: Object.fromEntries(range(5, 'k').map((n) => [n, 1])) });
    assert.deepEqual(Object.keys((await get(appId, 'one-more')).Metrics!), range(5, 'k'));
    await rejectsWith(update(appId, 'one-more-again', { ChannelType: 'GCM', Address: 'w5', Attributes: { n999: ['v'] } }), 'BadRequestException', 400, quota);
    // Removing a metric name frees room for a custom attribute too (one quota for the three registries).
    await pinpoint.send(new RemoveAttributesCommand({ ApplicationId: appId, AttributeType: 'endpoint-metric-attributes', UpdateAttributesRequest: { Blacklist: ['k000'] } }));
    await update(appId, 'one-more-again', { ChannelType: 'GCM', Address: 'w5', Attributes: { n999: ['v'] } });
    assert.deepEqual((await get(appId, 'one-more-again')).Attributes, { n999: ['v'] });
  });

  test('a single request with 251 new names is refused', async () => {
    const appId = await newApp(pinpoint);
    await rejectsWith(
      update(appId, 'too-wide', { ChannelType: 'GCM', Address: 't', Attributes: Object.fromEntries(range(200, 'a').map((n) => [n, ['v']])), Metrics: Object.fromEntries(range(51, 'm').map((n) => [n, 1])) }),
      'BadRequestException',
      400,
      quota,
    );
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'too-wide'), undefined);
    // Nothing of the refused request was registered: 250 names still fit.
    await update(appId, 'exactly', { ChannelType: 'GCM', Address: 't', Attributes: Object.fromEntries(range(200, 'a').map((n) => [n, ['v']])), Metrics: Object.fromEntries(range(50, 'm').map((n) => [n, 1])) });
  });
});

describe('bad input is 400 naming the field, and writes nothing', () => {
  test('limits of one endpoint', async () => {
    const appId = await newApp(pinpoint);
    const big = Object.fromEntries(range(4, 'big').map((n) => [n, Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(100, 'x'))]));
    const cases: [EndpointRequest, RegExp][] = [
      [{ Attributes: big }, /15 KB|15360/],
      [{ Attributes: { ['n'.repeat(51)]: ['v'] } }, /Attributes.*50/],
      [{ Metrics: { ['n'.repeat(51)]: 1 } }, /Metrics.*50/],
      [{ User: { UserAttributes: { ['n'.repeat(51)]: ['v'] } } }, /UserAttributes.*50/],
      [{ Attributes: { long: ['v'.repeat(101)] } }, /Attributes\.long.*100/],
      [{ Attributes: { many: Array.from({ length: 51 }, (_, i) => `v${i}`) } }, /Attributes\.many.*50/],
      [{ OptOut: 'SOMETIMES' }, /OptOut/],
      [{ EndpointStatus: 'DELETED' }, /EndpointStatus/],
      [{ EffectiveDate: 'yesterday' }, /EffectiveDate/],
      [{ EffectiveDate: '2024-13-45T00:00:00Z' }, /EffectiveDate/],
      [{ ChannelType: 'PIGEON' as ChannelType }, /ChannelType|channelType/],
      [{ Attributes: { nul: ['a\u0000b'] } }, /NUL/],
      [{ Address: 'tok\u0000en' }, /NUL/],
      [{ User: { UserId: 'u\u0000' } }, /NUL/],
    ];
    for (const [i, [request, message]] of cases.entries()) {
      await rejectsWith(update(appId, `bad-${i}`, { ChannelType: 'GCM', Address: 'token', ...request }), 'BadRequestException', 400, message);
      assert.equal(await endpointOrUndefined(pinpoint, appId, `bad-${i}`), undefined, `case ${i} wrote nothing`);
    }
    // The boundaries themselves are accepted.
    await update(appId, 'edge', { ChannelType: 'GCM', Address: 'token', Attributes: { ['n'.repeat(50)]: Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(100, 'v')) } });
  });

  test('a metric that is not a number (raw JSON) is 400 naming Metrics', async () => {
    const appId = await newApp(pinpoint);
    const raw = await rawCall(server, 'PUT', `/v1/apps/${appId}/endpoints/raw-metric`, { ChannelType: 'GCM', Address: 't', Metrics: { score: 'high' } });
    assertRawError(raw, 400, 'BadRequestException', /Metrics|metrics/);
    const rawBatch = await rawCall(server, 'PUT', `/v1/apps/${appId}/endpoints`, { Item: [{ Id: 'ok', ChannelType: 'GCM', Address: 't' }, { Id: 'raw', Metrics: { score: '3' } }] });
    assertRawError(rawBatch, 400, 'BadRequestException', /Metrics|metrics/);
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'raw-metric'), undefined);
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'ok'), undefined);
  });

  test('batches: 101 items, an item without Id, one bad item: refused whole', async () => {
    const appId = await newApp(pinpoint);
    const items: EndpointBatchItem[] = range(101, 'i').map((Id) => ({ Id, ChannelType: 'GCM', Address: Id }));
    await rejectsWith(batch(appId, items), 'BadRequestException', 400, /100/);
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'i000'), undefined);
    await batch(appId, items.slice(0, 100));
    assert.equal(await statusOf(appId, 'i099'), 'ACTIVE');

    await rejectsWith(batch(appId, [{ Id: 'valid-1', ChannelType: 'GCM', Address: 'v' }, { ChannelType: 'GCM', Address: 'no-id' }]), 'BadRequestException', 400, /Id/);
    const cases: [EndpointBatchItem, RegExp][] = [
      [{ Id: 'x', OptOut: 'MAYBE' }, /Item\[1\]\.OptOut/],
      [{ Id: 'x', ChannelType: 'SMS', Address: 'abc' }, /Item\[1\]\.Address/],
      [{ Id: 'x', EndpointStatus: 'GONE' }, /Item\[1\]\.EndpointStatus/],
      [{ Id: 'x\u0000', ChannelType: 'GCM' }, /NUL/],
    ];
    for (const [item, message] of cases) {
      await rejectsWith(batch(appId, [{ Id: 'valid-1', ChannelType: 'GCM', Address: 'v' }, item]), 'BadRequestException', 400, message);
    }
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'valid-1'), undefined, 'no item of a refused batch is written');
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'x'), undefined);
  });
});

describe('RemoveAttributes', () => {
  test('removes names and globs from every endpoint and answers the names removed, sorted', async () => {
    const appId = await newApp(pinpoint);
    await update(appId, 'e1', { ChannelType: 'GCM', Address: 't1', Attributes: { colour: ['blue'], color: ['red'], size: ['L'] }, Metrics: { score: 1, rank: 2 }, User: { UserId: 'u1', UserAttributes: { plan: ['pro'], seat: ['1'] } } });
    await update(appId, 'e2', { ChannelType: 'GCM', Address: 't2', Attributes: { color: ['green'], shape: ['round'], cold: ['yes'] } });

    const custom = await pinpoint.send(new RemoveAttributesCommand({ ApplicationId: appId, AttributeType: 'endpoint-custom-attributes', UpdateAttributesRequest: { Blacklist: ['col*'] } }));
    assert.equal(custom.$metadata.httpStatusCode, 200);
    assert.deepEqual(custom.AttributesResource, { ApplicationId: appId, AttributeType: 'endpoint-custom-attributes', Attributes: ['cold', 'color', 'colour'] });
    const e1 = (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'e1' }))).EndpointResponse!;
    const e2 = (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'e2' }))).EndpointResponse!;
    assert.deepEqual(e1.Attributes, { size: ['L'] });
    assert.deepEqual(e2.Attributes, { shape: ['round'] });
    assert.deepEqual(e1.Metrics, { score: 1, rank: 2 }, 'other registries are untouched');

    const metric = await pinpoint.send(new RemoveAttributesCommand({ ApplicationId: appId, AttributeType: 'endpoint-metric-attributes', UpdateAttributesRequest: { Blacklist: ['score', 'absent'] } }));
    assert.deepEqual(metric.AttributesResource!.Attributes, ['score']);
    const user = await pinpoint.send(new RemoveAttributesCommand({ ApplicationId: appId, AttributeType: 'endpoint-user-attributes', UpdateAttributesRequest: { Blacklist: ['pla?', 'seat'] } }));
    assert.deepEqual(user.AttributesResource!.Attributes, ['plan', 'seat']);
    const after = (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'e1' }))).EndpointResponse!;
    assert.deepEqual(after.Metrics, { rank: 2 });
    assert.equal(after.User!.UserId, 'u1');
    assert.deepEqual(after.User!.UserAttributes ?? {}, {});

    const nothing = await pinpoint.send(new RemoveAttributesCommand({ ApplicationId: appId, AttributeType: 'endpoint-custom-attributes', UpdateAttributesRequest: { Blacklist: ['zzz*'] } }));
    assert.deepEqual(nothing.AttributesResource!.Attributes, []);
  });

  test('an unknown attribute type, an empty Blacklist and a missing app are refused', async () => {
    const appId = await newApp(pinpoint);
    await rejectsWith(pinpoint.send(new RemoveAttributesCommand({ ApplicationId: appId, AttributeType: 'endpoint-colour-attributes', UpdateAttributesRequest: { Blacklist: ['a'] } })), 'BadRequestException', 400, /AttributeType|attribute-type/);
    await rejectsWith(pinpoint.send(new RemoveAttributesCommand({ ApplicationId: appId, AttributeType: 'endpoint-custom-attributes', UpdateAttributesRequest: { Blacklist: [] } })), 'BadRequestException', 400, /Blacklist/);
    await rejectsWith(pinpoint.send(new RemoveAttributesCommand({ ApplicationId: appId, AttributeType: 'endpoint-custom-attributes', UpdateAttributesRequest: {} })), 'BadRequestException', 400, /Blacklist/);
    await rejectsWith(pinpoint.send(new RemoveAttributesCommand({ ApplicationId: '0'.repeat(32), AttributeType: 'endpoint-custom-attributes', UpdateAttributesRequest: { Blacklist: ['a'] } })), 'NotFoundException', 404, /Application not found/);
  });
});

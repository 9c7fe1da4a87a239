import { GetEndpointCommand, PinpointClient, PutEventsCommand, RemoveAttributesCommand, UpdateEndpointCommand, UpdateEndpointsBatchCommand } from '@aws-sdk/client-pinpoint';
import type { Event, EventsBatch, PublicEndpoint } from '@aws-sdk/client-pinpoint';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startPinion } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { assertRawError, endpointOrUndefined, newApp, rawCall } from '../helpers/pinpoint-fixtures.ts';

/** PutEvents through the real @aws-sdk/client-pinpoint: per-endpoint and per-event statuses, limits, upserts. */

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

const now = () => new Date().toISOString();
const accepted = { StatusCode: 202, Message: 'Accepted' };
const refusedWithEndpoint = { StatusCode: 400, Message: 'Event not recorded: its endpoint was refused' };

function event(EventType: string, extra: Partial<Event> = {}): Event {
  return { EventType, Timestamp: now(), ...extra };
}
function putEvents(appId: string, BatchItem: Record<string, EventsBatch>) {
  return pinpoint.send(new PutEventsCommand({ ApplicationId: appId, EventsRequest: { BatchItem } }));
}
async function resultsOf(appId: string, BatchItem: Record<string, EventsBatch>) {
  const out = await putEvents(appId, BatchItem);
  assert.equal(out.$metadata.httpStatusCode, 202);
  return out.EventsResponse!.Results!;
}
/** One item's per-event answers: status and message (a regex for a message is matched). */
function assertEvents(actual: Record<string, { StatusCode?: number; Message?: string }> | undefined, expected: Record<string, [number, RegExp | string]>): void {
  assert.deepEqual(Object.keys(actual ?? {}).sort(), Object.keys(expected).sort());
  for (const [id, [status, message]] of Object.entries(expected)) {
    assert.equal(actual![id]!.StatusCode, status, `${id}: ${JSON.stringify(actual![id])}`);
    if (typeof message === 'string') assert.equal(actual![id]!.Message, message, id);
    else assert.match(actual![id]!.Message!, message, id);
  }
}

describe('PutEvents', () => {
  test('answers 202 with EndpointItemResponse and EventsItemResponse per endpoint; the endpoint is upserted', async () => {
    const appId = await newApp(pinpoint);
    const endpoint: PublicEndpoint = { ChannelType: 'GCM', Address: 'device-token-1', Attributes: { genre: ['jazz'] }, Demographic: { Platform: 'android', Locale: 'de_DE' }, User: { UserId: 'listener' } };
    const out = await putEvents(appId, {
      'device-1': {
        Endpoint: endpoint,
        Events: {
          'ev-start': event('_session.start', { Session: { Id: 'session-1', StartTimestamp: now() } }),
          'ev-play': event('song.played', { Attributes: { title: 'So What' }, Metrics: { seconds: 545 } }),
          'ev-buy': event('_monetization.purchase', { Attributes: { _currency: 'EUR', _product_id: 'album' }, Metrics: { _item_price: 9.99, _quantity: 1 } }),
        },
      },
    });
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.deepEqual(out.EventsResponse!.Results, {
      'device-1': { EndpointItemResponse: accepted, EventsItemResponse: { 'ev-start': accepted, 'ev-play': accepted, 'ev-buy': accepted } },
    });
    const stored = (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'device-1' }))).EndpointResponse!;
    assert.equal(stored.ChannelType, 'GCM');
    assert.equal(stored.Address, 'device-token-1');
    assert.deepEqual(stored.Attributes, { genre: ['jazz'] });
    assert.deepEqual(stored.Demographic, { Platform: 'android', Locale: 'de_DE' });
    assert.equal(stored.User!.UserId, 'listener');
    assert.equal(stored.EndpointStatus, 'ACTIVE');
    assert.equal(stored.OptOut, 'NONE');
    assert.match(stored.CohortId!, /^\d{1,2}$/);
    assert.equal(stored.RequestId, out.$metadata.requestId, 'RequestId is the id of the PutEvents request that upserted it');
    // A RequestId given in the endpoint is kept as given.
    await resultsOf(appId, { 'device-1': { Endpoint: { RequestId: 'client-request' }, Events: { e: event('x') } } });
    assert.equal((await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'device-1' }))).EndpointResponse!.RequestId, 'client-request');
  });

  test('an existing endpoint is merged, not replaced; Endpoint {} neither creates nor changes an endpoint', async () => {
    const appId = await newApp(pinpoint);
    await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: 'known', EndpointRequest: { ChannelType: 'EMAIL', Address: 'known@example.com', Attributes: { a: ['1'] }, OptOut: 'ALL' } }));
    await resultsOf(appId, { known: { Endpoint: { Attributes: { b: ['2'] } }, Events: { e: event('clicked') } } });
    const merged = (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'known' }))).EndpointResponse!;
    assert.deepEqual(merged.Attributes, { a: ['1'], b: ['2'] });
    assert.equal(merged.Address, 'known@example.com');
    assert.equal(merged.OptOut, 'ALL');

    const results = await resultsOf(appId, { known: { Endpoint: {}, Events: { e: event('opened') } }, ghost: { Endpoint: {}, Events: { e: event('opened') } } });
    assert.deepEqual(results.known, { EndpointItemResponse: accepted, EventsItemResponse: { e: accepted } });
    assert.deepEqual(results.ghost, { EndpointItemResponse: accepted, EventsItemResponse: { e: accepted } });
    assert.deepEqual((await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'known' }))).EndpointResponse, merged, 'Endpoint {} changes nothing');
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'ghost'), undefined, 'Endpoint {} creates nothing');
  });

  test('each event is validated alone: bad events are 400 with a reason, the others of the same endpoint 202', async () => {
    const appId = await newApp(pinpoint);
    const attributes = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, 'v']));
    const metrics = (n: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`m${i}`, i]));
    const results = await resultsOf(appId, {
      dev: {
        Endpoint: { ChannelType: 'APNS', Address: 'apns-token' },
        Events: {
          ok: event('custom.ok'),
          'type-empty': event(''),
          'type-51': event('t'.repeat(51)),
          'type-50': event('t'.repeat(50)),
          'bad-time': event('x', { Timestamp: 'last tuesday' }),
          'attrs-41': event('x', { Attributes: attributes(41) }),
          'attrs-40': event('x', { Attributes: attributes(40) }),
          'attr-name-51': event('x', { Attributes: { ['n'.repeat(51)]: 'v' } }),
          'attr-value-1001': event('x', { Attributes: { long: 'v'.repeat(1001) } }),
          'attr-value-1000': event('x', { Attributes: { long: 'v'.repeat(1000) } }),
          'metrics-41': event('x', { Metrics: metrics(41) }),
          'metric-name-51': event('x', { Metrics: { ['n'.repeat(51)]: 1 } }),
          'session-missing': event('_session.stop'),
          'session-given': event('_session.stop', { Session: { Id: 's', StartTimestamp: now(), StopTimestamp: now() } }),
          'currency-lower': event('_monetization.purchase', { Attributes: { _currency: 'usd' }, Metrics: { _item_price: 1 } }),
          'currency-long': event('_monetization.purchase', { Attributes: { _currency: 'USDX' } }),
          'currency-ok': event('_monetization.purchase', { Attributes: { _currency: 'JPY' }, Metrics: { _item_price: 100 } }),
          'nul-type': event('a\u0000b'),
        },
      },
    });
    assert.deepEqual(results.dev!.EndpointItemResponse, accepted);
    assertEvents(results.dev!.EventsItemResponse, {
      ok: [202, 'Accepted'],
      'type-empty': [400, /EventType/],
      'type-51': [400, /EventType.*50/],
      'type-50': [202, 'Accepted'],
      'bad-time': [400, /Timestamp/],
      'attrs-41': [400, /Attributes.*40/],
      'attrs-40': [202, 'Accepted'],
      'attr-name-51': [400, /Attributes.*50/],
      'attr-value-1001': [400, /Attributes\.long.*1000/],
      'attr-value-1000': [202, 'Accepted'],
      'metrics-41': [400, /Metrics.*40/],
      'metric-name-51': [400, /Metrics.*50/],
      'session-missing': [400, /Session/],
      'session-given': [202, 'Accepted'],
      'currency-lower': [400, /_currency/],
      'currency-long': [400, /_currency/],
      'currency-ok': [202, 'Accepted'],
      'nul-type': [400, /NUL/],
    });
    assert.equal((await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'dev' }))).EndpointResponse!.Address, 'apns-token');
  });

  test('a refused endpoint gets 400 and its events "Event not recorded"; the other endpoints of the request are accepted', async () => {
    const appId = await newApp(pinpoint);
    const results = await resultsOf(appId, {
      'bad-optout': { Endpoint: { ChannelType: 'GCM', Address: 't1', OptOut: 'MAYBE' }, Events: { a: event('x'), b: event('y') } },
      'bad-address': { Endpoint: { ChannelType: 'SMS', Address: 'call me' }, Events: { a: event('x') } },
      'bad-status': { Endpoint: { ChannelType: 'GCM', Address: 't3', EndpointStatus: 'ZOMBIE' }, Events: { a: event('x') } },
      good: { Endpoint: { ChannelType: 'GCM', Address: 't4' }, Events: { a: event('x'), bad: event('') } },
    });
    assert.equal(results['bad-optout']!.EndpointItemResponse!.StatusCode, 400);
    assert.match(results['bad-optout']!.EndpointItemResponse!.Message!, /OptOut/);
    assert.deepEqual(results['bad-optout']!.EventsItemResponse, { a: refusedWithEndpoint, b: refusedWithEndpoint });
    assert.equal(results['bad-address']!.EndpointItemResponse!.StatusCode, 400);
    assert.match(results['bad-address']!.EndpointItemResponse!.Message!, /Address/);
    assert.deepEqual(results['bad-address']!.EventsItemResponse, { a: refusedWithEndpoint });
    assert.equal(results['bad-status']!.EndpointItemResponse!.StatusCode, 400);
    assert.match(results['bad-status']!.EndpointItemResponse!.Message!, /EndpointStatus/);
    assert.deepEqual(results.good!.EndpointItemResponse, accepted);
    assertEvents(results.good!.EventsItemResponse, { a: [202, 'Accepted'], bad: [400, /EventType/] });
    for (const id of ['bad-optout', 'bad-address', 'bad-status']) assert.equal(await endpointOrUndefined(pinpoint, appId, id), undefined, id);
    assert.equal((await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'good' }))).EndpointResponse!.Address, 't4');
  });

  test('an endpoint refused by the per-user limit is refused alone, push or not', async () => {
    const appId = await newApp(pinpoint);
    const fifteen = Array.from({ length: 15 }, (_, i) => ({ Id: `mail-${i}`, ChannelType: 'EMAIL' as const, Address: `m${i}@example.com`, User: { UserId: 'full' } }));
    await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: fifteen } }));
    const results = await resultsOf(appId, {
      sixteenth: { Endpoint: { ChannelType: 'EMAIL', Address: 'm16@example.com', User: { UserId: 'full' } }, Events: { e: event('x') } },
      bystander: { Endpoint: { ChannelType: 'EMAIL', Address: 'b@example.com', User: { UserId: 'other' } }, Events: { e: event('x') } },
      phone: { Endpoint: { ChannelType: 'GCM', Address: 'token-phone', User: { UserId: 'full' } }, Events: { e: event('x'), f: event('y') } },
    });
    assert.equal(results.sixteenth!.EndpointItemResponse!.StatusCode, 400);
    assert.match(results.sixteenth!.EndpointItemResponse!.Message!, /^Exceeded maximum endpoint per user count/);
    assert.deepEqual(results.sixteenth!.EventsItemResponse, { e: refusedWithEndpoint });
    // A push endpoint, but the user has no push endpoint to retire.
    assert.equal(results.phone!.EndpointItemResponse!.StatusCode, 400);
    assert.match(results.phone!.EndpointItemResponse!.Message!, /^Exceeded maximum endpoint per user count.*no older push endpoint to retire$/);
    assert.deepEqual(results.phone!.EventsItemResponse, { e: refusedWithEndpoint, f: refusedWithEndpoint });
    assert.deepEqual(results.bystander, { EndpointItemResponse: accepted, EventsItemResponse: { e: accepted } });
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'sixteenth'), undefined);
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'phone'), undefined);
    assert.equal((await endpointOrUndefined(pinpoint, appId, 'bystander'))?.User?.UserId, 'other');
  });

  test('a push endpoint joining a full user retires the user\'s push endpoint with the oldest EffectiveDate', async () => {
    const appId = await newApp(pinpoint);
    const items = [
      ...Array.from({ length: 13 }, (_, i) => ({ Id: `mail-${i}`, ChannelType: 'EMAIL' as const, Address: `m${i}@example.com`, EffectiveDate: '2020-01-01T00:00:00.000Z', User: { UserId: 'owner' } })),
      { Id: 'older-phone', ChannelType: 'APNS' as const, Address: 'token-older', EffectiveDate: '2025-01-01T00:00:00.000Z', User: { UserId: 'owner' } },
      { Id: 'newer-phone', ChannelType: 'GCM' as const, Address: 'token-newer', EffectiveDate: '2025-06-01T00:00:00.000Z', User: { UserId: 'owner' } },
    ];
    await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: items } }));
    const results = await resultsOf(appId, { tablet: { Endpoint: { ChannelType: 'BAIDU', Address: 'token-tablet', User: { UserId: 'owner' } }, Events: { e: event('x') } } });
    assert.deepEqual(results.tablet, { EndpointItemResponse: accepted, EventsItemResponse: { e: accepted } });
    const retired = (await endpointOrUndefined(pinpoint, appId, 'older-phone'))!;
    assert.deepEqual([retired.EndpointStatus, retired.User?.UserId], ['INACTIVE', undefined]);
    const kept = (await endpointOrUndefined(pinpoint, appId, 'newer-phone'))!;
    assert.deepEqual([kept.EndpointStatus, kept.User?.UserId], ['ACTIVE', 'owner']);
    assert.deepEqual([(await endpointOrUndefined(pinpoint, appId, 'mail-0'))?.EndpointStatus, (await endpointOrUndefined(pinpoint, appId, 'tablet'))?.User?.UserId], ['ACTIVE', 'owner']);
  });

  test('an endpoint refused by the attribute-name quota gets 400 naming 250 and RemoveAttributes, alone; RemoveAttributes frees room', async () => {
    const appId = await newApp(pinpoint);
    const names = (prefix: string, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, ['v']]));
    await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: 'wide', EndpointRequest: { ChannelType: 'GCM', Address: 'w', Attributes: names('a', 249) } }));
    const results = await resultsOf(appId, {
      early: { Endpoint: { ChannelType: 'GCM', Address: 'e', Attributes: { a1: ['early'] } }, Events: { e: event('x') } },
      greedy: { Endpoint: { ChannelType: 'GCM', Address: 'g', Attributes: names('new', 2) }, Events: { e: event('x'), f: event('y') } },
      modest: { Endpoint: { ChannelType: 'GCM', Address: 'm', Attributes: { a0: ['reused'] } }, Events: { e: event('x') } },
    });
    assert.equal(results.greedy!.EndpointItemResponse!.StatusCode, 400);
    assert.match(results.greedy!.EndpointItemResponse!.Message!, /\b250\b/);
    assert.match(results.greedy!.EndpointItemResponse!.Message!, /RemoveAttributes/);
    assert.deepEqual(results.greedy!.EventsItemResponse, { e: refusedWithEndpoint, f: refusedWithEndpoint });
    assert.deepEqual(results.early, { EndpointItemResponse: accepted, EventsItemResponse: { e: accepted } });
    assert.deepEqual(results.modest, { EndpointItemResponse: accepted, EventsItemResponse: { e: accepted } });
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'greedy'), undefined);
    assert.deepEqual((await endpointOrUndefined(pinpoint, appId, 'modest'))?.Attributes, { a0: ['reused'] });
    assert.deepEqual((await endpointOrUndefined(pinpoint, appId, 'early'))?.Attributes, { a1: ['early'] });

    // Two items with one new name each on 249 names: the request as a whole would make 251, but
    // one of them fits and is accepted.
    const pair = await resultsOf(appId, {
      one: { Endpoint: { ChannelType: 'GCM', Address: 'o1', Attributes: { fresh1: ['v'] } }, Events: { e: event('x') } },
      two: { Endpoint: { ChannelType: 'GCM', Address: 'o2', Attributes: { fresh2: ['v'] } }, Events: { e: event('x') } },
    });
    assert.deepEqual([pair.one!.EndpointItemResponse!.StatusCode, pair.two!.EndpointItemResponse!.StatusCode].sort(), [202, 400], JSON.stringify(pair));

    await pinpoint.send(new RemoveAttributesCommand({ ApplicationId: appId, AttributeType: 'endpoint-custom-attributes', UpdateAttributesRequest: { Blacklist: ['a24*', 'fresh*'] } }));
    const again = await resultsOf(appId, { greedy: { Endpoint: { ChannelType: 'GCM', Address: 'g', Attributes: names('new', 2) }, Events: { e: event('x') } } });
    assert.deepEqual(again.greedy, { EndpointItemResponse: accepted, EventsItemResponse: { e: accepted } });
    assert.deepEqual((await endpointOrUndefined(pinpoint, appId, 'greedy'))?.Attributes, names('new', 2));
  });

  test('at most 100 events per request: 101 is 400 and writes nothing; 100 are accepted', async () => {
    const appId = await newApp(pinpoint);
    const events = (n: number, offset = 0) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`e${i + offset}`, event('bulk')]));
    await rejectsWith(
      putEvents(appId, { one: { Endpoint: { ChannelType: 'GCM', Address: 'one' }, Events: events(51) }, two: { Endpoint: { ChannelType: 'GCM', Address: 'two' }, Events: events(50) } }),
      'BadRequestException',
      400,
      /100/,
    );
    assert.equal(await endpointOrUndefined(pinpoint, appId, 'one'), undefined);
    const results = await resultsOf(appId, { one: { Endpoint: { ChannelType: 'GCM', Address: 'one' }, Events: events(50) }, two: { Endpoint: { ChannelType: 'GCM', Address: 'two' }, Events: events(50, 50) } });
    assert.equal(Object.keys(results.one!.EventsItemResponse!).length, 50);
    assert.ok(Object.values(results.two!.EventsItemResponse!).every((r) => r.StatusCode === 202));
  });

  test('a missing app is 404; a missing Endpoint or Events member, and an empty BatchItem, are 400', async () => {
    await rejectsWith(putEvents('0'.repeat(32), { x: { Endpoint: {}, Events: { e: event('x') } } }), 'NotFoundException', 404, /^Application not found$/);
    const appId = await newApp(pinpoint);
    assertRawError(await rawCall(server, 'POST', `/v1/apps/${appId}/events`, { BatchItem: { x: { Events: { e: event('x') } } } }), 400, 'BadRequestException', /Endpoint/);
    assertRawError(await rawCall(server, 'POST', `/v1/apps/${appId}/events`, { BatchItem: { x: { Endpoint: {} } } }), 400, 'BadRequestException', /Events/);
    assertRawError(await rawCall(server, 'POST', `/v1/apps/${appId}/events`, { BatchItem: {} }), 400, 'BadRequestException', /BatchItem/);
    assertRawError(await rawCall(server, 'POST', `/v1/apps/${appId}/events`, { BatchItem: { x: { Endpoint: { Metrics: { m: 'NaN' } }, Events: { e: event('x') } } } }), 400, 'BadRequestException', /Metrics|metrics/);
  });
});

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startPinion } from '../helpers/server-process.ts';
import { runBoto3Script } from '../helpers/boto3-runner.ts';
import type { Boto3Run } from '../helpers/boto3-runner.ts';

/**
 * Endpoints, users, RemoveAttributes and PutEvents through boto3: the python script records what
 * boto3 returned for each step and this file asserts on each observation separately.
 */

const script = fileURLToPath(new URL('./python/boto3_endpoints.py', import.meta.url));

interface Endpoint {
  ApplicationId: string;
  Id: string;
  ChannelType?: string;
  Address?: string;
  Attributes?: Record<string, string[]>;
  Metrics?: Record<string, number>;
  Demographic?: Record<string, string>;
  Location?: Record<string, unknown>;
  User?: { UserId?: string; UserAttributes?: Record<string, string[]> };
  OptOut: string;
  EndpointStatus: string;
  CohortId: string;
  CreationDate: string;
  EffectiveDate: string;
  RequestId?: string;
}
interface ItemStatus {
  StatusCode: number;
  Message: string;
}

let server: PinionProcess;
let run: Boto3Run;
let appId: string;

before(async () => {
  server = await startPinion();
  run = await runBoto3Script(script, server);
  appId = run.value<string>('app_id');
});
after(async () => {
  await server?.stop();
});

function assertError(name: string, code: string, status: number, message?: RegExp): void {
  const error = run.failure(name);
  assert.equal(error.code, code, `${name}: ${JSON.stringify(error)}`);
  assert.equal(error.status, status, name);
  if (message) assert.match(error.message, message, name);
}

describe('boto3: update_endpoint and get_endpoint', () => {
  test('update_endpoint answers 202 with MessageBody Accepted and the request id', () => {
    const { status, body, header_request_id } = run.value<{ status: number; body: { MessageBody: { Message: string; RequestID: string } }; header_request_id: string }>('update');
    assert.equal(status, 202);
    assert.equal(body.MessageBody.Message, 'Accepted');
    assert.equal(body.MessageBody.RequestID, header_request_id);
  });

  test('get_endpoint answers the endpoint as written, with the defaults', () => {
    const endpoint = run.value<Endpoint>('get');
    assert.equal(endpoint.ApplicationId, appId);
    assert.equal(endpoint.Id, 'phone-1');
    assert.equal(endpoint.ChannelType, 'SMS');
    assert.equal(endpoint.Address, '+12065550100');
    assert.deepEqual(endpoint.Attributes, { team: ['blue'], shirt: ['M'] });
    assert.deepEqual(endpoint.Metrics, { goals: 2 });
    assert.deepEqual(endpoint.Demographic, { Locale: 'en_US', Platform: 'ios' });
    assert.deepEqual(endpoint.Location, { City: 'Seattle', Latitude: 47.6 });
    assert.deepEqual(endpoint.User, { UserId: 'player-1', UserAttributes: { role: ['striker'] } });
    assert.equal(endpoint.OptOut, 'NONE');
    assert.equal(endpoint.EndpointStatus, 'ACTIVE');
    assert.match(endpoint.CohortId, /^\d{1,2}$/);
    assert.match(endpoint.CreationDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    assert.match(endpoint.EffectiveDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    assert.equal(endpoint.RequestId, run.value<{ header_request_id: string }>('update').header_request_id, 'RequestId is the id of the request that last updated it');
  });

  test('a second update merges attributes, metrics and demographic by name; [] removes an attribute', () => {
    const merged = run.value<Endpoint>('get_merged');
    const first = run.value<Endpoint>('get');
    assert.deepEqual(merged.Attributes, { shirt: ['L'] });
    assert.deepEqual(merged.Metrics, { goals: 2, assists: 1 });
    assert.deepEqual(merged.Demographic, { Locale: 'en_US', Platform: 'android' });
    assert.equal(merged.CreationDate, first.CreationDate);
    assert.equal(merged.CohortId, first.CohortId);
    assert.equal(merged.Address, '+12065550100');
    assert.match(merged.RequestId ?? '', /\S/);
    assert.notEqual(merged.RequestId, first.RequestId, 'the second update\'s request id replaces the first');
  });
});

describe('boto3: batches and users', () => {
  test('update_endpoints_batch answers 202 Accepted', () => {
    const { status, body } = run.value<{ status: number; body: { MessageBody: { Message: string } } }>('batch');
    assert.equal(status, 202);
    assert.equal(body.MessageBody.Message, 'Accepted');
    assert.equal(run.value<Endpoint>('push_1').OptOut, 'ALL');
  });

  test('get_user_endpoints lists the user\'s endpoints oldest first', () => {
    assert.deepEqual(run.value('user_endpoints'), ['phone-1', 'mail-1', 'push-1']);
  });

  test('delete_endpoint answers 202 with the deleted endpoint; get_endpoint is then NotFoundException "Resource not found"', () => {
    const { status, endpoint } = run.value<{ status: number; endpoint: Endpoint }>('delete_endpoint');
    assert.equal(status, 202);
    assert.equal(endpoint.Id, 'mail-2');
    assert.equal(endpoint.Address, 'p2@example.com');
    assertError('get_deleted', 'NotFoundException', 404, /^Resource not found$/);
  });

  test('delete_user_endpoints answers the user\'s endpoints; get_user_endpoints is then 404', () => {
    const { status, ids } = run.value<{ status: number; ids: string[] }>('delete_user');
    assert.equal(status, 202);
    assert.deepEqual(ids, ['phone-1', 'mail-1', 'push-1']);
    assertError('user_after_delete', 'NotFoundException', 404, /^Resource not found$/);
  });
});

describe('boto3: remove_attributes', () => {
  test('answers the removed names and removes them from the endpoints', () => {
    const { status, body } = run.value<{ status: number; body: { AttributesResource: Record<string, unknown> } }>('remove');
    assert.equal(status, 200);
    assert.deepEqual(body.AttributesResource, { ApplicationId: appId, AttributeType: 'endpoint-custom-attributes', Attributes: ['shirt'] });
    assert.deepEqual(run.value('after_remove'), {}, 'phone-1 has no custom attribute left');
  });

  test('an empty Blacklist and an unknown attribute type are BadRequestException', () => {
    assertError('remove_empty', 'BadRequestException', 400, /Blacklist/);
    assertError('remove_bad_type', 'BadRequestException', 400);
  });
});

describe('boto3: put_events', () => {
  test('answers 202 with per-endpoint and per-event results', () => {
    const { status, body } = run.value<{ status: number; body: { EventsResponse: { Results: Record<string, { EndpointItemResponse: ItemStatus; EventsItemResponse: Record<string, ItemStatus> }> } } }>('put_events');
    assert.equal(status, 202);
    const results = body.EventsResponse.Results;
    assert.deepEqual(Object.keys(results).sort(), ['broken', 'tablet-1']);
    assert.deepEqual(results['tablet-1']!.EndpointItemResponse, { StatusCode: 202, Message: 'Accepted' });
    assert.deepEqual(results['tablet-1']!.EventsItemResponse.ok, { StatusCode: 202, Message: 'Accepted' });
    assert.equal(results['tablet-1']!.EventsItemResponse['no-session']!.StatusCode, 400);
    assert.match(results['tablet-1']!.EventsItemResponse['no-session']!.Message, /Session/);
    assert.equal(results.broken!.EndpointItemResponse.StatusCode, 400);
    assert.match(results.broken!.EndpointItemResponse.Message, /Address/);
    assert.deepEqual(results.broken!.EventsItemResponse, { e: { StatusCode: 400, Message: 'Event not recorded: its endpoint was refused' } });
  });

  test('the accepted endpoint is upserted; the refused one is not', () => {
    const tablet = run.value<Endpoint>('tablet_1');
    assert.equal(tablet.ChannelType, 'APNS');
    assert.equal(tablet.Address, 'apns-token');
    assert.equal(tablet.User?.UserId, 'player-3');
    assertError('broken_after', 'NotFoundException', 404, /^Resource not found$/);
  });

  test('101 events and a missing app are refused', () => {
    assertError('events_101', 'BadRequestException', 400, /100/);
    assertError('put_events_missing_app', 'NotFoundException', 404, /^Application not found$/);
  });
});

describe('boto3: bad input', () => {
  test('get_endpoint: missing app is "Application not found", missing endpoint "Resource not found"', () => {
    assertError('get_missing_app', 'NotFoundException', 404, /^Application not found$/);
    assertError('get_missing_endpoint', 'NotFoundException', 404, /^Resource not found$/);
    assert.ok(run.failure('get_missing_app').request_id, 'boto3 sees the request id');
  });

  test('OptOut MAYBE and an SMS address that is not E.164 are BadRequestException naming the field', () => {
    assertError('bad_opt_out', 'BadRequestException', 400, /OptOut/);
    assertError('bad_sms', 'BadRequestException', 400, /Address/);
  });

  test('a batch of 101 is refused and writes nothing', () => {
    assertError('batch_101', 'BadRequestException', 400, /100/);
    assertError('b0_after_batch_101', 'NotFoundException', 404);
  });

  test('16 EMAIL endpoints for one user: BadRequestException "Exceeded maximum endpoint per user count"', () => {
    assertError('user_limit', 'BadRequestException', 400, /^Exceeded maximum endpoint per user count/);
  });
});

describe('boto3: the per-user limit', () => {
  test('a 16th push endpoint is accepted; the push endpoint with the oldest EffectiveDate goes INACTIVE and loses its UserId', () => {
    assert.equal(run.value('gamer_batch'), 'Accepted');
    assert.equal(run.value('gamer_16th'), 'Accepted');
    const retired = run.value<Endpoint>('gamer_retired');
    assert.equal(retired.EndpointStatus, 'INACTIVE');
    assert.equal(retired.User?.UserId, undefined);
    const members = run.value<string[]>('gamer_members');
    assert.equal(members.length, 15);
    assert.ok(members.includes('gamer-mail') && members.includes('gamer-new') && !members.includes('gamer-13'), members.join(', '));
  });

  test('a 16th push endpoint of a user without push endpoints is BadRequestException', () => {
    assert.equal(run.value('mailer_batch'), 'Accepted');
    assertError('mailer_push', 'BadRequestException', 400, /^Exceeded maximum endpoint per user count.*no older push endpoint to retire$/);
  });
});

describe('boto3: 250 attribute names per project', () => {
  test('the 251st name is BadRequestException naming 250 and RemoveAttributes; after RemoveAttributes it fits', () => {
    assert.equal(run.value('quota_fill'), 'Accepted');
    assertError('quota_251', 'BadRequestException', 400, /\b250\b/);
    assert.match(run.failure('quota_251').message, /RemoveAttributes/);
    assert.deepEqual(run.value('quota_remove'), ['a249']);
    assert.equal(run.value('quota_after_remove'), 'Accepted');
  });
});

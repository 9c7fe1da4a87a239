// SMS through the generic HTTP gateway adapter, against a real HTTP server on loopback (node:http)
// and the real @aws-sdk/client-pinpoint: the JSON body and headers the gateway gets, its id kept as
// the provider's message id, 429 retried after Retry-After, 5xx retried then TEMPORARY_FAILURE,
// other 4xx refused with the gateway's words, and the auth header never in the log.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { GetEndpointCommand, PinpointClient, SendMessagesCommand, UpdateEndpointCommand, UpdateSmsChannelCommand } from '@aws-sdk/client-pinpoint';
import type { MessageRequest } from '@aws-sdk/client-pinpoint';
import { newApp } from '../helpers/pinpoint-fixtures.ts';
import { startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const AUTH = 'Bearer gw-secret-token-8f3a1c';
const EVENTS_SECRET = 'gateway-events-secret-2c9d41';

interface GatewayRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
  /** The id the gateway answered (unscripted answers). */
  readonly answeredId?: string;
}

/** How the gateway answers a destination: a list of answers, the last one repeated. */
type Answer = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

let gateway: Server;
const requests: GatewayRequest[] = [];
const scripts = new Map<string, Answer[]>();
let nextId = 1;
let server: PinionProcess;
let pinpoint: PinpointClient;

before(async () => {
  gateway = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const script = scripts.get(String(body.to));
      const answeredId = script ? undefined : `gw-${nextId++}`;
      requests.push({ at: Date.now(), method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, ...(answeredId ? { answeredId } : {}) });
      const answer = script && script.length > 1 ? script.shift()! : (script?.[0] ?? { status: 200, body: JSON.stringify({ id: answeredId }) });
      setTimeout(() => {
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const port = (gateway.address() as AddressInfo).port;
  server = await startPinion({
    env: { PINION_SMS_HTTP_URL: `http://127.0.0.1:${port}/v1/sms?route=test`, PINION_SMS_HTTP_AUTH_HEADER: AUTH, PINION_SMS_MAX_PER_SECOND: '1000', PINION_SMS_HTTP_EVENTS_SECRET: EVENTS_SECRET },
  });
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
});

after(async () => {
  pinpoint?.destroy();
  await server?.stop();
  await new Promise<void>((resolve) => gateway?.close(() => resolve()));
});

async function smsApp(): Promise<string> {
  const appId = await newApp(pinpoint, 'sms-http');
  await pinpoint.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true, SenderId: 'PINION' } }));
  return appId;
}

async function sendOne(appId: string, address: string, sms: NonNullable<NonNullable<MessageRequest['MessageConfiguration']>['SMSMessage']> = { Body: 'Hello', MessageType: 'TRANSACTIONAL' }) {
  const out = await pinpoint.send(new SendMessagesCommand({ ApplicationId: appId, MessageRequest: { Addresses: { [address]: { ChannelType: 'SMS' } }, MessageConfiguration: { SMSMessage: sms } } }));
  return out.MessageResponse!.Result![address]!;
}

const to = (address: string) => requests.filter((r) => r.body.to === address);

describe('SendMessages through the HTTP gateway', () => {
  test('one POST per message with the JSON body, the auth header and an idempotency key; the gateway id is kept', async () => {
    const appId = await smsApp();
    const result = await sendOne(appId, '+447700900200', {
      Body: 'Your code is 4321',
      MessageType: 'TRANSACTIONAL',
      OriginationNumber: '+12025550123',
      Keyword: 'CODES',
      EntityId: 'entity-1',
      TemplateId: 'template-9',
    });
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL', result.StatusMessage);
    assert.match(result.MessageId!, /^[0-9a-f]{32}$/);
    const [request] = to('+447700900200');
    assert.equal(request!.method, 'POST');
    assert.equal(request!.path, '/v1/sms?route=test');
    assert.equal(request!.headers.authorization, AUTH);
    assert.match(request!.headers['content-type']!, /^application\/json/);
    assert.equal(request!.headers['idempotency-key'], result.MessageId);
    assert.deepEqual(request!.body, {
      messageId: result.MessageId,
      to: '+447700900200',
      from: '+12025550123',
      body: 'Your code is 4321',
      messageType: 'TRANSACTIONAL',
      keyword: 'CODES',
      entityId: 'entity-1',
      templateId: 'template-9',
    });
    const db = new Database(join(server.dataDir, 'pinion.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('select transport, provider_message_id from messages where id = ?').get(result.MessageId) as { transport: string; provider_message_id: string };
      assert.equal(row.transport, 'http-gateway');
      assert.match(row.provider_message_id, /^gw-\d+$/);
    } finally {
      db.close();
    }
  });

  test("without an OriginationNumber the channel's SenderId is the from; members without a value are left out", async () => {
    const appId = await smsApp();
    assert.equal((await sendOne(appId, '+447700900206')).DeliveryStatus, 'SUCCESSFUL');
    assert.deepEqual(Object.keys(to('+447700900206')[0]!.body).sort(), ['body', 'from', 'messageId', 'messageType', 'to']);
    assert.equal(to('+447700900206')[0]!.body.from, 'PINION');
  });

  test('429 is THROTTLED and retried after the Retry-After the gateway asked for', async () => {
    scripts.set('+447700900201', [{ status: 429, headers: { 'retry-after': '1' }, body: '{"message":"slow down"}' }, { status: 202, body: '{"id":"gw-late"}' }]);
    const appId = await smsApp();
    const result = await sendOne(appId, '+447700900201');
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL', result.StatusMessage);
    const tries = to('+447700900201');
    assert.equal(tries.length, 2);
    assert.ok(tries[1]!.at - tries[0]!.at >= 950, `retried after ${tries[1]!.at - tries[0]!.at} ms`);
    assert.equal(tries[1]!.headers['idempotency-key'], tries[0]!.headers['idempotency-key']);
  });

  test('a gateway that keeps throttling ends THROTTLED', async () => {
    scripts.set('+447700900207', [{ status: 429, headers: { 'retry-after': '0' } }]);
    const appId = await smsApp();
    const result = await sendOne(appId, '+447700900207');
    assert.equal(result.DeliveryStatus, 'THROTTLED');
    assert.equal(result.StatusCode, 429);
    assert.equal(to('+447700900207').length, 4);
  });

  test('another 4xx is a PERMANENT_FAILURE with the gateway message, truncated, and is not retried', async () => {
    scripts.set('+447700900202', [{ status: 400, body: JSON.stringify({ message: 'Invalid destination: not a mobile number' }) }]);
    scripts.set('+447700900205', [{ status: 422, body: 'x'.repeat(2000) }]);
    const appId = await smsApp();
    const refused = await sendOne(appId, '+447700900202');
    assert.equal(refused.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(refused.StatusMessage, 'The SMS gateway refused the message (HTTP 400): Invalid destination: not a mobile number');
    assert.equal(to('+447700900202').length, 1);
    const long = await sendOne(appId, '+447700900205');
    assert.equal(long.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.ok(long.StatusMessage!.length < 400, `StatusMessage has ${long.StatusMessage!.length} characters`);
    assert.match(long.StatusMessage!, /^The SMS gateway refused the message \(HTTP 422\): x+…$/);
  });

  test('5xx is retried, then reported as TEMPORARY_FAILURE; 2xx without an id is still accepted', async () => {
    scripts.set('+447700900203', [{ status: 503, body: '{"error":"maintenance"}' }]);
    scripts.set('+447700900204', [{ status: 200, body: 'OK' }]);
    const appId = await smsApp();
    const failed = await sendOne(appId, '+447700900203');
    assert.equal(failed.DeliveryStatus, 'TEMPORARY_FAILURE');
    assert.equal(failed.StatusMessage, 'The SMS gateway failed (HTTP 503): maintenance');
    assert.equal(to('+447700900203').length, 4);
    const accepted = await sendOne(appId, '+447700900204');
    assert.equal(accepted.DeliveryStatus, 'SUCCESSFUL');
  });

  test('the auth header never reaches the log', () => {
    const output = server.output();
    assert.match(output, /"sms":"http-gateway"/);
    assert.ok(!output.includes('gw-secret-token-8f3a1c'), 'the auth header is in the server log');
  });
});

describe('the gateway reporting back: POST /sms/http-gateway/events', () => {
  const post = (body: unknown, secret = EVENTS_SECRET) =>
    fetch(`${server.url}/sms/http-gateway/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const eventTypes = (appId: string): { type: string; status: string }[] => {
    const db = new Database(join(server.dataDir, 'pinion.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('select event_type, record from event_log where app_id = ? order by id').all(appId) as { event_type: string; record: string }[]).map((row) => ({
        type: row.event_type,
        status: (JSON.parse(row.record) as { attributes: { record_status: string } }).attributes.record_status,
      }));
    } finally {
      db.close();
    }
  };

  test('a receipt for the id the gateway answered settles the message: _SMS.SUCCESS or _SMS.FAILURE', async () => {
    const appId = await smsApp();
    await sendOne(appId, '+447700900210');
    await sendOne(appId, '+447700900211');
    const first = to('+447700900210').at(-1)!.answeredId!;
    const second = to('+447700900211').at(-1)!.answeredId!;
    assert.equal((await post({ type: 'receipt', id: first, status: 'delivered' })).status, 204);
    assert.equal((await post({ type: 'receipt', id: second, status: 'FAILED', error: '001' })).status, 204);
    assert.deepEqual(eventTypes(appId), [
      { type: '_SMS.BUFFERED', status: 'SUCCESSFUL' },
      { type: '_SMS.BUFFERED', status: 'SUCCESSFUL' },
      { type: '_SMS.SUCCESS', status: 'DELIVERED' },
      { type: '_SMS.FAILURE', status: 'UNREACHABLE' },
    ]);
  });

  test('a receipt that comes before its send is recorded is refused with 503 (send it again), then recorded once', async () => {
    const appId = await smsApp();
    // The second message's gateway answers after 3 s, so the request (and its record) waits that long.
    scripts.set('+447700900241', [{ status: 200, body: JSON.stringify({ id: 'gw-slow-1' }), delayMs: 3000 }]);
    const sending = pinpoint.send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: { Addresses: { '+447700900240': { ChannelType: 'SMS' }, '+447700900241': { ChannelType: 'SMS' } }, MessageConfiguration: { SMSMessage: { Body: 'Code 4321', MessageType: 'TRANSACTIONAL' } } },
      }),
    );
    let early: GatewayRequest | undefined;
    for (let i = 0; i < 100 && !early?.answeredId; i++) {
      early = to('+447700900240').at(-1);
      if (!early) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.ok(early?.answeredId, 'the first message reached the gateway');
    // Until the server has read the gateway's answer, the receipt names no message at all (answered
    // 204 and dropped); from then until the send is recorded it is refused for now.
    let tooEarly = await post({ type: 'receipt', id: early.answeredId, status: 'delivered' });
    for (let i = 0; i < 50 && tooEarly.status === 204; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      tooEarly = await post({ type: 'receipt', id: early.answeredId, status: 'delivered' });
    }
    assert.equal(tooEarly.status, 503);
    assert.deepEqual(await tooEarly.json(), { message: 'the event could not be recorded; send it again' });
    await sending;
    assert.equal((await post({ type: 'receipt', id: early.answeredId, status: 'delivered' })).status, 204);
    assert.deepEqual(
      eventTypes(appId).filter((event) => event.type === '_SMS.SUCCESS'),
      [{ type: '_SMS.SUCCESS', status: 'DELIVERED' }],
    );
  });

  test('an inbound STOP opts the number out and is confirmed once through the gateway; HELP is answered', async () => {
    const appId = await smsApp();
    await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: 'phone', EndpointRequest: { ChannelType: 'SMS', Address: '+447700900220' } }));
    assert.equal((await post({ type: 'inbound', from: '+447700900220', to: '+447700900001', text: 'STOP' })).status, 204);
    assert.equal((await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'phone' }))).EndpointResponse!.OptOut, 'ALL');
    assert.equal((await post({ type: 'inbound', from: '+447700900220', to: '+447700900001', text: 'stop' })).status, 204);
    const confirmations = to('+447700900220');
    assert.equal(confirmations.length, 1, 'one confirmation for two STOPs');
    assert.equal(confirmations[0]!.body.from, '+447700900001');
    assert.equal((await sendOne(appId, '+447700900220')).DeliveryStatus, 'OPT_OUT');
    assert.equal((await post({ type: 'inbound', from: '+447700900220', text: 'HELP' })).status, 204);
    assert.equal(to('+447700900220').length, 2);
  });

  test('a wrong secret is 401, a body that is not an event is 400, and nothing is recorded', async () => {
    assert.equal((await post({ type: 'inbound', from: '+447700900230', text: 'STOP' }, 'wrong-secret-value-000')).status, 401);
    assert.equal((await fetch(`${server.url}/sms/http-gateway/events`, { method: 'POST', body: '{}' })).status, 401);
    for (const body of ['not json', '[]', { type: 'receipt', id: 'x' }, { type: 'receipt', id: 'x', status: 'LOST' }, { type: 'inbound', from: '447700900230', text: 'STOP' }, { type: 'other' }]) {
      const answer = await post(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(((await answer.json()) as { message: string }).message, /\S/);
    }
    assert.equal(to('+447700900230').length, 0);
    assert.ok(!server.output().includes(EVENTS_SECRET), 'the events secret is in the server log');
  });
});

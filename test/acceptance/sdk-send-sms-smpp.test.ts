// SMS through a real SMPP 3.4 SMSC on loopback (test/helpers/smpp-peer.ts, the `smpp` package's
// server) with the real @aws-sdk/client-pinpoint: what goes on the wire (source and destination
// with their TON/NPI, encoding, concatenation), how the SMSC's answers become results (errors,
// throttling retried), delivery receipts in the message log and the event log, inbound keywords
// (STOP across projects and regions, one confirmation, OPT_OUT afterwards, START, HELP), a dropped
// link coming back, a clean unbind at shutdown, and no password in the log.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { GetEndpointCommand, PinpointClient, SendMessagesCommand, UpdateEndpointCommand, UpdateSmsChannelCommand } from '@aws-sdk/client-pinpoint';
import type { MessageRequest } from '@aws-sdk/client-pinpoint';
import { DEFAULT_SMS_REPLIES } from '../../src/config/sms-config.ts';
import { newApp } from '../helpers/pinpoint-fixtures.ts';
import { startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startSmppPeer } from '../helpers/smpp-peer.ts';
import type { SmppPeer } from '../helpers/smpp-peer.ts';

const PASSWORD = 'Pw9$kq2z';
const DEFAULT_SOURCE = '+15550001111';
const HELP_REPLY = 'Pinion test line. Reply STOP to opt out.';

let peer: SmppPeer;
let server: PinionProcess;
let pinpoint: PinpointClient;

before(async () => {
  peer = await startSmppPeer({ systemId: 'pinion', password: PASSWORD });
  server = await startPinion({
    env: { PINION_SMPP_URL: peer.url, PINION_SMPP_SOURCE_ADDRESS: DEFAULT_SOURCE, PINION_SMS_MAX_PER_SECOND: '1000', PINION_SMS_HELP_REPLY: HELP_REPLY },
  });
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  await peer.waitForBind();
});

after(async () => {
  pinpoint?.destroy();
  await server?.stop();
  await peer?.close();
});

async function smsApp(senderId?: string, client = pinpoint): Promise<string> {
  const appId = await newApp(client, 'sms');
  await client.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true, ...(senderId !== undefined ? { SenderId: senderId } : {}) } }));
  return appId;
}

function send(appId: string, request: MessageRequest, client = pinpoint) {
  return client.send(new SendMessagesCommand({ ApplicationId: appId, MessageRequest: request }));
}

function smsTo(address: string, body: string, extra: Record<string, string> = {}): MessageRequest {
  return { Addresses: { [address]: { ChannelType: 'SMS' } }, MessageConfiguration: { SMSMessage: { Body: body, MessageType: 'TRANSACTIONAL', ...extra } } };
}

/** Reads the server's SQLite file (read-only) until `read` answers something, or fails after 10 s. */
async function poll<T>(read: (db: Database.Database) => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const db = new Database(join(server.dataDir, 'pinion.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const value = read(db);
      if (value !== undefined) return value;
    } finally {
      db.close();
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function smsEvents(appId: string): { eventType: string; attributes: Record<string, string>; clientId: string }[] {
  const db = new Database(join(server.dataDir, 'pinion.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("select record from event_log where app_id = ? and event_type like '_SMS.%' order by id").all(appId) as { record: string }[];
    return rows.map((row) => {
      const record = JSON.parse(row.record) as { event_type: string; attributes: Record<string, string>; client: { client_id: string } };
      return { eventType: record.event_type, attributes: record.attributes, clientId: record.client.client_id };
    });
  } finally {
    db.close();
  }
}

describe('SendMessages through the SMSC', () => {
  test('a GSM message goes from its OriginationNumber to the E.164 destination, with a receipt requested', async () => {
    const appId = await smsApp();
    const out = await send(appId, smsTo('+447700900123', 'Your code is 1234 [ok] €5', { OriginationNumber: '+12025550123' }));
    const result = out.MessageResponse!.Result!['+447700900123']!;
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL', result.StatusMessage);
    assert.equal(result.StatusCode, 200);
    assert.match(result.MessageId!, /^[0-9a-f]{32}$/);
    const [submit] = await peer.waitForSubmits((s) => s.destinationAddr === '447700900123', 1);
    assert.deepEqual(
      { source: [submit!.sourceAddr, submit!.sourceTon, submit!.sourceNpi], destination: [submit!.destinationAddr, submit!.destinationTon, submit!.destinationNpi] },
      { source: ['12025550123', 1, 1], destination: ['447700900123', 1, 1] },
    );
    assert.equal(submit!.dataCoding, 0);
    assert.equal(submit!.registeredDelivery, 1);
    assert.equal(submit!.esmClass, 0);
    assert.equal(submit!.text, 'Your code is 1234 [ok] €5');
  });

  test("the channel's SenderId goes as an alphanumeric source (TON 5); with neither, the configured default", async () => {
    const branded = await smsApp('PINION');
    assert.equal((await send(branded, smsTo('+447700900124', 'Branded'))).MessageResponse!.Result!['+447700900124']!.DeliveryStatus, 'SUCCESSFUL');
    const [fromBrand] = await peer.waitForSubmits((s) => s.destinationAddr === '447700900124', 1);
    assert.deepEqual([fromBrand!.sourceAddr, fromBrand!.sourceTon, fromBrand!.sourceNpi], ['PINION', 5, 0]);
    const plain = await smsApp();
    assert.equal((await send(plain, smsTo('+447700900125', 'Plain'))).MessageResponse!.Result!['+447700900125']!.DeliveryStatus, 'SUCCESSFUL');
    const [fromDefault] = await peer.waitForSubmits((s) => s.destinationAddr === '447700900125', 1);
    assert.deepEqual([fromDefault!.sourceAddr, fromDefault!.sourceTon, fromDefault!.sourceNpi], ['15550001111', 1, 1]);
  });

  test('a long UCS-2 message arrives in concatenated parts that join back into the body', async () => {
    const appId = await smsApp();
    const body = 'Здравствуйте! Ваш заказ готов. '.repeat(6);
    const out = await send(appId, smsTo('+447700900126', body));
    assert.equal(out.MessageResponse!.Result!['+447700900126']!.DeliveryStatus, 'SUCCESSFUL');
    const parts = await peer.waitForSubmits((s) => s.destinationAddr === '447700900126', Math.ceil(body.length / 67));
    assert.equal(parts.length, 3);
    for (const [index, part] of parts.entries()) {
      assert.equal(part.dataCoding, 8);
      assert.equal(part.esmClass & 0x40, 0x40);
      assert.deepEqual({ total: part.concat!.total, sequence: part.concat!.sequence }, { total: 3, sequence: index + 1 });
      assert.equal(part.concat!.reference, parts[0]!.concat!.reference);
    }
    const [message] = peer.messages((s) => s.destinationAddr === '447700900126');
    assert.equal(message!.text, body);
  });

  test("the SMSC's refusal is a PERMANENT_FAILURE that names the command_status", async () => {
    peer.answerDestination('447700900999', 0x0b);
    const appId = await smsApp();
    const result = (await send(appId, smsTo('+447700900999', 'Nobody'))).MessageResponse!.Result!['+447700900999']!;
    assert.equal(result.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(result.StatusCode, 400);
    assert.match(result.StatusMessage!, /0x0000000B \(ESME_RINVDSTADR: invalid destination address\)/);
    assert.equal(result.MessageId, undefined);
    const rejected = smsEvents(appId).find((e) => e.eventType === '_SMS.FAILURE');
    assert.equal(rejected?.attributes.record_status, 'BLOCKED');
  });

  test('ESME_RTHROTTLED is retried with backoff, and the retry goes through', async () => {
    peer.answerDestination('447700900777', 0x58, 2);
    const appId = await smsApp();
    const result = (await send(appId, smsTo('+447700900777', 'Patience'))).MessageResponse!.Result!['+447700900777']!;
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL', result.StatusMessage);
    const tries = peer.submits.filter((s) => s.destinationAddr === '447700900777');
    assert.deepEqual(
      tries.map((s) => s.status),
      [0x58, 0x58, 0],
    );
  });
});

describe('delivery receipts', () => {
  test('DELIVRD sets the message log status and appends _SMS.SUCCESS for the message', async () => {
    const appId = await smsApp();
    const out = await send(appId, smsTo('+447700900321', 'Track me'));
    const messageId = out.MessageResponse!.Result!['+447700900321']!.MessageId!;
    const [submit] = await peer.waitForSubmits((s) => s.destinationAddr === '447700900321', 1);
    assert.equal(await peer.sendReceipt(submit!.messageId, 'DELIVRD'), 0);
    const status = await poll(
      (db) => (db.prepare("select delivery_status, status_message from messages where id = ? and delivery_status = 'DELIVERED'").get(messageId) as { delivery_status: string; status_message: string } | undefined),
      'the DELIVERED status',
    );
    assert.match(status.status_message, /stat:DELIVRD/);
    const success = await poll((db) => (db.prepare("select record from event_log where app_id = ? and event_type = '_SMS.SUCCESS'").get(appId) as { record: string } | undefined), '_SMS.SUCCESS');
    const record = JSON.parse(success.record) as { attributes: Record<string, string>; awsAccountId: string };
    assert.equal(record.attributes.message_id, messageId);
    assert.equal(record.attributes.record_status, 'DELIVERED');
    assert.equal(record.attributes.destination_phone_number, '+447700900321');
    assert.equal(record.awsAccountId, server.accountId);
    const events = smsEvents(appId);
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['_SMS.BUFFERED', '_SMS.SUCCESS'],
    );
    // The receipt's event describes the same message as the send's.
    assert.equal(record.attributes.iso_country_code, events[0]!.attributes.iso_country_code);
    assert.equal(events[0]!.attributes.message_id, messageId);
  });

  test('UNDELIV (text only, no TLVs) appends _SMS.FAILURE with record_status UNREACHABLE; a repeated receipt adds nothing', async () => {
    const appId = await smsApp();
    await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: 'phone-1', EndpointRequest: { ChannelType: 'SMS', Address: '+447700900322' } }));
    const out = await send(appId, { Endpoints: { 'phone-1': {} }, MessageConfiguration: { SMSMessage: { Body: 'Lost', MessageType: 'PROMOTIONAL' } } });
    const messageId = out.MessageResponse!.EndpointResult!['phone-1']!.MessageId!;
    const [submit] = await peer.waitForSubmits((s) => s.destinationAddr === '447700900322', 1);
    assert.equal(await peer.sendReceipt(submit!.messageId, 'UNDELIV', { tlvs: false, err: '001' }), 0);
    await poll((db) => db.prepare("select 1 from event_log where app_id = ? and event_type = '_SMS.FAILURE'").get(appId), '_SMS.FAILURE');
    assert.equal(await peer.sendReceipt(submit!.messageId, 'UNDELIV', { tlvs: false, err: '001' }), 0);
    assert.equal(await peer.sendReceipt(submit!.messageId, 'DELIVRD'), 0);
    const events = smsEvents(appId);
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['_SMS.BUFFERED', '_SMS.FAILURE'],
    );
    const failure = events[1]!;
    assert.equal(failure.attributes.record_status, 'UNREACHABLE');
    assert.equal(failure.attributes.record_status_reason, 'stat:UNDELIV err:001');
    assert.equal(failure.attributes.message_id, messageId);
    assert.equal(failure.clientId, 'phone-1');
    const row = await poll((db) => db.prepare('select delivery_status from messages where id = ?').get(messageId) as { delivery_status: string } | undefined, 'the message row');
    assert.equal(row.delivery_status, 'UNREACHABLE');
  });

  test('a receipt for an id Pinion never sent is answered and ignored', async () => {
    assert.equal(await peer.sendReceipt('FFFFFFF0', 'DELIVRD'), 0);
  });
});

describe('inbound keywords', () => {
  const NUMBER = '+447700900555';
  const WIRE = '447700900555';
  const repliesTo = (wire: string, text: string) => peer.submits.filter((s) => s.destinationAddr === wire && s.status === 0 && s.text === text);

  /** Sends HELP and waits for its answer: inbound messages are handled in order, so every earlier reply has gone by then. */
  async function settle(wire: string): Promise<void> {
    const helps = repliesTo(wire, HELP_REPLY).length;
    assert.equal(await peer.sendInbound(`+${wire}`, DEFAULT_SOURCE, 'help'), 0);
    await peer.waitForSubmits((s) => s.destinationAddr === wire && s.text === HELP_REPLY, helps + 1);
  }

  async function optOut(appId: string, id: string): Promise<string | undefined> {
    return (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse!.OptOut;
  }

  test('STOP opts the number out in every project (and region), confirmed once even when sent twice; sends are then refused with OPT_OUT', async () => {
    const first = await smsApp();
    const second = await smsApp();
    const europe = new PinpointClient({ endpoint: server.url, region: 'eu-west-1', credentials: server.credentials, maxAttempts: 1 });
    try {
      const third = await smsApp(undefined, europe);
      await europe.send(new UpdateEndpointCommand({ ApplicationId: third, EndpointId: 'eu-phone', EndpointRequest: { ChannelType: 'SMS', Address: NUMBER } }));
      for (const appId of [first, second]) {
        await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: 'phone', EndpointRequest: { ChannelType: 'SMS', Address: NUMBER, OptOut: 'NONE' } }));
      }
      await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: first, EndpointId: 'voice', EndpointRequest: { ChannelType: 'VOICE', Address: NUMBER } }));
      assert.equal(await peer.sendInbound(NUMBER, DEFAULT_SOURCE, ' stop '), 0);
      assert.equal(await peer.sendInbound(NUMBER, DEFAULT_SOURCE, 'STOP'), 0);
      await settle(WIRE);
      const confirmations = repliesTo(WIRE, DEFAULT_SMS_REPLIES.stop);
      assert.equal(confirmations.length, 1);
      // The reply goes back from the number the subscriber wrote to.
      assert.deepEqual([confirmations[0]!.sourceAddr, confirmations[0]!.sourceTon, confirmations[0]!.registeredDelivery], ['15550001111', 1, 0]);
      assert.equal(await optOut(first, 'phone'), 'ALL');
      assert.equal(await optOut(second, 'phone'), 'ALL');
      assert.equal(await optOut(first, 'voice'), 'ALL');
      assert.equal((await europe.send(new GetEndpointCommand({ ApplicationId: third, EndpointId: 'eu-phone' }))).EndpointResponse!.OptOut, 'ALL');
      const before = peer.submits.length;
      const toAddress = (await send(first, smsTo(NUMBER, 'Still there?'))).MessageResponse!.Result![NUMBER]!;
      assert.equal(toAddress.DeliveryStatus, 'OPT_OUT');
      const toEndpoint = (await send(second, { Endpoints: { phone: {} }, MessageConfiguration: { SMSMessage: { Body: 'Hello?' } } })).MessageResponse!.EndpointResult!.phone!;
      assert.equal(toEndpoint.DeliveryStatus, 'OPT_OUT');
      const fromEurope = (await send(third, smsTo(NUMBER, 'Bonjour?'), europe)).MessageResponse!.Result![NUMBER]!;
      assert.equal(fromEurope.DeliveryStatus, 'OPT_OUT');
      assert.equal(peer.submits.length, before);
    } finally {
      europe.destroy();
    }
  });

  test('STOP from a number no endpoint has is remembered: confirmed, and SendMessages to it is OPT_OUT', async () => {
    const wire = '447700900556';
    assert.equal(await peer.sendInbound(`+${wire}`, DEFAULT_SOURCE, 'Unsubscribe'), 0);
    assert.equal(await peer.sendInbound(`+${wire}`, DEFAULT_SOURCE, 'arret'), 0);
    await settle(wire);
    assert.equal(repliesTo(wire, DEFAULT_SMS_REPLIES.stop).length, 1);
    const appId = await smsApp();
    const result = (await send(appId, smsTo(`+${wire}`, 'Hi'))).MessageResponse!.Result![`+${wire}`]!;
    assert.equal(result.DeliveryStatus, 'OPT_OUT');
    assert.match(result.StatusMessage!, /opted out/);
  });

  test('START opts back in everywhere with one confirmation; sends go through again', async () => {
    // Runs after the STOP test: the number is opted out in its projects.
    const appId = await smsApp();
    await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: 'phone', EndpointRequest: { ChannelType: 'SMS', Address: NUMBER, OptOut: 'ALL' } }));
    assert.equal(await peer.sendInbound(NUMBER, DEFAULT_SOURCE, 'Start'), 0);
    assert.equal(await peer.sendInbound(NUMBER, DEFAULT_SOURCE, 'unstop'), 0);
    await settle(WIRE);
    assert.equal(repliesTo(WIRE, DEFAULT_SMS_REPLIES.start).length, 1);
    assert.equal(await optOut(appId, 'phone'), 'NONE');
    const result = (await send(appId, smsTo(NUMBER, 'Welcome back'))).MessageResponse!.Result![NUMBER]!;
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL', result.StatusMessage);
  });

  test('HELP is answered every time with the configured text; other text gets no answer', async () => {
    const wire = '447700900557';
    await settle(wire);
    await settle(wire);
    assert.equal(repliesTo(wire, HELP_REPLY).length, 2);
    assert.equal(await peer.sendInbound(`+${wire}`, DEFAULT_SOURCE, 'what is this?'), 0);
    await settle(wire);
    assert.equal(peer.submits.filter((s) => s.destinationAddr === wire).length, 3);
  });
});

describe('the link', () => {
  test('a dropped connection is bound again, and sends go through', async () => {
    const binds = peer.stats.binds;
    peer.dropConnections();
    await peer.waitForBind(binds + 1);
    const appId = await smsApp();
    const result = (await send(appId, smsTo('+447700900600', 'Back again'))).MessageResponse!.Result!['+447700900600']!;
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL', result.StatusMessage);
  });

  test('the log says where the link goes, never the password', () => {
    const output = server.output();
    assert.match(output, /smpp: bound \(transceiver\)/);
    assert.ok(!output.includes(PASSWORD), 'the SMPP password is in the server log');
    assert.ok(!output.includes(encodeURIComponent(PASSWORD)), 'the encoded SMPP password is in the server log');
  });

  test('shutdown unbinds and exits promptly', async () => {
    const unbinds = peer.stats.unbinds;
    const started = Date.now();
    assert.equal(await server.stop(), 0);
    assert.ok(Date.now() - started < 10_000, `shutdown took ${Date.now() - started} ms`);
    assert.equal(peer.stats.unbinds, unbinds + 1);
  });
});

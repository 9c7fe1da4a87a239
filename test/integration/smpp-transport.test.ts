// The SMPP transport against a real SMSC on loopback (test/helpers/smpp-peer.ts) with short
// timings: a refused bind is retried with backoff and never logs the password, a send without a
// bound link reports TEMPORARY_FAILURE, an SMSC that goes silent after a submit is not sent to
// twice, the submit window holds, a receipt the sink cannot record is answered "try again later",
// and close() never hangs.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { RateLimiter } from '../../src/channels/rate-limiter.ts';
import type { SmppLinkTiming } from '../../src/channels/sms/smpp-link.ts';
import { SmppSmsTransport } from '../../src/channels/sms/smpp-transport.ts';
import type { SmsInboundSink } from '../../src/channels/sms/sms-inbound-sink.ts';
import type { OutboundSms } from '../../src/channels/transport.ts';
import { startSmppPeer } from '../helpers/smpp-peer.ts';
import type { SmppPeer } from '../helpers/smpp-peer.ts';

const PASSWORD = 'Zq7!pass';
const FAST: SmppLinkTiming = { connectTimeoutMs: 1_000, responseTimeoutMs: 400, enquireLinkMs: 60_000, reconnectBaseMs: 20, reconnectMaxMs: 100, bindWaitMs: 300 };

function recordingLogger() {
  const lines: string[] = [];
  const log = (level: string) => (object: object, message: string) => lines.push(`${level} ${message} ${JSON.stringify(object)}`);
  return { lines, logger: { info: log('info'), warn: log('warn'), debug: log('debug') } };
}

function sms(destination: string, body = 'Hello'): OutboundSms {
  return { messageId: 'm-1', destination, body, messageType: 'TRANSACTIONAL', senderId: 'PINION' };
}

const peers: SmppPeer[] = [];
const transports: SmppSmsTransport[] = [];
after(async () => {
  for (const transport of transports) await transport.close();
  for (const peer of peers) await peer.close();
});

async function setUp(options: { password?: string; inbound?: SmsInboundSink } = {}) {
  const peer = await startSmppPeer({ systemId: 'pinion', password: PASSWORD });
  peers.push(peer);
  const { lines, logger } = recordingLogger();
  const transport = new SmppSmsTransport(
    { endpoint: { host: '127.0.0.1', port: peer.port, tls: false, systemId: 'pinion', password: options.password ?? PASSWORD } },
    { limiter: new RateLimiter(1000), logger, timing: FAST, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 }, ...(options.inbound ? { inbound: options.inbound } : {}) },
  );
  transports.push(transport);
  transport.start();
  return { peer, transport, lines };
}

describe('SMPP transport against a real SMSC', () => {
  test('a refused bind is retried with backoff; sends meanwhile are TEMPORARY_FAILURE; the password is never logged', async () => {
    const { peer, transport, lines } = await setUp({ password: 'wrong-pw' });
    const outcome = await transport.send(sms('+447700900100'));
    assert.equal(outcome.status, 'TEMPORARY_FAILURE');
    assert.match(outcome.statusMessage, /link to the SMSC is down/);
    assert.ok(peer.stats.refusedBinds >= 2, `${peer.stats.refusedBinds} binds tried`);
    assert.equal(peer.submits.length, 0);
    assert.ok(lines.some((line) => /the SMSC refused the bind.*ESME_RINVPASWD/.test(line)), lines.join('\n'));
    assert.ok(!lines.join('\n').includes('wrong-pw'));
    await transport.close();
  });

  test('an SMSC that stays silent after a submit: TEMPORARY_FAILURE, and the part is not sent again', async () => {
    const { peer, transport } = await setUp();
    await peer.waitForBind();
    peer.answerDestination('447700900101', 'silent');
    const outcome = await transport.send(sms('+447700900101'));
    assert.equal(outcome.status, 'TEMPORARY_FAILURE');
    assert.match(outcome.statusMessage, /did not answer submit_sm within 400 ms; the message may or may not have been sent/);
    assert.equal(peer.submits.filter((s) => s.destinationAddr === '447700900101').length, 1);
    // The link itself is fine: the next message goes through.
    assert.equal((await transport.send(sms('+447700900102'))).status, 'SUCCESSFUL');
  });

  test('at most 10 submit_sm wait for their answer at a time (the window)', async () => {
    const { peer, transport } = await setUp();
    await peer.waitForBind();
    peer.answerDestination('447700900107', 'silent');
    const sends = Array.from({ length: 12 }, () => transport.send(sms('+447700900107')));
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(peer.submits.filter((s) => s.destinationAddr === '447700900107').length, 10);
    const outcomes = await Promise.all(sends);
    assert.deepEqual(new Set(outcomes.map((o) => o.status)), new Set(['TEMPORARY_FAILURE']));
    assert.equal(peer.submits.filter((s) => s.destinationAddr === '447700900107').length, 12);
  });

  test('a part refused after earlier parts went says so', async () => {
    const { peer, transport } = await setUp();
    await peer.waitForBind();
    peer.answerDestination('447700900103', 0x0b, Number.POSITIVE_INFINITY, 1);
    const outcome = await transport.send(sms('+447700900103', 'x'.repeat(300)));
    assert.equal(outcome.status, 'PERMANENT_FAILURE');
    assert.match(outcome.statusMessage, /ESME_RINVDSTADR.*\(part 2 of 2; the earlier parts were sent\)$/);
    peer.answerDestination('447700900104', 0x0b);
    const refused = await transport.send(sms('+447700900104', 'y'.repeat(300)));
    assert.equal(refused.status, 'PERMANENT_FAILURE');
    assert.doesNotMatch(refused.statusMessage, /earlier parts/);
    assert.equal(peer.submits.filter((s) => s.destinationAddr === '447700900104').length, 1);
  });

  test('a receipt the sink cannot record is answered ESME_RX_T_APPN, so the SMSC sends it again', async () => {
    let calls = 0;
    const { peer, transport } = await setUp({
      inbound: {
        receipt: () => {
          calls += 1;
          return Promise.reject(new Error('database is down'));
        },
        inbound: () => Promise.resolve([]),
      },
    });
    await peer.waitForBind();
    assert.equal((await transport.send(sms('+447700900105'))).status, 'SUCCESSFUL');
    const [submit] = await peer.waitForSubmits((s) => s.destinationAddr === '447700900105', 1);
    assert.equal(await peer.sendReceipt(submit!.messageId, 'DELIVRD'), 0x64);
    assert.equal(calls, 1);
    // An inbound message with no sink reply is answered 0.
    assert.equal(await peer.sendInbound('+447700900106', '+15550001111', 'hello'), 0);
  });

  test('close() returns promptly when the SMSC does not accept connections, and when it never answers the unbind', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const { logger } = recordingLogger();
    const unreachable = new SmppSmsTransport({ endpoint: { host: '127.0.0.1', port: closedPort, tls: false, systemId: 'pinion', password: PASSWORD } }, { limiter: new RateLimiter(10), logger, timing: FAST });
    unreachable.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    let started = Date.now();
    await unreachable.close();
    assert.ok(Date.now() - started < 500, `close took ${Date.now() - started} ms`);

    // A bound SMSC that swallows the unbind: close waits for the response timeout at most, then closes the socket.
    const mute = createServer((socket) => {
      socket.once('data', (bind) => {
        // bind_transceiver_resp: length 17, id 0x80000009, status 0, same sequence, system_id "".
        const response = Buffer.alloc(17);
        response.writeUInt32BE(17, 0);
        response.writeUInt32BE(0x80000009, 4);
        response.writeUInt32BE(0, 8);
        response.writeUInt32BE(bind.readUInt32BE(12), 12);
        socket.write(response);
      });
    });
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const silent = new SmppSmsTransport(
      { endpoint: { host: '127.0.0.1', port: (mute.address() as AddressInfo).port, tls: false, systemId: 'pinion', password: PASSWORD } },
      { limiter: new RateLimiter(10), logger, timing: FAST },
    );
    silent.start();
    const deadline = Date.now() + 2_000;
    while (!silent.bound && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(silent.bound, true);
    started = Date.now();
    await silent.close();
    assert.ok(Date.now() - started < 2_500, `close took ${Date.now() - started} ms`);
    mute.close();
  });
});

// The APNs transport (node:http2) against a real HTTP/2 TLS peer on loopback that verifies
// provider JWTs and client certificates: headers and payloads, Apple's answers, provider-token
// reuse and renewal, one session per credential, reconnection after GOAWAY, close().
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApnsTransport } from '../../src/channels/push/apns/apns-transport.ts';
import { RateLimiter } from '../../src/channels/rate-limiter.ts';
import type { OutboundPush } from '../../src/channels/transport.ts';
import { startApnsPeer } from '../helpers/apns-peer.ts';
import type { ApnsPeer } from '../helpers/apns-peer.ts';
import { apnsTokenKey, selfSignedCertificate } from '../helpers/push-credentials.ts';
import { makeTestCa } from '../helpers/test-ca.ts';
import type { TestCa } from '../helpers/test-ca.ts';

const tokenKey = apnsTokenKey();
const otherTeamKey = apnsTokenKey();
const certificate = selfSignedCertificate('Apple Push Services: com.example.app');
const TOKEN_SETTINGS = { BundleId: 'com.example.app', TokenKeyId: 'ABC123DEFG', TeamId: 'TEAM123456', DefaultAuthenticationMethod: 'TOKEN' };
const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

let ca: TestCa;
let peer: ApnsPeer;
let sandbox: ApnsPeer;
let transport: ApnsTransport;
let sequence = 0;

before(async () => {
  ca = makeTestCa();
  const options = {
    tls: ca,
    tokenKeys: [
      { tokenKey, keyId: 'ABC123DEFG', teamId: 'TEAM123456' },
      { tokenKey: otherTeamKey, keyId: 'XYZ987WVUT', teamId: 'OTHERTEAM1' },
    ],
    certificates: [certificate.certificate],
    topics: ['com.example.app'],
  };
  peer = await startApnsPeer(options);
  sandbox = await startApnsPeer(options);
  transport = new ApnsTransport({ endpoint: peer.url, sandboxEndpoint: sandbox.url, limiter: new RateLimiter(1000), retry: FAST_RETRY, ca: ca.caPem });
});

after(async () => {
  await transport?.close();
  await peer?.close();
  await sandbox?.close();
  ca?.cleanup();
});

function push(overrides: Partial<OutboundPush> = {}): OutboundPush {
  sequence += 1;
  return {
    messageId: `0123456789abcdef0123456789ab${String(sequence).padStart(4, '0')}`,
    channel: 'APNS',
    token: `a1b2c3d4e5f6${String(sequence).padStart(4, '0')}`,
    title: 'Hello',
    body: 'World',
    channelSettings: TOKEN_SETTINGS,
    credentials: { TokenKey: tokenKey },
    ...overrides,
  };
}

describe('APNs transport', () => {
  test('token authentication: an alert with Apple headers, answered with the apns-id', async () => {
    const message = push({ data: { orderId: '42' }, options: { sound: 'chime.aiff', badge: 3, timeToLive: 600, collapseKey: 'order-42', threadId: 'orders' } });
    const before = Math.floor(Date.now() / 1000);
    const answer = await transport.send(message);
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    assert.equal(answer.outcome.providerMessageId, '01234567-89ab-cdef-0123-456789ab0001');
    const received = peer.received.at(-1)!;
    assert.equal(received.token, message.token);
    assert.equal(received.auth.kind, 'token');
    assert.equal(received.headers['apns-topic'], 'com.example.app');
    assert.equal(received.headers['apns-push-type'], 'alert');
    assert.equal(received.headers['apns-priority'], '10');
    assert.equal(received.headers['apns-id'], '01234567-89ab-cdef-0123-456789ab0001');
    assert.equal(received.headers['apns-collapse-id'], 'order-42');
    const expiration = Number(received.headers['apns-expiration']);
    assert.ok(expiration >= before + 600 && expiration <= before + 602, String(expiration));
    assert.deepEqual(received.payload, { orderId: '42', aps: { alert: { title: 'Hello', body: 'World' }, sound: 'chime.aiff', badge: 3, 'thread-id': 'orders' } });
  });

  test('the provider token is signed once and reused on one session', async () => {
    const tokensBefore = peer.providerTokens.length;
    const sessionsBefore = peer.sessions();
    const answers = await Promise.all([push(), push(), push()].map((message) => transport.send(message)));
    assert.deepEqual(answers.map((a) => a.outcome.status), ['SUCCESSFUL', 'SUCCESSFUL', 'SUCCESSFUL']);
    assert.equal(peer.providerTokens.length, tokensBefore, 'no new provider token for the same key');
    assert.equal(peer.sessions(), sessionsBefore, 'no new connection');
  });

  test('another team key gets its own JWT and its own session', async () => {
    const sessionsBefore = peer.sessions();
    const answer = await transport.send(push({ channelSettings: { ...TOKEN_SETTINGS, TokenKeyId: 'XYZ987WVUT', TeamId: 'OTHERTEAM1' }, credentials: { TokenKey: otherTeamKey } }));
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    const received = peer.received.at(-1)!;
    assert.equal(received.auth.kind === 'token' && received.auth.teamId, 'OTHERTEAM1');
    assert.equal(peer.sessions(), sessionsBefore + 1);
  });

  test('a silent push is a background push at priority 5 with only content-available', async () => {
    const answer = await transport.send(push({ silentPush: true, data: { sync: 'inbox' } }));
    assert.equal(answer.outcome.status, 'SUCCESSFUL');
    const received = peer.received.at(-1)!;
    assert.equal(received.headers['apns-push-type'], 'background');
    assert.equal(received.headers['apns-priority'], '5');
    assert.deepEqual(received.payload, { sync: 'inbox', aps: { 'content-available': 1 } });
  });

  test('RawContent replaces the payload; sandbox and VoIP channels go to the sandbox with the .voip topic', async () => {
    const raw = JSON.stringify({ aps: { alert: 'raw alert' }, custom: { nested: true } });
    const answer = await transport.send(push({ channel: 'APNS_VOIP_SANDBOX', rawContent: raw }));
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    const received = sandbox.received.at(-1)!;
    assert.equal(received.headers['apns-topic'], 'com.example.app.voip');
    assert.equal(received.headers['apns-push-type'], 'voip');
    assert.deepEqual(received.payload, JSON.parse(raw));
    const bad = await transport.send(push({ rawContent: '{not json' }));
    assert.equal(bad.outcome.status, 'PERMANENT_FAILURE');
    assert.match(bad.outcome.statusMessage, /RawContent is not valid JSON/);
  });

  test('certificate authentication: the channel certificate is the TLS client certificate', async () => {
    const answer = await transport.send(
      push({ channel: 'APNS_SANDBOX', channelSettings: { BundleId: 'com.example.app', DefaultAuthenticationMethod: 'CERTIFICATE' }, credentials: { Certificate: certificate.certificate, PrivateKey: certificate.privateKey, TokenKey: tokenKey } }),
    );
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    const received = sandbox.received.at(-1)!;
    assert.equal(received.auth.kind, 'certificate');
    assert.equal(received.headers.authorization, undefined);
  });

  test('the message preferred method wins over the channel default', async () => {
    const answer = await transport.send(
      push({ channelSettings: { ...TOKEN_SETTINGS }, credentials: { TokenKey: tokenKey, Certificate: certificate.certificate, PrivateKey: certificate.privateKey }, options: { preferredAuthenticationMethod: 'CERTIFICATE' } }),
    );
    assert.equal(answer.outcome.status, 'SUCCESSFUL');
    assert.equal(peer.received.at(-1)!.auth.kind, 'certificate');
  });

  test('410 Unregistered and 400 BadDeviceToken end the token', async () => {
    const gone = push();
    peer.answerNext(gone.token, 'unregistered');
    const answer = await transport.send(gone);
    assert.deepEqual(answer, { outcome: { status: 'PERMANENT_FAILURE', statusCode: 410, statusMessage: 'Unregistered' }, tokenInvalid: true });
    const bad = push();
    peer.answerNext(bad.token, 'bad-device-token');
    const badAnswer = await transport.send(bad);
    assert.equal(badAnswer.tokenInvalid, true);
    assert.equal(badAnswer.outcome.statusMessage, 'BadDeviceToken');
  });

  test('429 and 5xx are retried with backoff; attempts are bounded', async () => {
    const message = push();
    peer.answerNext(message.token, 'too-many-requests', 'internal-server-error');
    const answer = await transport.send(message);
    assert.equal(answer.outcome.status, 'SUCCESSFUL');
    assert.deepEqual(peer.answered.filter((a) => a.token === message.token).map((a) => a.status), [429, 500, 200]);
    const stubborn = push();
    peer.answerNext(stubborn.token, 'too-many-requests', 'too-many-requests', 'too-many-requests', 'too-many-requests');
    const throttled = await transport.send(stubborn);
    assert.deepEqual(throttled.outcome, { status: 'THROTTLED', statusCode: 429, statusMessage: 'TooManyRequests' });
    assert.equal(peer.answered.filter((a) => a.token === stubborn.token).length, 3);
  });

  test('ExpiredProviderToken renews the provider token once and resends', async () => {
    const message = push();
    const tokensBefore = peer.providerTokens.length;
    peer.answerNext(message.token, 'expired-provider-token');
    const answer = await transport.send(message);
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    assert.equal(peer.providerTokens.length, tokensBefore + 1, 'a new JWT was signed');
    const twice = push();
    peer.answerNext(twice.token, 'expired-provider-token', 'expired-provider-token');
    const refused = await transport.send(twice);
    assert.equal(refused.outcome.status, 'PERMANENT_FAILURE');
    assert.equal(refused.outcome.statusMessage, 'ExpiredProviderToken');
    assert.equal(peer.answered.filter((a) => a.token === twice.token).length, 2, 'renewed once, not more');
  });

  test('after GOAWAY the next send opens a new session', async () => {
    const last = push();
    peer.answerNext(last.token, 'goaway');
    assert.equal((await transport.send(last)).outcome.status, 'SUCCESSFUL');
    const sessionsBefore = peer.sessions();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answer = await transport.send(push());
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    assert.equal(peer.sessions(), sessionsBefore + 1);
  });

  test('a channel without usable credentials or a token channel without BundleId fails without a request', async () => {
    const count = peer.answered.length;
    const none = await transport.send(push({ credentials: {} }));
    assert.equal(none.outcome.status, 'PERMANENT_FAILURE');
    assert.match(none.outcome.statusMessage, /neither a token key/);
    const noTopic = await transport.send(push({ channelSettings: { TokenKeyId: 'ABC123DEFG', TeamId: 'TEAM123456' } }));
    assert.match(noTopic.outcome.statusMessage, /no BundleId/);
    assert.equal(peer.answered.length, count);
  });

  test('an unreachable APNs is a temporary failure naming the error code only', async () => {
    const closed = new ApnsTransport({ endpoint: 'https://127.0.0.1:1', sandboxEndpoint: 'https://127.0.0.1:1', limiter: new RateLimiter(1000), retry: FAST_RETRY, ca: ca.caPem });
    try {
      const answer = await closed.send(push());
      assert.deepEqual(answer.outcome, { status: 'TEMPORARY_FAILURE', statusCode: 503, statusMessage: 'APNs could not be reached (ECONNREFUSED)' });
    } finally {
      await closed.close();
    }
  });

  test('close() ends the sessions; a send afterwards fails without hanging', async () => {
    const own = new ApnsTransport({ endpoint: peer.url, sandboxEndpoint: sandbox.url, limiter: new RateLimiter(1000), retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, ca: ca.caPem });
    assert.equal((await own.send(push())).outcome.status, 'SUCCESSFUL');
    await own.close();
    const answer = await own.send(push());
    assert.equal(answer.outcome.status, 'TEMPORARY_FAILURE');
  });
});

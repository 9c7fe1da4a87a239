// The ADM and Baidu transports against real HTTPS peers on loopback: ADM's client-credentials
// token and send API with its answers; Baidu's signed single_device push and its answers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AdmTransport } from '../../src/channels/push/adm/adm-transport.ts';
import { BaiduTransport } from '../../src/channels/push/baidu/baidu-transport.ts';
import { RateLimiter } from '../../src/channels/rate-limiter.ts';
import type { OutboundPush } from '../../src/channels/transport.ts';
import { startAdmPeer } from '../helpers/adm-peer.ts';
import type { AdmPeer } from '../helpers/adm-peer.ts';
import { startBaiduPeer } from '../helpers/baidu-peer.ts';
import type { BaiduPeer } from '../helpers/baidu-peer.ts';
import { makeTestCa } from '../helpers/test-ca.ts';
import type { TestCa } from '../helpers/test-ca.ts';

const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef';
const CLIENT_SECRET = 'adm-client-secret-0123456789abcdef';
const BAIDU_KEY = 'rZ8XbPri7PPlB8TpLWGRFsDd';
const BAIDU_SECRET = 'B7hbXYPte9FiyAawaa6LnAhR8TMM2mAl';

let ca: TestCa;
let admPeer: AdmPeer;
let baiduPeer: BaiduPeer;
let adm: AdmTransport;
let baidu: BaiduTransport;
let sequence = 0;

before(async () => {
  ca = makeTestCa();
  admPeer = await startAdmPeer({ tls: ca, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  baiduPeer = await startBaiduPeer({ tls: ca, apiKey: BAIDU_KEY, secretKey: BAIDU_SECRET });
  adm = new AdmTransport({ endpoint: admPeer.url, tokenEndpoint: admPeer.tokenUrl, limiter: new RateLimiter(1000), retry: FAST_RETRY, ca: ca.caPem });
  baidu = new BaiduTransport({ endpoint: baiduPeer.url, limiter: new RateLimiter(1000), retry: FAST_RETRY, ca: ca.caPem });
});

after(async () => {
  await adm?.close();
  await baidu?.close();
  await admPeer?.close();
  await baiduPeer?.close();
  ca?.cleanup();
});

function admPush(overrides: Partial<OutboundPush> = {}): OutboundPush {
  sequence += 1;
  return { messageId: `m${sequence}`, channel: 'ADM', token: `amzn1.adm-registration.v3.${sequence}`, title: 'Hello', body: 'World', channelSettings: { ClientId: CLIENT_ID }, credentials: { ClientSecret: CLIENT_SECRET }, ...overrides };
}

function baiduPush(overrides: Partial<OutboundPush> = {}): OutboundPush {
  sequence += 1;
  return { messageId: `m${sequence}`, channel: 'BAIDU', token: `4975304986872672${sequence}`, title: 'Hello', body: 'World & more', channelSettings: {}, credentials: { ApiKey: BAIDU_KEY, SecretKey: BAIDU_SECRET }, ...overrides };
}

describe('ADM transport', () => {
  test('token once, then the message with ADM type headers and Pinpoint data keys', async () => {
    const message = admPush({ data: { orderId: '42' }, options: { collapseKey: 'orders', timeToLive: 600 } });
    const answers = await Promise.all([adm.send(message), adm.send(admPush())]);
    assert.deepEqual(answers.map((a) => a.outcome.status), ['SUCCESSFUL', 'SUCCESSFUL']);
    assert.match(answers[0]!.outcome.providerMessageId ?? '', /^req-\d+$/);
    assert.equal(admPeer.issued.length, 1, 'one access token for both sends');
    const received = admPeer.received.find((m) => m.registrationId === message.token)!;
    assert.equal(received.headers.authorization, `Bearer ${admPeer.issued[0]}`);
    assert.deepEqual(received.body, {
      data: { 'pinpoint.notification.title': 'Hello', 'pinpoint.notification.body': 'World', 'pinpoint.notification.silentPush': '0', 'pinpoint.openApp': 'true', orderId: '42' },
      consolidationKey: 'orders',
      expiresAfter: 600,
    });
  });

  test('Unregistered and InvalidRegistrationId end the token; a canonical registrationID replaces it', async () => {
    for (const reason of ['unregistered', 'invalid-registration-id'] as const) {
      const message = admPush();
      admPeer.answerNext(message.token, reason);
      const answer = await adm.send(message);
      assert.equal(answer.outcome.status, 'PERMANENT_FAILURE');
      assert.equal(answer.tokenInvalid, true);
    }
    const moved = admPush();
    admPeer.answerNext(moved.token, 'canonical');
    assert.equal((await adm.send(moved)).updatedToken, `${moved.token}-canonical`);
  });

  test('MaxRateExceeded honours Retry-After; 503 is retried; 401 renews the access token once', async () => {
    const message = admPush();
    admPeer.answerNext(message.token, 'max-rate-exceeded', 'unavailable');
    const started = Date.now();
    assert.equal((await adm.send(message)).outcome.status, 'SUCCESSFUL');
    assert.ok(Date.now() - started >= 950);
    assert.deepEqual(admPeer.answered.filter((a) => a.registrationId === message.token).map((a) => a.status), [429, 503, 200]);
    const expired = admPush();
    const issued = admPeer.issued.length;
    admPeer.answerNext(expired.token, 'access-token-expired');
    assert.equal((await adm.send(expired)).outcome.status, 'SUCCESSFUL');
    assert.equal(admPeer.issued.length, issued + 1);
  });

  test('RawContent is the data map as Pinpoint documents it, or a whole ADM message', async () => {
    const flat = admPush({ rawContent: JSON.stringify({ 'pinpoint.notification.title': 'Raw', 'pinpoint.notification.silentPush': 0 }) });
    assert.equal((await adm.send(flat)).outcome.status, 'SUCCESSFUL');
    assert.deepEqual(admPeer.received.at(-1)!.body, { data: { 'pinpoint.notification.title': 'Raw', 'pinpoint.notification.silentPush': '0' } });
    const whole = admPush({ rawContent: JSON.stringify({ data: { a: 'b' }, consolidationKey: 'k' }) });
    assert.equal((await adm.send(whole)).outcome.status, 'SUCCESSFUL');
    assert.deepEqual(admPeer.received.at(-1)!.body, { data: { a: 'b' }, consolidationKey: 'k' });
  });

  test('wrong client credentials fail permanently and say only the OAuth error code', async () => {
    const answer = await adm.send(admPush({ credentials: { ClientSecret: 'wrong-secret-value' } }));
    assert.deepEqual(answer.outcome, { status: 'PERMANENT_FAILURE', statusCode: 403, statusMessage: "The ADM token endpoint refused the channel's credentials: 401 (invalid_client)" });
  });
});

describe('Baidu transport', () => {
  test('a signed notification the peer verifies; the answer is Baidu msg_id', async () => {
    const message = baiduPush({ data: { orderId: '42' }, action: 'URL', url: 'https://example.com/o?id=42&x=a b', options: { timeToLive: 3600 } });
    const answer = await baidu.send(message);
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    assert.match(answer.outcome.providerMessageId ?? '', /^\d+0001$/);
    const received = baiduPeer.received.at(-1)!;
    assert.equal(received.params.channel_id, message.token);
    assert.equal(received.params.device_type, '3');
    assert.equal(received.params.msg_type, '1');
    assert.equal(received.params.msg_expires, '3600');
    assert.deepEqual(received.msg, {
      title: 'Hello',
      description: 'World & more',
      notification_builder_id: 0,
      notification_basic_style: 7,
      open_type: 1,
      url: 'https://example.com/o?id=42&x=a b',
      custom_content: { 'pinpoint.notification.title': 'Hello', 'pinpoint.notification.body': 'World & more', 'pinpoint.notification.silentPush': '0', 'pinpoint.url': 'https://example.com/o?id=42&x=a b', orderId: '42' },
    });
  });

  test('a silent push is a pass-through message (msg_type 0)', async () => {
    assert.equal((await baidu.send(baiduPush({ silentPush: true, title: undefined, body: undefined, data: { sync: '1' } }))).outcome.status, 'SUCCESSFUL');
    const received = baiduPeer.received.at(-1)!;
    assert.equal(received.params.msg_type, '0');
    assert.deepEqual(received.msg, { 'pinpoint.notification.silentPush': '1', 'pinpoint.openApp': 'true', sync: '1' });
  });

  test('a server error is retried; a refusal is permanent with Baidu error code and message', async () => {
    const message = baiduPush();
    baiduPeer.answerNext(message.token, 'server-error');
    assert.equal((await baidu.send(message)).outcome.status, 'SUCCESSFUL');
    const refused = baiduPush();
    baiduPeer.answerNext(refused.token, 'invalid-params');
    assert.deepEqual((await baidu.send(refused)).outcome, { status: 'PERMANENT_FAILURE', statusCode: 400, statusMessage: '30602: Request Params Not Valid' });
    const wrongSecret = await baidu.send(baiduPush({ credentials: { ApiKey: BAIDU_KEY, SecretKey: 'not-the-secret' } }));
    assert.deepEqual(wrongSecret.outcome, { status: 'PERMANENT_FAILURE', statusCode: 401, statusMessage: '30603: Authentication failed' });
    assert.equal(wrongSecret.tokenInvalid, undefined, 'a refused credential says nothing about the device');
  });

  test('a channel_id no install is bound to, or whose token expired, fails permanently and ends the token', async () => {
    for (const [answer, statusCode, statusMessage] of [
      ['unbound-channel', 404, '30608: Bind Relation Not Found'],
      ['channel-token-expired', 400, '30607: Channel Token Timeout'],
    ] as const) {
      const message = baiduPush();
      baiduPeer.answerNext(message.token, answer);
      const before = baiduPeer.answered.length;
      assert.deepEqual(await baidu.send(message), { outcome: { status: 'PERMANENT_FAILURE', statusCode, statusMessage }, tokenInvalid: true });
      assert.equal(baiduPeer.answered.length - before, 1, 'not tried again');
    }
  });

  test('a spent quota is THROTTLED at once (no retry spends it again); a stale timestamp is signed anew and retried', async () => {
    const quota = baiduPush();
    baiduPeer.answerNext(quota.token, 'quota-spent', 'ok');
    const before = baiduPeer.answered.length;
    const throttled = await baidu.send(quota);
    assert.deepEqual(throttled.outcome, { status: 'THROTTLED', statusCode: 429, statusMessage: '30604: Quota Use Up Payment Required' });
    assert.equal(throttled.tokenInvalid, undefined);
    assert.equal(baiduPeer.answered.length - before, 1);
    const stale = baiduPush();
    baiduPeer.answerNext(stale.token, 'stale-timestamp');
    assert.equal((await baidu.send(stale)).outcome.status, 'SUCCESSFUL');
  });
});

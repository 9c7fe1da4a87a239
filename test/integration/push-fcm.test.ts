// The FCM transport against a real HTTPS peer on loopback that implements Google's OAuth token
// endpoint (verifying the RS256 service-account assertion) and FCM HTTP v1 and legacy sends:
// message bodies, access-token caching and renewal, Google's answers, the token_uri allow-list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FcmTransport } from '../../src/channels/push/fcm/fcm-transport.ts';
import { RateLimiter } from '../../src/channels/rate-limiter.ts';
import type { OutboundPush } from '../../src/channels/transport.ts';
import { startFcmPeer } from '../helpers/fcm-peer.ts';
import type { FcmPeer } from '../helpers/fcm-peer.ts';
import { serviceAccountJson } from '../helpers/push-credentials.ts';
import { makeTestCa } from '../helpers/test-ca.ts';
import type { TestCa } from '../helpers/test-ca.ts';

const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const API_KEY = 'AAAA-legacy-server-key-0123456789';

let ca: TestCa;
let peer: FcmPeer;
let serviceJson: string;
let transport: FcmTransport;
let sequence = 0;

before(async () => {
  ca = makeTestCa();
  // The token_uri must name the peer; made after the peer knows its port.
  const draft = serviceAccountJson();
  peer = await startFcmPeer({ tls: ca, serviceAccounts: [draft], apiKeys: [API_KEY] });
  serviceJson = JSON.stringify({ ...JSON.parse(draft), token_uri: peer.tokenUri });
  transport = new FcmTransport({ endpoint: peer.url, legacyEndpoint: `${peer.url}/fcm/send`, allowedTokenEndpoint: peer.tokenUri, limiter: new RateLimiter(1000), retry: FAST_RETRY, ca: ca.caPem });
});

after(async () => {
  await transport?.close();
  await peer?.close();
  ca?.cleanup();
});

function push(overrides: Partial<OutboundPush> = {}): OutboundPush {
  sequence += 1;
  return {
    messageId: `msg-${sequence}`,
    channel: 'GCM',
    token: `fcm-token-${sequence}`,
    title: 'Hello',
    body: 'World',
    channelSettings: { DefaultAuthenticationMethod: 'TOKEN' },
    credentials: { ServiceJson: serviceJson },
    ...overrides,
  };
}

describe('FCM HTTP v1', () => {
  test('a notification with Pinpoint data keys and Android options; the answer is the message name', async () => {
    const message = push({ data: { orderId: '42' }, action: 'URL', url: 'https://example.com/o/42', options: { priority: '10', timeToLive: 3600, collapseKey: 'orders', sound: 'default' } });
    const answer = await transport.send(message);
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    assert.match(answer.outcome.providerMessageId ?? '', /^projects\/pinion-test-project\/messages\/0:\d+$/);
    const received = peer.received.at(-1)!;
    assert.equal(received.projectId, 'pinion-test-project');
    assert.match(received.authorization, /^Bearer ya29\.test-/);
    assert.deepEqual(received.body, {
      message: {
        token: message.token,
        notification: { title: 'Hello', body: 'World' },
        data: {
          'pinpoint.notification.title': 'Hello',
          'pinpoint.notification.body': 'World',
          'pinpoint.notification.silentPush': '0',
          'pinpoint.url': 'https://example.com/o/42',
          orderId: '42',
        },
        android: { priority: 'high', ttl: '3600s', collapse_key: 'orders', notification: { sound: 'default' } },
      },
    });
  });

  test('the access token is fetched once and reused while valid', async () => {
    const requests = peer.tokenRequests();
    const answers = await Promise.all([push(), push(), push()].map((message) => transport.send(message)));
    assert.deepEqual(answers.map((a) => a.outcome.status), ['SUCCESSFUL', 'SUCCESSFUL', 'SUCCESSFUL']);
    assert.equal(peer.tokenRequests(), requests);
    assert.equal(new Set(peer.received.slice(-3).map((m) => m.authorization)).size, 1);
  });

  test('a silent push is a data message; RawContent replaces the message but keeps the endpoint token', async () => {
    assert.equal((await transport.send(push({ silentPush: true, title: undefined, body: undefined, data: { sync: '1' } }))).outcome.status, 'SUCCESSFUL');
    const silent = peer.received.at(-1)!.body.message as Record<string, unknown>;
    assert.equal(silent.notification, undefined);
    assert.deepEqual(silent.data, { 'pinpoint.notification.silentPush': '1', 'pinpoint.openApp': 'true', sync: '1' });
    const raw = push({ rawContent: JSON.stringify({ message: { topic: 'everyone', token: 'someone-else', data: { a: 1, b: 'two' }, android: { priority: 'normal' } } }) });
    assert.equal((await transport.send(raw)).outcome.status, 'SUCCESSFUL');
    assert.deepEqual(peer.received.at(-1)!.body, { message: { token: raw.token, data: { a: '1', b: 'two' }, android: { priority: 'normal' } } });
    const legacyShaped = push({ rawContent: JSON.stringify({ notification: { title: 'T', body: 'B', sound: 'ping' }, data: { k: 'v' }, priority: 'high', time_to_live: 60, collapse_key: 'c' }) });
    assert.equal((await transport.send(legacyShaped)).outcome.status, 'SUCCESSFUL');
    assert.deepEqual(peer.received.at(-1)!.body, {
      message: { token: legacyShaped.token, data: { k: 'v' }, notification: { title: 'T', body: 'B' }, android: { notification: { sound: 'ping' }, priority: 'high', ttl: '60s', collapse_key: 'c' } },
    });
  });

  test('UNREGISTERED and an INVALID_ARGUMENT about the token end it; a bad payload does not', async () => {
    const gone = push();
    peer.answerNext(gone.token, 'unregistered');
    const answer = await transport.send(gone);
    assert.equal(answer.tokenInvalid, true);
    assert.deepEqual(answer.outcome, { status: 'PERMANENT_FAILURE', statusCode: 404, statusMessage: 'UNREGISTERED: Requested entity was not found.' });
    const invalid = push();
    peer.answerNext(invalid.token, 'invalid-token');
    assert.equal((await transport.send(invalid)).tokenInvalid, true);
    const payload = push();
    peer.answerNext(payload.token, 'invalid-payload');
    const badPayload = await transport.send(payload);
    assert.equal(badPayload.outcome.status, 'PERMANENT_FAILURE');
    assert.equal(badPayload.tokenInvalid, undefined);
  });

  test('QUOTA_EXCEEDED waits for Retry-After and succeeds; UNAVAILABLE is retried', async () => {
    const message = push();
    peer.answerNext(message.token, 'quota-exceeded', 'unavailable');
    const started = Date.now();
    const answer = await transport.send(message);
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    assert.ok(Date.now() - started >= 950, 'waited the Retry-After second');
    assert.deepEqual(peer.answered.filter((a) => a.token === message.token).map((a) => a.status), [429, 503, 200]);
  });

  test('401 renews the access token once', async () => {
    const issued = peer.issued.length;
    peer.revokeAccessTokens();
    const answer = await transport.send(push());
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    assert.equal(peer.issued.length, issued + 1);
    const stubborn = push();
    peer.answerNext(stubborn.token, 'unauthenticated', 'unauthenticated');
    const refused = await transport.send(stubborn);
    assert.equal(refused.outcome.status, 'PERMANENT_FAILURE');
    assert.equal(peer.answered.filter((a) => a.token === stubborn.token).length, 2);
  });

  test('a token_uri other than Google or PINION_FCM_TOKEN_ENDPOINT is refused before anything is sent', async () => {
    const strict = new FcmTransport({ endpoint: peer.url, legacyEndpoint: `${peer.url}/fcm/send`, allowedTokenEndpoint: undefined, limiter: new RateLimiter(1000), retry: FAST_RETRY, ca: ca.caPem });
    try {
      const requests = peer.tokenRequests();
      const answer = await strict.send(push());
      assert.equal(answer.outcome.status, 'PERMANENT_FAILURE');
      assert.match(answer.outcome.statusMessage, /token_uri other than https:\/\/oauth2\.googleapis\.com\/token; the operator can allow another with PINION_FCM_TOKEN_ENDPOINT/);
      assert.equal(peer.tokenRequests(), requests);
    } finally {
      await strict.close();
    }
  });

  test('a service account the token endpoint refuses fails permanently without repeating any secret', async () => {
    const stranger = serviceAccountJson({ token_uri: peer.tokenUri, client_email: 'stranger@pinion-test-project.iam.gserviceaccount.com' });
    const answer = await transport.send(push({ credentials: { ServiceJson: stranger } }));
    assert.deepEqual(answer.outcome, { status: 'PERMANENT_FAILURE', statusCode: 403, statusMessage: "The FCM token endpoint refused the channel's credentials: 400 (invalid_grant)" });
  });
});

describe('FCM legacy API (ApiKey)', () => {
  const legacy = (overrides: Partial<OutboundPush> = {}) => push({ channelSettings: { DefaultAuthenticationMethod: 'KEY' }, credentials: { ApiKey: API_KEY, ServiceJson: serviceJson }, ...overrides });

  test('sends with Authorization key=… and answers the message id', async () => {
    const message = legacy({ options: { priority: 'normal', timeToLive: 120 } });
    const answer = await transport.send(message);
    assert.equal(answer.outcome.status, 'SUCCESSFUL', answer.outcome.statusMessage);
    const received = peer.received.at(-1)!;
    assert.equal(received.api, 'legacy');
    assert.equal(received.authorization, `key=${API_KEY}`);
    assert.deepEqual(received.body, {
      to: message.token,
      notification: { title: 'Hello', body: 'World' },
      data: { 'pinpoint.notification.title': 'Hello', 'pinpoint.notification.body': 'World', 'pinpoint.notification.silentPush': '0', 'pinpoint.openApp': 'true' },
      priority: 'normal',
      time_to_live: 120,
    });
  });

  test('NotRegistered ends the token; a canonical registration_id replaces it; a wrong key is permanent', async () => {
    const gone = legacy();
    peer.answerNext(gone.token, 'not-registered');
    assert.deepEqual(await transport.send(gone), { outcome: { status: 'PERMANENT_FAILURE', statusCode: 400, statusMessage: 'NotRegistered' }, tokenInvalid: true });
    const moved = legacy();
    peer.answerNext(moved.token, 'canonical');
    const answer = await transport.send(moved);
    assert.equal(answer.outcome.status, 'SUCCESSFUL');
    assert.equal(answer.updatedToken, `${moved.token}-canonical`);
    const wrong = await transport.send(legacy({ credentials: { ApiKey: 'not-the-key' } }));
    assert.deepEqual(wrong.outcome, { status: 'PERMANENT_FAILURE', statusCode: 401, statusMessage: 'FCM refused the GCM channel ApiKey (401)' });
  });

  test('the preferred method TOKEN wins over the channel default KEY', async () => {
    const answer = await transport.send(legacy({ options: { preferredAuthenticationMethod: 'TOKEN' } }));
    assert.equal(answer.outcome.status, 'SUCCESSFUL');
    assert.equal(peer.received.at(-1)!.api, 'v1');
  });
});

// Real push through a started server with PINION_PUSH=live, driven by the real
// @aws-sdk/client-pinpoint: APNs (token and certificate authentication, sandbox and production)
// against an HTTP/2 TLS peer that verifies provider JWTs and client certificates, and FCM HTTP v1
// against an HTTPS peer that verifies the service-account assertion at its token endpoint.
// The peers' throwaway CA is trusted by the server through NODE_EXTRA_CA_CERTS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  GetEndpointCommand,
  PinpointClient,
  SendMessagesCommand,
  UpdateApnsChannelCommand,
  UpdateApnsSandboxChannelCommand,
  UpdateEndpointsBatchCommand,
  UpdateGcmChannelCommand,
} from '@aws-sdk/client-pinpoint';
import type { EndpointBatchItem, MessageRequest } from '@aws-sdk/client-pinpoint';
import { startApnsPeer } from '../helpers/apns-peer.ts';
import type { ApnsPeer } from '../helpers/apns-peer.ts';
import { startFcmPeer } from '../helpers/fcm-peer.ts';
import type { FcmPeer } from '../helpers/fcm-peer.ts';
import { newApp } from '../helpers/pinpoint-fixtures.ts';
import { apnsTokenKey, selfSignedCertificate, serviceAccountJson } from '../helpers/push-credentials.ts';
import { startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { makeTestCa } from '../helpers/test-ca.ts';
import type { TestCa } from '../helpers/test-ca.ts';

const tokenKey = apnsTokenKey();
const certificate = selfSignedCertificate('Apple Push Services: com.example.app');
const TOKEN_AUTH = { TokenKey: tokenKey, TokenKeyId: 'ABC123DEFG', TeamId: 'TEAM123456', BundleId: 'com.example.app' };

let ca: TestCa;
let apns: ApnsPeer;
let apnsSandbox: ApnsPeer;
let fcm: FcmPeer;
let serviceJson: string;
let server: PinionProcess;
let pinpoint: PinpointClient;

const LEGACY_KEY = 'AAAA-legacy-server-key-7f3e';

before(async () => {
  ca = makeTestCa();
  const apnsOptions = { tls: ca, tokenKeys: [{ tokenKey, keyId: TOKEN_AUTH.TokenKeyId, teamId: TOKEN_AUTH.TeamId }], certificates: [certificate.certificate], topics: ['com.example.app'] };
  apns = await startApnsPeer(apnsOptions);
  apnsSandbox = await startApnsPeer(apnsOptions);
  const draft = serviceAccountJson();
  fcm = await startFcmPeer({ tls: ca, serviceAccounts: [draft], apiKeys: [LEGACY_KEY] });
  serviceJson = JSON.stringify({ ...JSON.parse(draft), token_uri: fcm.tokenUri });
  server = await startPinion({
    env: {
      PINION_PUSH: 'live',
      PINION_APNS_ENDPOINT: apns.url,
      PINION_APNS_SANDBOX_ENDPOINT: apnsSandbox.url,
      PINION_FCM_ENDPOINT: fcm.url,
      PINION_FCM_TOKEN_ENDPOINT: fcm.tokenUri,
      PINION_FCM_LEGACY_ENDPOINT: `${fcm.url}/fcm/send`,
      NODE_EXTRA_CA_CERTS: ca.caFile,
      PINION_LOG_LEVEL: 'debug',
    },
  });
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
});

after(async () => {
  pinpoint?.destroy();
  await server?.stop();
  await apns?.close();
  await apnsSandbox?.close();
  await fcm?.close();
  ca?.cleanup();
});

async function endpoints(appId: string, items: EndpointBatchItem[]): Promise<void> {
  await pinpoint.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: items } }));
}

async function send(appId: string, request: MessageRequest) {
  return (await pinpoint.send(new SendMessagesCommand({ ApplicationId: appId, MessageRequest: request }))).MessageResponse!;
}

async function endpointStatus(appId: string, id: string): Promise<string | undefined> {
  return (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse!.EndpointStatus;
}

describe('APNs through SendMessages', () => {
  test('sandbox channel, token authentication: APNSMessage reaches the peer with Apple headers and payload', async () => {
    const appId = await newApp(pinpoint, 'push-apns-sandbox');
    await pinpoint.send(new UpdateApnsSandboxChannelCommand({ ApplicationId: appId, APNSSandboxChannelRequest: { ...TOKEN_AUTH, Enabled: true } }));
    await endpoints(appId, [{ Id: 'iphone', ChannelType: 'APNS_SANDBOX', Address: 'aa11bb22cc33dd44', User: { UserId: 'ada', UserAttributes: { FirstName: ['Ada'] } } }]);
    const before = apnsSandbox.received.length;
    const response = await send(appId, {
      Endpoints: { iphone: {} },
      MessageConfiguration: {
        APNSMessage: { Title: 'Hi {{User.UserAttributes.FirstName}}', Body: 'Your order shipped', Sound: 'default', Badge: 2, Data: { orderId: '42' }, TimeToLive: 3600, CollapseId: 'order-42' },
      },
    });
    const result = response.EndpointResult!.iphone!;
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL', result.StatusMessage);
    assert.equal(result.StatusCode, 200);
    assert.match(result.MessageId ?? '', /^[0-9a-f]{32}$/);
    const [notification] = (await apnsSandbox.waitFor(before + 1)).slice(before);
    assert.equal(notification!.token, 'aa11bb22cc33dd44');
    assert.equal(notification!.auth.kind, 'token');
    assert.equal(notification!.headers['apns-topic'], 'com.example.app');
    assert.equal(notification!.headers['apns-push-type'], 'alert');
    assert.equal(notification!.headers['apns-priority'], '10');
    assert.equal(notification!.headers['apns-collapse-id'], 'order-42');
    assert.equal(notification!.headers['apns-id']!.replace(/-/g, ''), result.MessageId);
    assert.ok(Number(notification!.headers['apns-expiration']) > Date.now() / 1000 + 3500);
    assert.deepEqual(notification!.payload, { orderId: '42', aps: { alert: { title: 'Hi Ada', body: 'Your order shipped' }, sound: 'default', badge: 2 } });
    assert.equal(apns.received.length, 0, 'nothing went to the production endpoint');
  });

  test('production channel, certificate authentication: DefaultPushNotificationMessage to a token address', async () => {
    const appId = await newApp(pinpoint, 'push-apns-certificate');
    await pinpoint.send(new UpdateApnsChannelCommand({ ApplicationId: appId, APNSChannelRequest: { Certificate: certificate.certificate, PrivateKey: certificate.privateKey, Enabled: true } }));
    const before = apns.received.length;
    const response = await send(appId, {
      Addresses: { ffee0011: { ChannelType: 'APNS', Context: { screen: 'offers' } } },
      MessageConfiguration: { DefaultPushNotificationMessage: { Title: 'Default', Body: 'for every platform', SilentPush: false } },
      Context: { campaign: 'spring', screen: 'home' },
    });
    const result = response.Result!.ffee0011!;
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL', result.StatusMessage);
    assert.ok(result.MessageId);
    const [notification] = (await apns.waitFor(before + 1)).slice(before);
    assert.equal(notification!.auth.kind, 'certificate');
    assert.equal(notification!.headers.authorization, undefined);
    assert.equal(notification!.headers['apns-topic'], undefined, 'the certificate names the topic');
    // The request's Context, with the recipient's on top, in data.pinpoint.
    assert.deepEqual(notification!.payload, { data: { pinpoint: { campaign: 'spring', screen: 'offers' } }, aps: { alert: { title: 'Default', body: 'for every platform' } } });
  });

  test('an Unregistered token fails permanently and its endpoint becomes INACTIVE; 429 is retried to success', async () => {
    const appId = await newApp(pinpoint, 'push-apns-answers');
    await pinpoint.send(new UpdateApnsSandboxChannelCommand({ ApplicationId: appId, APNSSandboxChannelRequest: { ...TOKEN_AUTH, Enabled: true } }));
    await endpoints(appId, [
      { Id: 'gone', ChannelType: 'APNS_SANDBOX', Address: 'dead0000beef' },
      { Id: 'busy', ChannelType: 'APNS_SANDBOX', Address: 'b0b0b0b0' },
    ]);
    apnsSandbox.answerNext('dead0000beef', 'unregistered');
    apnsSandbox.answerNext('b0b0b0b0', 'too-many-requests');
    const response = await send(appId, { Endpoints: { gone: {}, busy: {} }, MessageConfiguration: { APNSMessage: { Body: 'ping' } } });
    const gone = response.EndpointResult!.gone!;
    assert.equal(gone.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(gone.StatusCode, 410);
    assert.equal(gone.StatusMessage, 'Unregistered');
    assert.equal(gone.MessageId, undefined);
    assert.equal(await endpointStatus(appId, 'gone'), 'INACTIVE');
    const busy = response.EndpointResult!.busy!;
    assert.equal(busy.DeliveryStatus, 'SUCCESSFUL', busy.StatusMessage);
    assert.deepEqual(apnsSandbox.answered.filter((a) => a.token === 'b0b0b0b0').map((a) => a.status), [429, 200]);
    assert.equal(await endpointStatus(appId, 'busy'), 'ACTIVE');
  });
});

describe('FCM through SendMessages', () => {
  test('GCM channel with a service account: GCMMessage reaches FCM HTTP v1; UNREGISTERED makes the endpoint INACTIVE', async () => {
    const appId = await newApp(pinpoint, 'push-fcm');
    await pinpoint.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ServiceJson: serviceJson, DefaultAuthenticationMethod: 'TOKEN', Enabled: true } }));
    await endpoints(appId, [
      { Id: 'pixel', ChannelType: 'GCM', Address: 'fcm-registration-token-1' },
      { Id: 'old-pixel', ChannelType: 'GCM', Address: 'fcm-registration-token-2' },
    ]);
    fcm.answerNext('fcm-registration-token-2', 'unregistered');
    const before = fcm.received.length;
    const response = await send(appId, {
      Endpoints: { pixel: {}, 'old-pixel': {} },
      MessageConfiguration: { GCMMessage: { Title: 'Sale', Body: 'Everything must go', Data: { sku: 'A-1' }, Priority: 'high', TimeToLive: 600, CollapseKey: 'sale' } },
    });
    const pixel = response.EndpointResult!.pixel!;
    assert.equal(pixel.DeliveryStatus, 'SUCCESSFUL', pixel.StatusMessage);
    assert.ok(pixel.MessageId);
    const message = fcm.received.slice(before)[0]!;
    assert.equal(message.projectId, 'pinion-test-project');
    assert.deepEqual(message.body, {
      message: {
        token: 'fcm-registration-token-1',
        notification: { title: 'Sale', body: 'Everything must go' },
        data: { 'pinpoint.notification.title': 'Sale', 'pinpoint.notification.body': 'Everything must go', 'pinpoint.notification.silentPush': '0', 'pinpoint.openApp': 'true', sku: 'A-1' },
        android: { priority: 'high', ttl: '600s', collapse_key: 'sale' },
      },
    });
    const old = response.EndpointResult!['old-pixel']!;
    assert.equal(old.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(old.StatusCode, 404);
    assert.equal(await endpointStatus(appId, 'old-pixel'), 'INACTIVE');
    assert.equal(await endpointStatus(appId, 'pixel'), 'ACTIVE');
  });

  test('the legacy server key: a canonical registration id comes back as UpdatedToken', async () => {
    const appId = await newApp(pinpoint, 'push-fcm-legacy');
    await pinpoint.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ApiKey: LEGACY_KEY, DefaultAuthenticationMethod: 'KEY', Enabled: true } }));
    fcm.answerNext('moved-token', 'canonical');
    const response = await send(appId, { Addresses: { 'moved-token': { ChannelType: 'GCM' }, 'steady-token': { ChannelType: 'GCM' } }, MessageConfiguration: { GCMMessage: { Title: 'Hi', Body: 'There' } } });
    const moved = response.Result!['moved-token']!;
    assert.equal(moved.DeliveryStatus, 'SUCCESSFUL', moved.StatusMessage);
    assert.equal(moved.UpdatedToken, 'moved-token-canonical');
    assert.equal(response.Result!['steady-token']!.UpdatedToken, undefined);
    assert.equal(fcm.received.at(-1)!.api, 'legacy');
    assert.doesNotMatch(server.output(), new RegExp(LEGACY_KEY));
  });

  test('a canonical registration id for an endpoint becomes its Address; its other fields stay', async () => {
    const appId = await newApp(pinpoint, 'push-fcm-canonical-endpoint');
    await pinpoint.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ApiKey: LEGACY_KEY, DefaultAuthenticationMethod: 'KEY', Enabled: true } }));
    await endpoints(appId, [
      { Id: 'tablet', ChannelType: 'GCM', Address: 'tablet-old-token', Attributes: { shelf: ['top'] }, User: { UserId: 'reader-1' } },
      { Id: 'phone', ChannelType: 'GCM', Address: 'phone-token' },
    ]);
    fcm.answerNext('tablet-old-token', 'canonical');
    const response = await send(appId, { Endpoints: { tablet: {}, phone: {} }, MessageConfiguration: { GCMMessage: { Title: 'Hi', Body: 'There' } } });
    const tablet = response.EndpointResult!.tablet!;
    assert.equal(tablet.DeliveryStatus, 'SUCCESSFUL', tablet.StatusMessage);
    assert.equal(tablet.UpdatedToken, 'tablet-old-token-canonical');
    const stored = (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'tablet' }))).EndpointResponse!;
    assert.equal(stored.Address, 'tablet-old-token-canonical');
    assert.equal(stored.EndpointStatus, 'ACTIVE');
    assert.deepEqual(stored.Attributes, { shelf: ['top'] });
    assert.equal(stored.User?.UserId, 'reader-1');
    assert.equal((await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'phone' }))).EndpointResponse!.Address, 'phone-token');
    // The next message goes to the new token.
    await send(appId, { Endpoints: { tablet: {} }, MessageConfiguration: { GCMMessage: { Title: 'Again', Body: 'There' } } });
    assert.equal(fcm.received.at(-1)!.token, 'tablet-old-token-canonical');
  });

  test('QUOTA_EXCEEDED is retried after Retry-After; RawContent replaces the message', async () => {
    const appId = await newApp(pinpoint, 'push-fcm-raw');
    await pinpoint.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ServiceJson: serviceJson, Enabled: true } }));
    fcm.answerNext('fcm-busy-token', 'quota-exceeded');
    const response = await send(appId, {
      Addresses: { 'fcm-busy-token': { ChannelType: 'GCM' } },
      MessageConfiguration: { GCMMessage: { RawContent: JSON.stringify({ data: { kind: 'raw' }, android: { priority: 'normal' } }) } },
    });
    const result = response.Result!['fcm-busy-token']!;
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL', result.StatusMessage);
    assert.deepEqual(fcm.answered.filter((a) => a.token === 'fcm-busy-token').map((a) => a.status), [429, 200]);
    assert.deepEqual(fcm.received.at(-1)!.body, { message: { token: 'fcm-busy-token', data: { kind: 'raw' }, android: { priority: 'normal' } } });
  });
});

describe('secrets', () => {
  test('the server log holds no private key, certificate key, provider JWT or access token', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = server.output();
    assert.ok(log.includes('messaging: transports ready'), 'the log was captured');
    assert.match(log, /"push":"live"/);
    const keyBody = (pem: string) => pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'))[1]!;
    const secrets = [
      keyBody(tokenKey),
      keyBody(certificate.privateKey),
      keyBody((JSON.parse(serviceJson) as { private_key: string }).private_key),
      ...apns.providerTokens,
      ...apnsSandbox.providerTokens,
      ...fcm.issued,
    ];
    assert.ok(apnsSandbox.providerTokens.length > 0 && fcm.issued.length > 0, 'tokens were used');
    for (const secret of secrets) assert.equal(log.includes(secret), false, 'a secret appears in the server log');
  });
});

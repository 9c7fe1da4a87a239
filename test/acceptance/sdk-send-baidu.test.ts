// Baidu Cloud Push through a started server with PINION_PUSH=live, driven by the real
// @aws-sdk/client-pinpoint, against an HTTPS peer that checks Baidu's request signature: a
// BaiduMessage reaches the device's channel_id; a channel_id no install is bound to fails
// permanently and its endpoint becomes INACTIVE; a spent quota is THROTTLED and the endpoint stays.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetEndpointCommand, PinpointClient, SendMessagesCommand, UpdateBaiduChannelCommand, UpdateEndpointsBatchCommand } from '@aws-sdk/client-pinpoint';
import { startBaiduPeer } from '../helpers/baidu-peer.ts';
import type { BaiduPeer } from '../helpers/baidu-peer.ts';
import { newApp } from '../helpers/pinpoint-fixtures.ts';
import { startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { makeTestCa } from '../helpers/test-ca.ts';
import type { TestCa } from '../helpers/test-ca.ts';

const API_KEY = 'baidu-api-key-7c1d';
const SECRET_KEY = 'baidu-secret-key-0e9f';

let ca: TestCa;
let baidu: BaiduPeer;
let server: PinionProcess;
let pinpoint: PinpointClient;

before(async () => {
  ca = makeTestCa();
  baidu = await startBaiduPeer({ tls: ca, apiKey: API_KEY, secretKey: SECRET_KEY });
  server = await startPinion({ env: { PINION_PUSH: 'live', PINION_BAIDU_ENDPOINT: baidu.url, NODE_EXTRA_CA_CERTS: ca.caFile } });
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
});

after(async () => {
  pinpoint?.destroy();
  await server?.stop();
  await baidu?.close();
  ca?.cleanup();
});

async function endpointStatus(appId: string, id: string): Promise<string | undefined> {
  return (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse!.EndpointStatus;
}

test('Baidu answers through SendMessages: delivered, unbound channel (endpoint INACTIVE), spent quota (THROTTLED)', async () => {
  const appId = await newApp(pinpoint, 'push-baidu');
  await pinpoint.send(new UpdateBaiduChannelCommand({ ApplicationId: appId, BaiduChannelRequest: { ApiKey: API_KEY, SecretKey: SECRET_KEY, Enabled: true } }));
  await pinpoint.send(
    new UpdateEndpointsBatchCommand({
      ApplicationId: appId,
      EndpointBatchRequest: {
        Item: [
          { Id: 'phone', ChannelType: 'BAIDU', Address: '3764120950928412001' },
          { Id: 'uninstalled', ChannelType: 'BAIDU', Address: '3764120950928412002' },
          { Id: 'over-quota', ChannelType: 'BAIDU', Address: '3764120950928412003' },
        ],
      },
    }),
  );
  baidu.answerNext('3764120950928412002', 'unbound-channel');
  baidu.answerNext('3764120950928412003', 'quota-spent');
  const before = baidu.received.length;
  const response = await pinpoint.send(
    new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: { Endpoints: { phone: {}, uninstalled: {}, 'over-quota': {} }, MessageConfiguration: { BaiduMessage: { Title: 'Order', Body: 'Your order shipped' } } },
    }),
  );
  const results = response.MessageResponse!.EndpointResult!;

  assert.equal(results.phone!.DeliveryStatus, 'SUCCESSFUL', results.phone!.StatusMessage);
  assert.equal(baidu.received.length - before, 1);
  assert.equal(baidu.received.at(-1)!.params.channel_id, '3764120950928412001');

  assert.equal(results.uninstalled!.DeliveryStatus, 'PERMANENT_FAILURE');
  assert.equal(results.uninstalled!.StatusCode, 404);
  assert.equal(results.uninstalled!.StatusMessage, '30608: Bind Relation Not Found');
  assert.equal(await endpointStatus(appId, 'uninstalled'), 'INACTIVE');

  assert.equal(results['over-quota']!.DeliveryStatus, 'THROTTLED');
  assert.equal(results['over-quota']!.StatusMessage, '30604: Quota Use Up Payment Required');
  assert.equal(baidu.answered.filter((answer) => answer.channelId === '3764120950928412003').length, 1, 'a spent quota is not tried again');
  assert.equal(await endpointStatus(appId, 'over-quota'), 'ACTIVE');
  assert.equal(await endpointStatus(appId, 'phone'), 'ACTIVE');
});

// Voice messages through the HTTP voice-provider adapter, against a real HTTP server on loopback
// and the real @aws-sdk/client-pinpoint: text or SSML with the language and voice, the origination
// number, the provider's id kept, 429 retried, other 4xx refused with the provider's words, the
// voice channel required, simulator numbers kept away from the provider, and the auth header
// never in the log.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { PinpointClient, SendMessagesCommand, UpdateVoiceChannelCommand } from '@aws-sdk/client-pinpoint';
import type { VoiceMessage } from '@aws-sdk/client-pinpoint';
import { newApp, rawCall } from '../helpers/pinpoint-fixtures.ts';
import { startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const AUTH = 'Bearer voice-secret-51c0';

let provider: Server;
const calls: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
const answers = new Map<string, { status: number; body: string }[]>();
let server: PinionProcess;
let pinpoint: PinpointClient;

before(async () => {
  provider = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      calls.push({ headers: request.headers, body });
      const queue = answers.get(String(body.to)) ?? [];
      const answer = queue.shift() ?? { status: 201, body: JSON.stringify({ id: `call-${calls.length}` }) };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.status === 429 ? { 'retry-after': '0' } : {}) }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  server = await startPinion({ env: { PINION_VOICE_HTTP_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/calls`, PINION_VOICE_HTTP_AUTH_HEADER: AUTH } });
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
});

after(async () => {
  pinpoint?.destroy();
  await server?.stop();
  await new Promise<void>((resolve) => provider?.close(() => resolve()));
});

async function call(appId: string, address: string, voice: VoiceMessage) {
  const out = await pinpoint.send(new SendMessagesCommand({ ApplicationId: appId, MessageRequest: { Addresses: { [address]: { ChannelType: 'VOICE' } }, MessageConfiguration: { VoiceMessage: voice } } }));
  return out.MessageResponse!.Result![address]!;
}

test('text and SSML reach the provider with language, voice and origination; its answers drive the results', async () => {
  const appId = await newApp(pinpoint, 'voice');
  const disabled = await call(appId, '+447700900300', { Body: 'Hello' });
  assert.equal(disabled.DeliveryStatus, 'PERMANENT_FAILURE');
  assert.match(disabled.StatusMessage!, /VOICE channel is not enabled/);
  await pinpoint.send(new UpdateVoiceChannelCommand({ ApplicationId: appId, VoiceChannelRequest: { Enabled: true } }));

  const spoken = await call(appId, '+447700900300', { Body: 'Your code is {{Code}}', LanguageCode: 'en-GB', VoiceId: 'Amy', OriginationNumber: '+447700900001', Substitutions: { Code: ['1 2 3 4'] } });
  assert.equal(spoken.DeliveryStatus, 'SUCCESSFUL');
  assert.match(spoken.MessageId!, /^[0-9a-f]{32}$/);
  const first = calls.at(-1)!;
  assert.deepEqual(first.body, { messageId: spoken.MessageId, to: '+447700900300', from: '+447700900001', text: 'Your code is 1 2 3 4', languageCode: 'en-GB', voiceId: 'Amy' });
  assert.equal(first.headers.authorization, AUTH);
  assert.equal(first.headers['idempotency-key'], spoken.MessageId);

  await call(appId, '+447700900301', { Body: '<speak>Hello <break time="1s"/> there</speak>', LanguageCode: 'en-US', VoiceId: 'Joanna' });
  assert.equal(calls.at(-1)!.body.ssml, '<speak>Hello <break time="1s"/> there</speak>');
  assert.equal(calls.at(-1)!.body.text, undefined);

  answers.set('+447700900302', [{ status: 429, body: '{"message":"slow down"}' }]);
  assert.equal((await call(appId, '+447700900302', { Body: 'retry me' })).DeliveryStatus, 'SUCCESSFUL');
  assert.equal(calls.filter((c) => c.body.to === '+447700900302').length, 2);

  answers.set('+447700900303', [{ status: 422, body: '{"message":"unsupported voice"}' }]);
  const refused = await call(appId, '+447700900303', { Body: 'x', VoiceId: 'Nobody' });
  assert.equal(refused.DeliveryStatus, 'PERMANENT_FAILURE');
  assert.equal(refused.StatusMessage, 'The voice provider refused the message (HTTP 422): unsupported voice');

  const count = calls.length;
  assert.equal((await call(appId, '+12065550102', { Body: 'simulated' })).DeliveryStatus, 'OPT_OUT');
  assert.equal(calls.length, count, 'a simulator number never reaches the provider');
  const outbox = (await rawCall(server, 'GET', `/v1/apps/${appId}/outbox`)).json as { Item: { Address: string }[] };
  assert.deepEqual(outbox.Item.map((m) => m.Address), ['+12065550102']);

  assert.doesNotMatch(server.output(), /voice-secret-51c0/);
});

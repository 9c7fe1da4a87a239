// The custom channel's webhook transport against a real HTTP receiver on loopback: the receiver
// verifies the signature the way a customer's would, and answers with the statuses that drive
// retries and results. Private destinations are refused unless the policy allows them.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { verifyWebhook } from '../../src/channels/custom/webhook-signature.ts';
import { WebhookTransport } from '../../src/channels/custom/webhook-transport.ts';
import { RateLimiter } from '../../src/channels/rate-limiter.ts';

const SECRET = 'whsec-test-0123456789';
const received: { path: string; body: string; verified: boolean; messageId: string }[] = [];
const answers = new Map<string, number[]>();
let base: string;
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    const path = request.url ?? '/';
    received.push({ path, body, verified: verifyWebhook(SECRET, body, String(request.headers['x-pinion-signature'] ?? ''), Math.floor(Date.now() / 1000)), messageId: String(request.headers['x-pinion-message-id']) });
    const queue = answers.get(path) ?? [];
    const status = queue.shift() ?? 200;
    if (path === '/drip') {
      // Answers a byte at a time, never finishing: only a deadline on the whole exchange ends it.
      response.writeHead(200);
      const timer = setInterval(() => response.write('.'), 50);
      response.on('close', () => clearInterval(timer));
      return;
    }
    if (status === 302) response.setHeader('location', `${base}/elsewhere`);
    response.writeHead(status).end(status >= 400 ? 'nope' : '');
  });
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const loopback = new WebhookTransport({ signingSecret: SECRET, policy: { allowPrivate: true, allowHttp: true }, timeoutMs: 5_000 }, new RateLimiter(1000));

test('a delivery is a signed JSON POST the receiver can verify; 2xx is SUCCESSFUL', async () => {
  const outcome = await loopback.deliver({ messageId: 'm-1', deliveryUri: `${base}/ok`, payload: { Message: { Body: 'hi' }, Endpoints: { e1: { Address: 'x' } } } });
  assert.equal(outcome.status, 'SUCCESSFUL');
  const last = received.at(-1)!;
  assert.equal(last.path, '/ok');
  assert.equal(last.verified, true);
  assert.equal(last.messageId, 'm-1');
  assert.deepEqual(JSON.parse(last.body), { Message: { Body: 'hi' }, Endpoints: { e1: { Address: 'x' } } });
  assert.equal(verifyWebhook('another-secret', last.body, 't=1,v1=00', Math.floor(Date.now() / 1000)), false);
});

test('503 then 200 is retried to success; 429 three times is THROTTLED; 400 is PERMANENT_FAILURE at once; redirects are not followed', async () => {
  answers.set('/flaky', [503]);
  assert.equal((await loopback.deliver({ messageId: 'm-2', deliveryUri: `${base}/flaky`, payload: {} })).status, 'SUCCESSFUL');
  assert.equal(received.filter((r) => r.path === '/flaky').length, 2);
  answers.set('/busy', [429, 429, 429]);
  assert.equal((await loopback.deliver({ messageId: 'm-3', deliveryUri: `${base}/busy`, payload: {} })).status, 'THROTTLED');
  answers.set('/bad', [400]);
  const bad = await loopback.deliver({ messageId: 'm-4', deliveryUri: `${base}/bad`, payload: {} });
  assert.equal(bad.status, 'PERMANENT_FAILURE');
  assert.match(bad.statusMessage, /answered 400: nope/);
  assert.equal(received.filter((r) => r.path === '/bad').length, 1);
  answers.set('/moved', [302]);
  assert.equal((await loopback.deliver({ messageId: 'm-5', deliveryUri: `${base}/moved`, payload: {} })).status, 'PERMANENT_FAILURE');
  assert.equal(received.filter((r) => r.path === '/elsewhere').length, 0);
});

test('the default policy refuses http and private destinations before sending anything', async () => {
  const strict = new WebhookTransport({ signingSecret: SECRET, policy: { allowPrivate: false, allowHttp: false }, timeoutMs: 5_000 }, new RateLimiter(1000));
  const count = received.length;
  assert.match((await strict.deliver({ messageId: 'm-6', deliveryUri: `${base}/ok`, payload: {} })).statusMessage, /must be an https:\/\/ URL/);
  const httpsLoopback = new WebhookTransport({ signingSecret: SECRET, policy: { allowPrivate: false, allowHttp: true }, timeoutMs: 5_000 }, new RateLimiter(1000));
  assert.match((await httpsLoopback.deliver({ messageId: 'm-7', deliveryUri: `${base}/ok`, payload: {} })).statusMessage, /private or reserved address/);
  const named = await httpsLoopback.deliver({ messageId: 'm-8', deliveryUri: `${base.replace('127.0.0.1', 'localhost')}/ok`, payload: {} });
  assert.equal(named.status, 'PERMANENT_FAILURE');
  assert.match(named.statusMessage, /resolves to a private or reserved address/);
  assert.equal(received.length, count, 'nothing reached the receiver');
});

test('a receiver that drips its answer forever is cut off by the deadline and the delivery is TEMPORARY_FAILURE', async () => {
  const quick = new WebhookTransport({ signingSecret: SECRET, policy: { allowPrivate: true, allowHttp: true }, timeoutMs: 300 }, new RateLimiter(1000));
  const outcome = await quick.deliver({ messageId: 'm-9', deliveryUri: `${base}/drip`, payload: {} });
  assert.equal(outcome.status, 'TEMPORARY_FAILURE');
  assert.match(outcome.statusMessage, /did not answer within 300 ms/);
});

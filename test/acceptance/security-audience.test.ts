// Security review of the audience/events/event-stream code (endpoints, users, attributes,
// PutEvents, ListEndpoints, event streams). Each test states the property that should hold; a
// failing test is a finding. Run: npm test -- security-audience
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateAppCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { signedFetch } from '../helpers/signed-fetch.ts';
import type { FetchedResponse } from '../helpers/signed-fetch.ts';

type Credentials = { accessKeyId: string; secretAccessKey: string };
let server: PinionProcess;
let iam: IAMClient;
let pinpoint: PinpointClient;

before(async () => {
  server = await startPinion();
  iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
});

after(async () => {
  iam.destroy();
  pinpoint.destroy();
  await server.stop();
});

async function newApp(): Promise<string> {
  return (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'sec' } }))).ApplicationResponse!.Id!;
}

function call(method: string, path: string, body?: unknown, options: { query?: Record<string, string>; credentials?: Credentials } = {}): Promise<FetchedResponse> {
  return signedFetch({
    baseUrl: server.url,
    method,
    path,
    ...(options.query ? { query: options.query } : {}),
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    credentials: options.credentials ?? server.credentials,
    region: 'us-east-1',
  });
}

async function user(name: string, statements: object[]): Promise<Credentials> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

async function putEndpoint(appId: string, id: string, request: object): Promise<void> {
  const response = await call('PUT', `/v1/apps/${appId}/endpoints/${encodeURIComponent(id)}`, request);
  assert.equal(response.status, 202, response.text);
}

/** Milliseconds /livez takes while `work` runs (the worst of several probes). */
async function worstLivezWhile(work: Promise<unknown>): Promise<number> {
  let done = false;
  void work.finally(() => (done = true));
  let worst = 0;
  while (!done) {
    const started = performance.now();
    await fetch(`${server.url}/livez`);
    worst = Math.max(worst, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await work;
  return worst;
}

test('ListEndpoints honours an explicit Deny of GetEndpoint on some endpoints (no deny bypass through the "endpoints/*" resource)', async () => {
  const appId = await newApp();
  await putEndpoint(appId, 'vip-1', { ChannelType: 'EMAIL', Address: 'ceo@example.com' });
  await putEndpoint(appId, 'plain-1', { ChannelType: 'EMAIL', Address: 'someone@example.com' });
  const analyst = await user('analyst', [
    { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' },
    { Effect: 'Deny', Action: 'mobiletargeting:GetEndpoint', Resource: `arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${appId}/endpoints/vip-*` },
  ]);
  const direct = await call('GET', `/v1/apps/${appId}/endpoints/vip-1`, undefined, { credentials: analyst });
  assert.equal(direct.status, 403, 'GetEndpoint on the denied endpoint is refused');
  const listed = await call('GET', `/v1/apps/${appId}/endpoints`, undefined, { credentials: analyst });
  const ids = listed.status === 200 ? ((listed.json as { Item: { Id: string }[] }).Item.map((e) => e.Id)) : [];
  assert.ok(!ids.includes('vip-1'), `ListEndpoints (status ${listed.status}) returned the endpoint GetEndpoint denies: ${listed.text.slice(0, 300)}`);
});

test('ListEndpoints with attribute-name=constructor is answered (not a 500 from Object.prototype lookups)', async () => {
  const appId = await newApp();
  await putEndpoint(appId, 'e1', { ChannelType: 'EMAIL', Address: 'a@example.com', Attributes: { color: ['red'] } });
  for (const name of ['constructor', '__proto__', 'toString']) {
    const response = await call('GET', `/v1/apps/${appId}/endpoints`, undefined, { query: { 'attribute-name': name, 'attribute-value': 'x' } });
    assert.equal(response.status, 200, `attribute-name=${name}: ${response.status} ${response.text}`);
  }
});

test('an attribute named __proto__ is either refused or kept, never accepted and silently dropped', async () => {
  const appId = await newApp();
  const body = '{"ChannelType":"EMAIL","Address":"p@example.com","Attributes":{"__proto__":["x"],"plain":["y"]}}';
  const written = await call('PUT', `/v1/apps/${appId}/endpoints/e1`, body);
  if (written.status === 400) return;
  assert.equal(written.status, 202, written.text);
  const read = await call('GET', `/v1/apps/${appId}/endpoints/e1`);
  const attributes = (read.json as { Attributes?: Record<string, string[]> }).Attributes ?? {};
  assert.ok(Object.hasOwn(attributes, '__proto__'), `accepted with 202 but stored without it: ${JSON.stringify(attributes)}`);
});

test('a refused UpdateEndpoint answers an error of bounded size (no name × values amplification)', async () => {
  const appId = await newApp();
  const name = 'n'.repeat(20_000);
  const values = Array.from({ length: 2_000 }, () => 'v'.repeat(101));
  const body = JSON.stringify({ ChannelType: 'EMAIL', Address: 'a@example.com', Attributes: { [name]: values } });
  const response = await call('PUT', `/v1/apps/${appId}/endpoints/e1`, body);
  assert.equal(response.status, 400);
  assert.ok(response.text.length < 1_000_000, `a ${body.length}-byte request got a ${response.text.length}-byte error answer`);
});

test('PutEvents refuses an event whose record can never be delivered (no length bound on AppTitle & co.)', async () => {
  const appId = await newApp();
  const response = await call('POST', `/v1/apps/${appId}/events`, {
    BatchItem: { e1: { Endpoint: {}, Events: { ev1: { EventType: 'big', Timestamp: new Date().toISOString(), AppTitle: 't'.repeat(2 * 1024 * 1024) } } } },
  });
  const results = response.json as { Results?: Record<string, { EventsItemResponse: Record<string, { StatusCode: number }> }> } | undefined;
  const status = response.status === 202 ? results!.Results!.e1!.EventsItemResponse.ev1!.StatusCode : response.status;
  assert.notEqual(status, 202, 'a 2 MiB AppTitle was accepted: larger than a Kinesis (1 MiB) or Firehose (1,000 KiB) record, and held in the outbox');
});

test('PutEvents bounds the endpoints of one request (100, like UpdateEndpointsBatch) and stays responsive', async () => {
  const appId = await newApp();
  const BatchItem: Record<string, object> = {};
  for (let i = 0; i < 60_000; i++) BatchItem[`e${i}`] = { Endpoint: { User: { UserId: `u${i}` } }, Events: {} };
  const started = performance.now();
  const request = call('POST', `/v1/apps/${appId}/events`, { BatchItem });
  const stall = await worstLivezWhile(request);
  const response = await request;
  const ms = performance.now() - started;
  const results = response.json as { Results?: Record<string, { EndpointItemResponse: { StatusCode: number } }> } | undefined;
  const written = response.status === 202 ? Object.values(results!.Results!).filter((r) => r.EndpointItemResponse.StatusCode === 202).length : 0;
  assert.ok(written <= 100 && response.status < 500, `status ${response.status} ${response.text.slice(0, 200)}: one PutEvents wrote ${written} endpoints in ${ms.toFixed(0)} ms (server unresponsive for up to ${stall.toFixed(0)} ms)`);
});

test('RemoveAttributes refuses an attribute pattern far longer than an attribute name can be', async () => {
  const appId = await newApp();
  await putEndpoint(appId, 'e1', { Attributes: { color: ['red'] } });
  const response = await call('PUT', `/v1/apps/${appId}/attributes/endpoint-custom-attributes`, { Blacklist: ['*a'.repeat(100_000) + 'b'] });
  assert.equal(response.status, 400, `a 200,000-character pattern was run against every registered name: ${response.status}`);
});

test('RemoveAttributes with a large Blacklist does not stall the server', async () => {
  const appId = await newApp();
  const Attributes: Record<string, string[]> = {};
  for (let i = 0; i < 10; i++) Attributes[`attr${i}`] = ['x'];
  await putEndpoint(appId, 'e1', { Attributes });
  const request = call('PUT', `/v1/apps/${appId}/attributes/endpoint-custom-attributes`, { Blacklist: ['*a'.repeat(1_000_000) + 'b'] });
  const stall = await worstLivezWhile(request);
  assert.ok(stall < 2_000, `one RemoveAttributes call (2 MB body, 10 registered names) kept /livez waiting ${stall.toFixed(0)} ms`);
});

test('null list items in attribute values and Blacklist are a 400, not a 500', async () => {
  const appId = await newApp();
  const endpoint = await call('PUT', `/v1/apps/${appId}/endpoints/e1`, '{"Attributes":{"a":[null]}}');
  assert.equal(endpoint.status, 400, `UpdateEndpoint with a null attribute value: ${endpoint.status} ${endpoint.text}`);
  await putEndpoint(appId, 'e2', { Attributes: { color: ['red'] } });
  const remove = await call('PUT', `/v1/apps/${appId}/attributes/endpoint-custom-attributes`, '{"Blacklist":[null]}');
  assert.equal(remove.status, 400, `RemoveAttributes with a null pattern: ${remove.status} ${remove.text}`);
});

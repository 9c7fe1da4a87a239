// Shared by the endpoint and event acceptance suites: a project per test, raw signed calls for
// what the SDKs cannot send (or do not know: ListEndpoints), and the shapes those calls answer.
import assert from 'node:assert/strict';
import { CreateAppCommand, GetEndpointCommand } from '@aws-sdk/client-pinpoint';
import type { EndpointResponse, PinpointClient } from '@aws-sdk/client-pinpoint';
import type { PinionProcess } from './server-process.ts';
import { signedFetch } from './signed-fetch.ts';
import type { FetchedResponse } from './signed-fetch.ts';

/** A new project; its id. */
export async function newApp(pinpoint: PinpointClient, name = 'audience'): Promise<string> {
  const out = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: name } }));
  return out.ApplicationResponse!.Id!;
}

/** The stored endpoint, or undefined on 404 (any other failure is rethrown). */
export async function endpointOrUndefined(pinpoint: PinpointClient, appId: string, id: string): Promise<EndpointResponse | undefined> {
  try {
    return (await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse;
  } catch (error) {
    if ((error as Error).name === 'NotFoundException') return undefined;
    throw error;
  }
}

export interface RawCallOptions {
  query?: Record<string, string>;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
}

/** A signed request with a hand-written JSON body (a string is sent as it is). */
export function rawCall(server: PinionProcess, method: string, path: string, body?: unknown, options: RawCallOptions = {}): Promise<FetchedResponse> {
  return signedFetch({
    baseUrl: server.url,
    method,
    path,
    ...(options.query ? { query: options.query } : {}),
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    credentials: options.credentials ?? server.credentials,
    region: options.region ?? 'us-east-1',
  });
}

export interface EndpointsPage {
  Item: (EndpointResponse & { Id: string })[];
  NextToken?: string;
}

/** ListEndpoints (Pinion extension): one page; fails unless the answer is 200. */
export async function listEndpoints(server: PinionProcess, appId: string, query: Record<string, string> = {}, options: RawCallOptions = {}): Promise<EndpointsPage> {
  const response = await rawCall(server, 'GET', `/v1/apps/${appId}/endpoints`, undefined, { ...options, query });
  assert.equal(response.status, 200, `ListEndpoints ${JSON.stringify(query)}: ${response.status} ${response.text}`);
  return response.json as unknown as EndpointsPage;
}

/** Every page of ListEndpoints with the given filters; the ids in the order returned. */
export async function listAllIds(server: PinionProcess, appId: string, query: Record<string, string> = {}): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await listEndpoints(server, appId, { ...query, ...(token ? { token } : {}) });
    ids.push(...page.Item.map((endpoint) => endpoint.Id));
    token = page.NextToken;
    pages++;
    assert.ok(pages < 1000, 'pagination terminates');
  } while (token);
  return { ids, pages };
}

/** Asserts a raw error answer: status, the error type header and the Message. */
export function assertRawError(response: FetchedResponse, status: number, type: string, message?: RegExp): void {
  assert.equal(response.status, status, response.text);
  assert.equal(response.headers.get('x-amzn-errortype')?.split(':')[0], type, response.text);
  if (message) assert.match(String(response.json?.Message), message);
}

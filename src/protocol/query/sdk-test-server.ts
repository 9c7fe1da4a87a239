import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadQueryModels } from '../../spec/load-models.ts';
import type { QueryServiceKey } from '../../spec/service-model.ts';
import { ApiError } from '../api-error.ts';
import type { WireResponse } from '../write-response.ts';
import { parseFormBody } from './form-params.ts';
import { readQueryRequest } from './read-query-request.ts';
import type { QueryReadResult } from './read-query-request.ts';
import { writeQueryError } from './write-query-error.ts';
import { writeQueryResponse } from './write-query-response.ts';

/**
 * Test-only: a bare node:http server that speaks the query protocol with this folder's reader and
 * writer and nothing else (no auth), so the real @aws-sdk/client-iam and client-sts can be pointed
 * at it. Every request is captured with what the reader made of it; answers come from `respond`.
 */

export interface Captured {
  service: QueryServiceKey;
  method: string;
  contentType: string | undefined;
  body: string;
  read: QueryReadResult;
}

/** An output object, or an ApiError to answer with. */
export type Responder = (operation: string, input: Record<string, unknown>) => Record<string, unknown> | undefined | ApiError;

export interface QueryTestServer {
  endpoint: string;
  captured: Captured[];
  respond: Responder;
  close(): Promise<void>;
}

const models = loadQueryModels();

/** The SDKs sign for `iam` or `sts`; the credential scope says which API a request is for. */
function serviceOf(request: IncomingMessage): QueryServiceKey {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(request.headers.authorization ?? '');
  return scope?.[1] === 'sts' ? 'sts' : 'iam';
}

function handle(server: QueryTestServer, request: IncomingMessage, body: Buffer): WireResponse {
  const service = serviceOf(request);
  const requestId = `req-${server.captured.length + 1}`;
  const query = (request.url ?? '/').split('?')[1] ?? '';
  const params = request.method === 'GET' ? parseFormBody(query) : parseFormBody(body);
  const read = readQueryRequest(models, service, params);
  server.captured.push({ service, method: request.method ?? '', contentType: request.headers['content-type'], body: body.toString('utf8'), read });
  if (!read.ok) return writeQueryError(models.get(service), read.error, requestId);
  const answer = server.respond(read.operation.name, read.input);
  if (answer instanceof ApiError) return writeQueryError(models.get(service), answer, requestId);
  return writeQueryResponse(read.operation, answer, requestId);
}

export async function startQueryTestServer(): Promise<QueryTestServer> {
  const state: QueryTestServer = {
    endpoint: '',
    captured: [],
    respond: () => undefined,
    close: () => Promise.resolve(),
  };
  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let wire: WireResponse;
      try {
        wire = handle(state, request, Buffer.concat(chunks));
      } catch (cause) {
        wire = writeQueryError(undefined, new ApiError('InternalServerErrorException', 500, String(cause)), 'req-error');
      }
      response.writeHead(wire.status, wire.headers);
      response.end(wire.body);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  state.endpoint = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve())));
  return state;
}

/** Client settings for the test server: static credentials, one attempt (no retries hide failures). */
export function clientConfig(server: QueryTestServer) {
  return {
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
  };
}

/** The input the reader produced for the last request (fails the test if reading failed). */
export function lastInput(server: QueryTestServer): Record<string, unknown> {
  const last = server.captured.at(-1);
  if (!last) throw new Error('no request captured');
  if (!last.read.ok) throw new Error(`reading failed: ${last.read.error.code}: ${last.read.error.message}`);
  return last.read.input;
}

// A real HTTPS server on loopback that speaks Google's side of FCM: the OAuth 2.0 token endpoint
// for service accounts (POST /token: the RS256 JWT assertion verified with the account's public
// key, iss/aud/scope/exp checked, an access token issued), FCM HTTP v1
// (POST /v1/projects/<id>/messages:send with that bearer token) and the legacy HTTP API
// (POST /fcm/send with `Authorization: key=<server key>`). Registration tokens can be told to
// answer UNREGISTERED, QUOTA_EXCEEDED (with Retry-After), an INVALID_ARGUMENT about the token,
// or 401 next; access tokens can be revoked so that the next use answers 401.
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import type { TestCa } from './test-ca.ts';

export interface FcmMessage {
  readonly api: 'v1' | 'legacy';
  readonly projectId?: string;
  readonly token: string;
  readonly body: Record<string, unknown>;
  readonly authorization: string;
}

export type FcmAnswer = 'ok' | 'unregistered' | 'quota-exceeded' | 'invalid-token' | 'invalid-payload' | 'unauthenticated' | 'unavailable' | 'canonical' | 'not-registered';

export interface FcmPeerOptions {
  readonly tls: TestCa;
  /** Service-account key files (JSON text) whose assertions are accepted. */
  readonly serviceAccounts?: readonly string[];
  /** Server keys accepted by the legacy API. */
  readonly apiKeys?: readonly string[];
  /** Seconds an access token is valid (default 3599, as Google answers). */
  readonly tokenLifetimeSeconds?: number;
}

export interface FcmPeer {
  readonly url: string;
  /** The token endpoint to write as the service account's token_uri. */
  readonly tokenUri: string;
  /** Messages answered 200, in order. */
  readonly received: FcmMessage[];
  /** Every send and the status it was answered. */
  readonly answered: { readonly token: string; readonly status: number }[];
  /** Access tokens issued, in order. */
  readonly issued: string[];
  /** Token requests (valid or not), in order. */
  tokenRequests(): number;
  answerNext(token: string, ...answers: FcmAnswer[]): void;
  /** Every access token issued so far answers 401 from now on. */
  revokeAccessTokens(): void;
  close(): Promise<void>;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

export async function startFcmPeer(options: FcmPeerOptions): Promise<FcmPeer> {
  const accounts = new Map<string, { projectId: string; publicKey: KeyObject }>();
  for (const text of options.serviceAccounts ?? []) {
    const json = JSON.parse(text) as { client_email: string; project_id: string; private_key: string };
    accounts.set(json.client_email, { projectId: json.project_id, publicKey: createPublicKey(createPrivateKey(json.private_key)) });
  }
  const apiKeys = new Set(options.apiKeys ?? []);
  const valid = new Map<string, { projectId: string; expiresAt: number }>();
  const issued: string[] = [];
  const received: FcmMessage[] = [];
  const answered: FcmPeer['answered'] = [];
  const queued = new Map<string, FcmAnswer[]>();
  let tokenRequests = 0;
  let counter = 0;
  let baseUrl = '';

  const server = https.createServer({ key: options.tls.serverKey, cert: options.tls.serverCert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void route(request, response, Buffer.concat(chunks).toString('utf8')).catch((error: Error) => send(response, 500, { error: { code: 500, message: error.message, status: 'INTERNAL' } }));
    });
  });

  function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  function googleError(code: number, status: string, message: string, errorCode?: string, fields?: string[]) {
    const details: unknown[] = [];
    if (errorCode) details.push({ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode });
    if (fields) details.push({ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: fields.map((field) => ({ field, description: 'Invalid registration token' })) });
    return { error: { code, message, status, details } };
  }

  async function route(request: IncomingMessage, response: ServerResponse, body: string): Promise<void> {
    const path = request.url ?? '';
    if (request.method !== 'POST') return send(response, 405, { error: 'method not allowed' });
    if (path === '/token') return tokenEndpoint(request, response, body);
    const v1 = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path);
    if (v1) return sendV1(request, response, decodeURIComponent(v1[1]!), body);
    if (path === '/fcm/send') return sendLegacy(request, response, body);
    return send(response, 404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
  }

  async function tokenEndpoint(request: IncomingMessage, response: ServerResponse, body: string): Promise<void> {
    tokenRequests += 1;
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return send(response, 400, { error: 'invalid_request' });
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return send(response, 400, { error: 'unsupported_grant_type' });
    const assertion = form.get('assertion') ?? '';
    let claims;
    try {
      const unverified = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: string };
      const account = accounts.get(unverified.iss ?? '');
      if (!account) return send(response, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      claims = (await jwtVerify(assertion, account.publicKey, { algorithms: ['RS256'], audience: `${baseUrl}/token`, issuer: unverified.iss! })).payload;
      if (claims.scope !== SCOPE || typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || claims.exp - claims.iat > 3600) {
        return send(response, 400, { error: 'invalid_scope' });
      }
      const accessToken = `ya29.test-${randomBytes(24).toString('hex')}`;
      const lifetime = options.tokenLifetimeSeconds ?? 3599;
      valid.set(accessToken, { projectId: account.projectId, expiresAt: Date.now() + lifetime * 1000 });
      issued.push(accessToken);
      return send(response, 200, { access_token: accessToken, expires_in: lifetime, token_type: 'Bearer' });
    } catch {
      return send(response, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    }
  }

  function sendV1(request: IncomingMessage, response: ServerResponse, projectId: string, body: string): void {
    const authorization = String(request.headers.authorization ?? '');
    const bearer = /^Bearer (.+)$/.exec(authorization)?.[1];
    const grant = bearer !== undefined ? valid.get(bearer) : undefined;
    let parsed: { message?: { token?: unknown; topic?: unknown; notification?: unknown; data?: Record<string, unknown> } };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return send(response, 400, googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.'));
    }
    const token = typeof parsed.message?.token === 'string' ? parsed.message.token : '';
    if (!grant || grant.expiresAt < Date.now()) {
      answered.push({ token, status: 401 });
      return send(response, 401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'));
    }
    if (grant.projectId !== projectId) {
      answered.push({ token, status: 403 });
      return send(response, 403, googleError(403, 'PERMISSION_DENIED', 'Permission denied on the project.', 'SENDER_ID_MISMATCH'));
    }
    if (token === '' || parsed.message?.topic !== undefined) return send(response, 400, googleError(400, 'INVALID_ARGUMENT', 'Exactly one of token, topic or condition is required.'));
    const data = parsed.message?.data ?? {};
    if (Object.values(data).some((value) => typeof value !== 'string')) return send(response, 400, googleError(400, 'INVALID_ARGUMENT', 'Invalid value at message.data: strings only.', 'INVALID_ARGUMENT'));
    const next = queued.get(token)?.shift() ?? 'ok';
    const reply = (status: number, payload: unknown, headers?: Record<string, string>) => {
      answered.push({ token, status });
      send(response, status, payload, headers);
    };
    switch (next) {
      case 'unregistered':
        return reply(404, googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED'));
      case 'quota-exceeded':
        return reply(429, googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for the device.', 'QUOTA_EXCEEDED'), { 'retry-after': '1' });
      case 'invalid-token':
        return reply(400, googleError(400, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', 'INVALID_ARGUMENT', ['message.token']));
      case 'invalid-payload':
        return reply(400, googleError(400, 'INVALID_ARGUMENT', 'Invalid value at message.android.ttl', 'INVALID_ARGUMENT', ['message.android.ttl']));
      case 'unauthenticated':
        return reply(401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'));
      case 'unavailable':
        return reply(503, googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'UNAVAILABLE'));
      default:
        break;
    }
    counter += 1;
    received.push({ api: 'v1', projectId, token, body: parsed as Record<string, unknown>, authorization });
    reply(200, { name: `projects/${projectId}/messages/0:${counter}` });
  }

  function sendLegacy(request: IncomingMessage, response: ServerResponse, body: string): void {
    const authorization = String(request.headers.authorization ?? '');
    const key = /^key=(.+)$/.exec(authorization)?.[1];
    if (key === undefined || !apiKeys.has(key)) return send(response, 401, '<HTML><TITLE>Unauthorized</TITLE></HTML>', { 'content-type': 'text/html' });
    let parsed: { to?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return send(response, 400, 'JSON_PARSING_ERROR: Unexpected character', { 'content-type': 'text/plain' });
    }
    const token = typeof parsed.to === 'string' ? parsed.to : '';
    const next = queued.get(token)?.shift() ?? 'ok';
    counter += 1;
    const result = (entry: Record<string, string>) => {
      answered.push({ token, status: 200 });
      send(response, 200, { multicast_id: counter, success: 'message_id' in entry ? 1 : 0, failure: 'error' in entry ? 1 : 0, canonical_ids: 'registration_id' in entry ? 1 : 0, results: [entry] });
    };
    if (next === 'not-registered') return result({ error: 'NotRegistered' });
    if (next === 'unavailable') return result({ error: 'Unavailable' });
    received.push({ api: 'legacy', token, body: parsed as Record<string, unknown>, authorization });
    if (next === 'canonical') return result({ message_id: `0:${counter}`, registration_id: `${token}-canonical` });
    return result({ message_id: `0:${counter}` });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `https://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    tokenUri: `${baseUrl}/token`,
    received,
    answered,
    issued,
    tokenRequests: () => tokenRequests,
    answerNext: (token, ...answers) => queued.set(token, [...(queued.get(token) ?? []), ...answers]),
    revokeAccessTokens: () => valid.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

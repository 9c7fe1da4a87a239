// A real HTTPS server on loopback that speaks Amazon Device Messaging: Login with Amazon's token
// endpoint for the client_credentials grant (POST /auth/O2/token, scope messaging:push) and
// POST /messaging/registrations/<id>/messages with the bearer token and ADM's type headers.
// Registration ids can be told to answer Unregistered, InvalidRegistrationId, MaxRateExceeded
// (with Retry-After), 401 or a canonical registrationID next.
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestCa } from './test-ca.ts';

export interface AdmMessage {
  readonly registrationId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

export type AdmAnswer = 'ok' | 'unregistered' | 'invalid-registration-id' | 'max-rate-exceeded' | 'access-token-expired' | 'canonical' | 'unavailable';

export interface AdmPeer {
  readonly url: string;
  readonly tokenUrl: string;
  readonly received: AdmMessage[];
  readonly answered: { readonly registrationId: string; readonly status: number }[];
  readonly issued: string[];
  answerNext(registrationId: string, ...answers: AdmAnswer[]): void;
  close(): Promise<void>;
}

export async function startAdmPeer(options: { tls: TestCa; clientId: string; clientSecret: string }): Promise<AdmPeer> {
  const valid = new Set<string>();
  const issued: string[] = [];
  const received: AdmMessage[] = [];
  const answered: AdmPeer['answered'] = [];
  const queued = new Map<string, AdmAnswer[]>();
  let counter = 0;

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': `req-${(counter += 1)}`, ...headers });
    response.end(JSON.stringify(body));
  };

  const route = (request: IncomingMessage, response: ServerResponse, body: string) => {
    if (request.method !== 'POST') return send(response, 405, { reason: 'MethodNotAllowed' });
    if (request.url === '/auth/O2/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'messaging:push') return send(response, 400, { error: 'invalid_request' });
      if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) return send(response, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
      const token = `Atc|test-${randomBytes(16).toString('hex')}`;
      valid.add(token);
      issued.push(token);
      return send(response, 200, { access_token: token, expires_in: 3600, scope: 'messaging:push', token_type: 'bearer' });
    }
    const match = /^\/messaging\/registrations\/([^/]+)\/messages$/.exec(request.url ?? '');
    if (!match) return send(response, 404, { reason: 'NotFound' });
    const registrationId = decodeURIComponent(match[1]!);
    const reply = (status: number, payload: unknown, headers?: Record<string, string>) => {
      answered.push({ registrationId, status });
      send(response, status, payload, headers);
    };
    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (bearer === undefined || !valid.has(bearer)) return reply(401, { reason: 'AccessTokenExpired' });
    if (request.headers['x-amzn-type-version'] !== 'com.amazon.device.messaging.ADMMessage@1.0' || request.headers['x-amzn-accept-type'] !== 'com.amazon.device.messaging.ADMSendResult@1.0') {
      return reply(400, { reason: 'InvalidType' });
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return reply(400, { reason: 'InvalidData' });
    }
    const data = parsed.data;
    if (typeof data !== 'object' || data === null || Object.values(data).some((value) => typeof value !== 'string')) return reply(400, { reason: 'InvalidData' });
    const next = queued.get(registrationId)?.shift() ?? 'ok';
    switch (next) {
      case 'unregistered':
        return reply(400, { reason: 'Unregistered' });
      case 'invalid-registration-id':
        return reply(400, { reason: 'InvalidRegistrationId' });
      case 'max-rate-exceeded':
        return reply(429, { reason: 'MaxRateExceeded' }, { 'retry-after': '1' });
      case 'unavailable':
        return reply(503, {}, { 'retry-after': '0' });
      case 'access-token-expired':
        valid.clear();
        return reply(401, { reason: 'AccessTokenExpired' });
      default:
        break;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
    received.push({ registrationId, headers, body: parsed });
    reply(200, { registrationID: next === 'canonical' ? `${registrationId}-canonical` : registrationId });
  };

  const server = https.createServer({ key: options.tls.serverKey, cert: options.tls.serverCert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => route(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tokenUrl: `${url}/auth/O2/token`,
    received,
    answered,
    issued,
    answerNext: (registrationId, ...answers) => queued.set(registrationId, [...(queued.get(registrationId) ?? []), ...answers]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

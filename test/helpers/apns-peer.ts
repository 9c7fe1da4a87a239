// A real HTTP/2 TLS server on loopback that speaks the APNs provider API ("Sending notification
// requests to APNs"): POST /3/device/<token>, provider-token authentication (an ES256 JWT whose
// kid and iss name a registered key and team, verified with the key's public half) or TLS
// client-certificate authentication (the certificate must be one registered), Apple's header
// rules, and Apple's answers: 200 with apns-id, or a JSON {reason}. Device tokens can be told to
// answer Unregistered, TooManyRequests, ExpiredProviderToken … next, or to end the connection
// with GOAWAY after answering.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import http2 from 'node:http2';
import type { Http2SecureServer, IncomingHttpHeaders, ServerHttp2Session, ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { TestCa } from './test-ca.ts';

export interface ApnsNotification {
  readonly token: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: Record<string, unknown>;
  /** How the request was authenticated: the provider JWT, or the client certificate's SHA-256 fingerprint. */
  readonly auth: { readonly kind: 'token'; readonly jwt: string; readonly keyId: string; readonly teamId: string } | { readonly kind: 'certificate'; readonly fingerprint: string };
}

/** What the next request for a device token is answered (after the checks pass). */
export type ApnsAnswer = 'ok' | 'unregistered' | 'bad-device-token' | 'too-many-requests' | 'expired-provider-token' | 'internal-server-error' | 'goaway';

export interface ApnsPeerOptions {
  readonly tls: TestCa;
  /** Token keys (PKCS#8 PEM of the .p8, its key id and team id) whose JWTs are accepted. */
  readonly tokenKeys?: readonly { readonly tokenKey: string; readonly keyId: string; readonly teamId: string }[];
  /** Client certificates (PEM) accepted for certificate authentication. */
  readonly certificates?: readonly string[];
  /** Topics (bundle ids) the credentials may send to; others answer 400 DeviceTokenNotForTopic. */
  readonly topics?: readonly string[];
}

export interface ApnsPeer {
  readonly url: string;
  /** Notifications answered 200, in order. */
  readonly received: ApnsNotification[];
  /** Every request and the status it was answered, in order. */
  readonly answered: { readonly token: string; readonly status: number; readonly reason?: string }[];
  /** Distinct provider JWTs that authenticated requests, in order of first use. */
  readonly providerTokens: string[];
  /** HTTP/2 sessions (connections) opened so far. */
  sessions(): number;
  /** The next requests for `token` are answered these ways, in order (then 200 again). */
  answerNext(token: string, ...answers: ApnsAnswer[]): void;
  /** Resolves once `count` notifications were answered 200. */
  waitFor(count: number, timeoutMs?: number): Promise<ApnsNotification[]>;
  close(): Promise<void>;
}

const PUSH_TYPES = new Set(['alert', 'background', 'voip', 'complication', 'fileprovider', 'mdm', 'location', 'liveactivity', 'pushtotalk']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function startApnsPeer(options: ApnsPeerOptions): Promise<ApnsPeer> {
  const keys = new Map<string, { teamId: string; publicKey: KeyObject }>();
  for (const key of options.tokenKeys ?? []) keys.set(key.keyId, { teamId: key.teamId, publicKey: createPublicKey(createPrivateKey(key.tokenKey)) });
  const fingerprints = new Set((options.certificates ?? []).map((pem) => new X509Certificate(pem).fingerprint256));
  const topics = options.topics ? new Set(options.topics) : undefined;
  const queued = new Map<string, ApnsAnswer[]>();
  const received: ApnsNotification[] = [];
  const answered: ApnsPeer['answered'] = [];
  const providerTokens: string[] = [];
  const sessions = new Set<ServerHttp2Session>();
  let sessionCount = 0;
  const waiters: (() => void)[] = [];

  const server: Http2SecureServer = http2.createSecureServer({ key: options.tls.serverKey, cert: options.tls.serverCert, requestCert: true, rejectUnauthorized: false });
  server.on('session', (session) => {
    sessionCount += 1;
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      void handle(stream, headers, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      });
    });
  });

  function answer(stream: ServerHttp2Stream, token: string, status: number, reason?: string, apnsId?: string): void {
    answered.push({ token, status, ...(reason !== undefined ? { reason } : {}) });
    const headers: Record<string, string | number> = { ':status': status };
    if (apnsId !== undefined) headers['apns-id'] = apnsId;
    if (reason === undefined) {
      stream.respond(headers, { endStream: true });
      return;
    }
    stream.respond({ ...headers, 'content-type': 'application/json' });
    stream.end(JSON.stringify({ reason, ...(status === 410 ? { timestamp: Date.now() } : {}) }));
  }

  async function handle(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, body: string): Promise<void> {
    const path = String(headers[':path'] ?? '');
    const match = /^\/3\/device\/([^/?]+)$/.exec(path);
    const token = match ? decodeURIComponent(match[1]!) : '';
    if (headers[':method'] !== 'POST') return answer(stream, token, 405, 'MethodNotAllowed');
    if (!match) return answer(stream, token, 404, 'BadPath');
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) if (!name.startsWith(':') && value !== undefined) flat[name] = Array.isArray(value) ? value.join(',') : String(value);

    let auth: ApnsNotification['auth'];
    const authorization = flat.authorization;
    if (authorization !== undefined) {
      const jwt = /^bearer (.+)$/i.exec(authorization)?.[1];
      if (jwt === undefined) return answer(stream, token, 403, 'InvalidProviderToken');
      let keyId: string | undefined;
      try {
        keyId = decodeProtectedHeader(jwt).kid;
      } catch {
        return answer(stream, token, 403, 'InvalidProviderToken');
      }
      const key = keyId !== undefined ? keys.get(keyId) : undefined;
      if (keyId === undefined || key === undefined) return answer(stream, token, 403, 'InvalidProviderToken');
      try {
        const { payload, protectedHeader } = await jwtVerify(jwt, key.publicKey, { algorithms: ['ES256'], issuer: key.teamId });
        if (protectedHeader.alg !== 'ES256' || typeof payload.iat !== 'number') return answer(stream, token, 403, 'InvalidProviderToken');
        if (payload.iat < Date.now() / 1000 - 3600) return answer(stream, token, 403, 'ExpiredProviderToken');
      } catch {
        return answer(stream, token, 403, 'InvalidProviderToken');
      }
      if (!providerTokens.includes(jwt)) providerTokens.push(jwt);
      auth = { kind: 'token', jwt, keyId, teamId: key.teamId };
      if (flat['apns-topic'] === undefined) return answer(stream, token, 400, 'MissingTopic');
    } else {
      const certificate = (stream.session?.socket as TLSSocket | undefined)?.getPeerCertificate();
      const fingerprint = certificate?.fingerprint256;
      if (!fingerprint || !fingerprints.has(fingerprint)) return answer(stream, token, 403, 'MissingProviderToken');
      auth = { kind: 'certificate', fingerprint };
    }
    const topic = flat['apns-topic'];
    if (topic !== undefined && topics !== undefined && !topics.has(topic.replace(/\.voip$/, ''))) return answer(stream, token, 400, 'DeviceTokenNotForTopic');
    if (flat['apns-push-type'] !== undefined && !PUSH_TYPES.has(flat['apns-push-type'])) return answer(stream, token, 400, 'InvalidPushType');
    if (flat['apns-push-type'] === 'voip' && topic !== undefined && !topic.endsWith('.voip')) return answer(stream, token, 400, 'BadTopic');
    if (flat['apns-priority'] !== undefined && !['1', '5', '10'].includes(flat['apns-priority'])) return answer(stream, token, 400, 'BadPriority');
    if (flat['apns-push-type'] === 'background' && flat['apns-priority'] === '10') return answer(stream, token, 400, 'BadPriority');
    if (flat['apns-id'] !== undefined && !UUID.test(flat['apns-id'])) return answer(stream, token, 400, 'BadMessageId');
    if (flat['apns-expiration'] !== undefined && !/^\d+$/.test(flat['apns-expiration'])) return answer(stream, token, 400, 'BadExpirationDate');
    if (flat['apns-collapse-id'] !== undefined && Buffer.byteLength(flat['apns-collapse-id']) > 64) return answer(stream, token, 400, 'BadCollapseId');
    if (!/^[0-9a-zA-Z_-]+$/.test(token)) return answer(stream, token, 400, 'BadDeviceToken');
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return answer(stream, token, 400, body === '' ? 'PayloadEmpty' : 'BadPayload');
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return answer(stream, token, 400, 'BadPayload');
    if (Buffer.byteLength(body) > (flat['apns-push-type'] === 'voip' ? 5120 : 4096)) return answer(stream, token, 413, 'PayloadTooLarge');

    const next = queued.get(token)?.shift() ?? 'ok';
    const apnsId = flat['apns-id'] ?? '00000000-0000-0000-0000-000000000000';
    switch (next) {
      case 'unregistered':
        return answer(stream, token, 410, 'Unregistered');
      case 'bad-device-token':
        return answer(stream, token, 400, 'BadDeviceToken');
      case 'too-many-requests':
        return answer(stream, token, 429, 'TooManyRequests');
      case 'expired-provider-token':
        return answer(stream, token, 403, 'ExpiredProviderToken');
      case 'internal-server-error':
        return answer(stream, token, 500, 'InternalServerError');
      default:
        break;
    }
    received.push({ token, headers: flat, payload: payload as Record<string, unknown>, auth });
    answer(stream, token, 200, undefined, apnsId);
    if (next === 'goaway') stream.session?.goaway(http2.constants.NGHTTP2_NO_ERROR);
    for (const wake of waiters.splice(0)) wake();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `https://127.0.0.1:${port}`,
    received,
    answered,
    providerTokens,
    sessions: () => sessionCount,
    answerNext: (token, ...answers) => queued.set(token, [...(queued.get(token) ?? []), ...answers]),
    waitFor: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`APNs peer: ${received.length} of ${count} notifications arrived`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

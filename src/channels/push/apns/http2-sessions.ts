import http2 from 'node:http2';
import type { ClientHttp2Session, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';
import tls from 'node:tls';

export interface Http2Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface SessionOptions {
  /** TLS client certificate and key (APNs certificate authentication). */
  readonly cert?: string;
  readonly key?: string;
}

export interface Http2SessionPoolOptions {
  /** One more trusted CA certificate (PEM), besides Node's bundled roots: for in-process tests. */
  readonly ca?: string;
  /** A session idle this long is closed (APNs keeps connections open for hours; Pinion does not need to). */
  readonly idleMs?: number;
  readonly requestTimeoutMs?: number;
}

/**
 * HTTP/2 sessions to push services, one per (origin, credential), reused by every request. A
 * session the server ends (GOAWAY), that closes or fails, or that stays idle, leaves the pool;
 * the next request opens a new one.
 */
export class Http2SessionPool {
  readonly #sessions = new Map<string, ClientHttp2Session>();
  readonly #ca: string | undefined;
  readonly #idleMs: number;
  readonly #requestTimeoutMs: number;
  #closed = false;

  constructor(options: Http2SessionPoolOptions = {}) {
    this.#ca = options.ca;
    this.#idleMs = options.idleMs ?? 10 * 60 * 1000;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  /** Sends one request on the pool's session for (origin, key); rejects on a connection or stream failure. */
  request(origin: string, key: string, options: SessionOptions, headers: OutgoingHttpHeaders, body: string): Promise<Http2Answer> {
    const session = this.#session(origin, key, options);
    return new Promise<Http2Answer>((resolve, reject) => {
      let stream;
      try {
        stream = session.request(headers);
      } catch (error) {
        this.#drop(`${origin}\n${key}`, session);
        reject(error as Error);
        return;
      }
      let status = 0;
      let answerHeaders: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      stream.setTimeout(this.#requestTimeoutMs, () => stream.close(http2.constants.NGHTTP2_CANCEL));
      stream.on('response', (received) => {
        answerHeaders = received;
        status = Number(received[':status'] ?? 0);
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      let ended = false;
      stream.on('end', () => {
        ended = true;
        resolve({ status, headers: answerHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
      stream.on('close', () => {
        if (ended) return;
        const code = stream.rstCode === http2.constants.NGHTTP2_CANCEL ? 'ETIMEDOUT' : 'ERR_HTTP2_STREAM_CLOSED';
        reject(Object.assign(new Error('the push service closed the stream before its answer was complete'), { code }));
      });
      stream.on('error', reject);
      stream.end(body);
    });
  }

  #session(origin: string, key: string, options: SessionOptions): ClientHttp2Session {
    if (this.#closed) throw Object.assign(new Error('the push transport is closed'), { code: 'ERR_TRANSPORT_CLOSED' });
    const poolKey = `${origin}\n${key}`;
    const existing = this.#sessions.get(poolKey);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const session = http2.connect(origin, {
      ...(options.cert !== undefined ? { cert: options.cert } : {}),
      ...(options.key !== undefined ? { key: options.key } : {}),
      ...(this.#ca !== undefined ? { ca: [...tls.rootCertificates, this.#ca] } : {}),
    });
    this.#sessions.set(poolKey, session);
    const drop = () => this.#drop(poolKey, session);
    session.on('goaway', drop);
    session.on('close', drop);
    // Connection failures reach the pending requests as stream errors; the session just leaves the pool.
    session.on('error', drop);
    session.setTimeout(this.#idleMs, () => session.close());
    return session;
  }

  #drop(poolKey: string, session: ClientHttp2Session): void {
    if (this.#sessions.get(poolKey) === session) this.#sessions.delete(poolKey);
  }

  /** Closes every session (in-flight requests finish first). */
  async close(): Promise<void> {
    this.#closed = true;
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(
      sessions.map(
        (session) =>
          new Promise<void>((resolve) => {
            if (session.closed || session.destroyed) return resolve();
            const timer = setTimeout(() => session.destroy(), 5_000);
            session.close(() => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
  }
}

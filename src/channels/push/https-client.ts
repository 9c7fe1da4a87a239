import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import tls from 'node:tls';

/** What an HTTP/1.1 push service or token endpoint answered. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface HttpClientOptions {
  /** One more trusted CA certificate (PEM), besides Node's bundled roots: for in-process tests. */
  readonly ca?: string;
  readonly timeoutMs?: number;
  /** Sockets kept open per host. */
  readonly maxSockets?: number;
}

/** Answers larger than this are cut (push services answer a few hundred bytes). */
const MAX_ANSWER_BYTES = 256 * 1024;

/**
 * POSTs over pooled keep-alive connections (one agent per transport). Redirects are never
 * followed: a push service or token endpoint that redirects is answered as it stands.
 */
export class HttpClient {
  readonly #https: https.Agent;
  readonly #http: http.Agent;
  readonly #timeoutMs: number;

  constructor(options: HttpClientOptions = {}) {
    const maxSockets = options.maxSockets ?? 64;
    this.#https = new https.Agent({ keepAlive: true, maxSockets, ...(options.ca !== undefined ? { ca: [...tls.rootCertificates, options.ca] } : {}) });
    this.#http = new http.Agent({ keepAlive: true, maxSockets });
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<HttpAnswer> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const payload = Buffer.from(body, 'utf8');
    return new Promise<HttpAnswer>((resolve, reject) => {
      const request = (secure ? https : http).request(
        target,
        { method: 'POST', agent: secure ? this.#https : this.#http, headers: { ...headers, 'content-length': String(payload.length) }, timeout: this.#timeoutMs },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.#https.destroy();
    this.#http.destroy();
  }
}

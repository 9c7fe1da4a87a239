import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ApiError } from '../protocol/api-error.ts';
import { payloadTooLarge } from '../protocol/request-errors.ts';
import { internalError } from '../protocol/service-errors.ts';
import { writeError } from '../protocol/write-response.ts';
import { bearerTokenCheck } from './bearer-token.ts';
import type { RequestPipeline } from './request-pipeline.ts';

export interface HttpServerOptions {
  pipeline: RequestPipeline;
  logger: Logger;
  bodyLimitBytes: number;
  version: string;
  /** Readiness of the database, for /health. */
  databaseReady: () => Promise<boolean>;
  databaseKind: string;
  /** Served at GET /metrics (Prometheus text format) when given. */
  metrics?: Registry;
  /** When set, GET /metrics answers only requests with `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** Unauthenticated routes outside the API (email tracking), registered before the API's catch-all. */
  publicRoutes?: (app: FastifyInstance) => void;
}

/** Reads and discards what is left of a request body, up to `maxBytes` or `maxMs`. */
function drainRequestBody(raw: IncomingMessage, maxBytes: number, maxMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (raw.readableEnded || raw.destroyed) return resolve();
    let seen = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.removeListener('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) finish();
    };
    const timer = setTimeout(finish, maxMs);
    raw.on('data', onData);
    raw.once('end', finish);
    raw.once('error', finish);
    raw.resume();
  });
}

const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The HTTP front: two unauthenticated probes and one catch-all route that hands the raw request
 * (raw URL, raw headers, raw body bytes, as SigV4 needs them) to the pipeline.
 */
export function buildHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes,
    logger: false,
    exposeHeadRoutes: false,
    // Tracking tokens (signed claims, a few hundred characters) are path parameters.
    routerOptions: { maxParamLength: 4096 },
    // A path fastify cannot decode (`/v1/apps/%zz`) is still answered in AWS's shape.
    frameworkErrors: (error, request, reply) => {
      const requestId = crypto.randomUUID();
      const refusal = new ApiError('BadRequestException', 400, `The request path is not valid percent-encoding (${error.code})`);
      options.pipeline.auditRefused(request.raw, requestId, refusal);
      const failure = writeError(undefined, refusal, requestId);
      // frameworkErrors hands over an untyped reply; the raw response is written directly.
      void reply.raw.writeHead(failure.status, { ...failure.headers, 'x-amzn-requestid': requestId }).end(failure.body);
    },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // Readiness: answers 200 only when the database answers.
  app.get('/health', async (_request, reply) => {
    const database = await options.databaseReady().catch(() => false);
    reply.code(database ? 200 : 503);
    return { status: database ? 'ok' : 'unavailable', version: options.version, database: { kind: options.databaseKind, ready: database } };
  });
  // Liveness: no I/O at all (also the baseline route of `npm run bench`).
  app.get('/livez', async () => 'ok');
  // Prometheus scrape target: counts and app ids, no secrets. Open like the probes unless a
  // bearer token is configured (Prometheus sends one with `authorization: { credentials: … }`).
  const registry = options.metrics;
  if (registry) {
    const authorized = options.metricsToken === undefined ? () => true : bearerTokenCheck(options.metricsToken);
    app.get('/metrics', async (request, reply) => {
      if (!authorized(request.headers.authorization)) {
        reply.code(401).header('www-authenticate', 'Bearer realm="pinion-metrics"').type('application/json');
        return JSON.stringify({ message: 'GET /metrics needs the bearer token set in PINION_METRICS_TOKEN' });
      }
      const text = await registry.metrics();
      reply.header('content-type', registry.contentType);
      return text;
    });
  }

  options.publicRoutes?.(app);

  app.route({
    method: [...allMethods],
    url: '*',
    handler: async (request, reply) => {
      const started = process.hrtime.bigint();
      const result = await options.pipeline.handle({
        method: request.method,
        url: request.raw.url ?? '/',
        rawHeaders: request.raw.rawHeaders,
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        ...(request.raw.socket.remoteAddress === undefined ? {} : { remoteAddress: request.raw.socket.remoteAddress }),
        secure: 'encrypted' in request.raw.socket && request.raw.socket.encrypted === true,
      });
      options.logger.info(
        {
          requestId: result.requestId,
          method: request.method,
          operation: result.operation,
          status: result.status,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
      // The pipeline has already rendered the whole response; writing it straight to the socket
      // skips fastify's reply machinery (hooks, serializers), which has nothing left to do.
      const body = result.body ?? '';
      reply.hijack();
      reply.raw.writeHead(result.status, {
        ...result.headers,
        'x-amzn-requestid': result.requestId,
        'content-length': Buffer.byteLength(body),
      });
      reply.raw.end(body);
    },
  });

  app.setErrorHandler((error: { code?: string; statusCode?: number }, request, reply) => {
    // Errors raised by fastify itself before the pipeline runs (body too large, broken framing).
    const requestId = crypto.randomUUID();
    const failure =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? writeError(undefined, payloadTooLarge(options.bodyLimitBytes), requestId)
        : undefined;
    if (failure) {
      options.pipeline.auditRefused(request.raw, requestId, payloadTooLarge(options.bodyLimitBytes));
      // Let the client finish its upload (discarding it, within a bound) before answering, so it
      // can read the 413 instead of failing on a connection closed under its feet.
      void drainRequestBody(request.raw, options.bodyLimitBytes * 4, 10_000).then(() =>
        reply.code(failure.status).headers({ ...failure.headers, 'x-amzn-requestid': requestId }).send(failure.body),
      );
      return reply;
    }
    options.logger.error({ err: error, requestId }, 'request rejected by the HTTP layer');
    const clientFault = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
    const refusal = clientFault
      ? new ApiError('BadRequestException', 400, `The request could not be read (${error.code ?? 'malformed request'})`)
      : internalError(undefined, error);
    options.pipeline.auditRefused(request.raw, requestId, refusal);
    const rendered = writeError(undefined, refusal, requestId);
    reply.code(rendered.status).headers({ ...rendered.headers, 'x-amzn-requestid': requestId }).send(rendered.body);
  });
  return app;
}

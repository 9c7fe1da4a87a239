import { bearerTokenCheck } from './bearer-token.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { isExpectedRefusal } from '../channels/expected-refusal.ts';
import type { SmsInboundSink } from '../channels/sms/sms-inbound-sink.ts';
import { HTTP_GATEWAY_TRANSPORT } from '../channels/sms/http-gateway-transport.ts';
import type { SmsTransport } from '../channels/transport.ts';

/**
 * POST /sms/http-gateway/events: where the HTTP SMS gateway reports back, as an SMSC does over
 * SMPP. Authenticated by `Authorization: Bearer <PINION_SMS_HTTP_EVENTS_SECRET>` (compared in
 * constant time). The JSON body is one of:
 *
 *   { "type": "receipt", "id": "<the id the gateway answered>", "status": "DELIVERED" | "FAILED" |
 *     "EXPIRED" | "REJECTED" | "UNKNOWN" | an SMPP stat word (DELIVRD, UNDELIV, …), "error"?: "…" }
 *   { "type": "inbound", "from": "+<E.164>", "to": "<number or short code>", "text": "STOP" }
 *
 * Receipts and keywords are handled as the SMPP transport's are (engine/messaging/sms-inbound.ts);
 * keyword replies go back through the gateway. 204 when handled; 400 for a body that is not one of
 * these; 401 for a missing or wrong secret; 503 when it could not be recorded (send it again).
 */
export interface SmsGatewayRouteServices {
  readonly secret: string;
  readonly sink: SmsInboundSink;
  /** The gateway transport, for keyword replies. */
  readonly sms: SmsTransport;
  readonly newMessageId: () => string;
  readonly logger: Logger;
}

/** The gateway's words for a receipt's outcome, in SMPP's stat words (which the receipt handling knows). */
const STATUS_WORDS: Readonly<Record<string, string>> = {
  DELIVERED: 'DELIVRD',
  FAILED: 'UNDELIV',
  UNDELIVERED: 'UNDELIV',
  UNDELIVERABLE: 'UNDELIV',
  EXPIRED: 'EXPIRED',
  REJECTED: 'REJECTD',
  UNKNOWN: 'UNKNOWN',
};
const SMPP_WORDS = new Set(['DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED', 'UNKNOWN', 'ACCEPTD', 'ENROUTE']);
const MAX_BODY_BYTES = 64 * 1024;

export function registerSmsGatewayRoutes(app: FastifyInstance, services: SmsGatewayRouteServices): void {
  const authorized = bearerTokenCheck(services.secret);
  const refuse = (reply: FastifyReply, status: number, message: string) => reply.code(status).type('application/json').send(JSON.stringify({ message }));

  app.post('/sms/http-gateway/events', async (request, reply) => {
    if (!authorized(request.headers.authorization)) return refuse(reply, 401, 'missing or wrong bearer token');
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (raw.length > MAX_BODY_BYTES) return refuse(reply, 400, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    let body: Record<string, unknown>;
    try {
      const parsed = JSON.parse(raw.toString('utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return refuse(reply, 400, 'the body must be a JSON object');
    }
    const text = (name: string, limit: number): string | undefined => {
      const value = body[name];
      return typeof value === 'string' && value !== '' && value.length <= limit ? value : undefined;
    };
    try {
      if (body.type === 'receipt') {
        const id = text('id', 256);
        const status = text('status', 32)?.toUpperCase();
        const stat = status === undefined ? undefined : (STATUS_WORDS[status] ?? (SMPP_WORDS.has(status) ? status : undefined));
        if (id === undefined || stat === undefined) return refuse(reply, 400, `a receipt needs "id" and a "status" of ${Object.keys(STATUS_WORDS).join(', ')} (or an SMPP stat word)`);
        const error = text('error', 64);
        await services.sink.receipt(HTTP_GATEWAY_TRANSPORT, { id, stat, ...(error !== undefined ? { error } : {}) });
        return reply.code(204).send();
      }
      if (body.type === 'inbound') {
        const from = text('from', 16);
        const to = text('to', 32) ?? '';
        const message = typeof body.text === 'string' && body.text.length <= 1600 ? body.text : undefined;
        if (from === undefined || !/^\+[1-9]\d{1,14}$/.test(from) || message === undefined) {
          return refuse(reply, 400, 'an inbound message needs "from" (E.164), "text" (up to 1600 characters) and optionally "to"');
        }
        const replies = await services.sink.inbound({ from, to, text: message });
        for (const answer of replies) {
          const outcome = await services.sms.send({ messageId: services.newMessageId(), destination: from, body: answer, messageType: 'TRANSACTIONAL', ...(to !== '' ? { originationNumber: to } : {}) });
          if (outcome.status !== 'SUCCESSFUL') services.logger.warn({ status: outcome.status, reason: outcome.statusMessage }, 'sms gateway: a keyword reply could not be sent');
        }
        return reply.code(204).send();
      }
    } catch (error) {
      // A receipt sooner than its send's record is declared expected by the sink: no incident.
      if (isExpectedRefusal(error)) services.logger.debug({ err: error }, 'sms gateway: an event came too early; the gateway is asked to send it again');
      else services.logger.warn({ err: error }, 'sms gateway: an event could not be recorded');
      return refuse(reply, 503, 'the event could not be recorded; send it again');
    }
    return refuse(reply, 400, 'the body\'s "type" must be "receipt" or "inbound"');
  });
}

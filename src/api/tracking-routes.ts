import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { verifyTrackingToken } from '../domain/messages/tracking-token.ts';
import type { TrackingClaim } from '../domain/messages/tracking-token.ts';
import { loggedMessageFacts, sendEvent } from '../engine/messaging/delivery-events.ts';
import type { SendEventKind } from '../engine/messaging/delivery-events.ts';
import type { Repositories } from '../storage/repositories.ts';

/**
 * The routes recipients reach from email (unauthenticated, like any tracking link): the open
 * pixel, click redirects and unsubscribe. Each token is signed (domain/messages/tracking-token.ts);
 * a bad token is a plain 404 that says nothing about why.
 *
 *   GET  /t/o/<token>  1×1 GIF; records _email.open
 *   GET  /t/c/<token>  302 to the signed target; records _email.click
 *   GET  /t/u/<token>  a page with one button (mail scanners follow links; they do not submit forms)
 *   POST /t/u/<token>  RFC 8058 one-click: the address opts out in the project; records _email.unsubscribe
 */
export interface TrackingRouteServices {
  readonly key: Buffer;
  readonly repositories: Repositories;
  readonly now: () => Date;
  readonly logger: Logger;
}

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const NO_STORE = { 'cache-control': 'no-store, max-age=0', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };

export function registerTrackingRoutes(app: FastifyInstance, services: TrackingRouteServices): void {
  const claimOf = (request: FastifyRequest, kind: TrackingClaim['kind']): TrackingClaim | undefined => {
    const claim = verifyTrackingToken(services.key, (request.params as { token: string }).token);
    return claim?.kind === kind ? claim : undefined;
  };
  const notFound = (reply: FastifyReply) => reply.code(404).headers(NO_STORE).type('text/plain; charset=utf-8').send('Not found');

  /** Appends the engagement event; a failure is logged, never shown to the recipient. */
  const record = async (claim: TrackingClaim, kind: SendEventKind, request: FastifyRequest): Promise<{ address: string; endpointId?: string } | undefined> => {
    const tenant = { accountId: claim.accountId, region: claim.region };
    try {
      const message = await services.repositories.messages.get(tenant, claim.appId, claim.messageId);
      if (!message) return undefined;
      const event = sendEvent(
        {
          ...loggedMessageFacts(tenant, claim.appId, message, 'EMAIL'),
          interaction: { ipAddress: request.ip, userAgent: String(request.headers['user-agent'] ?? '').slice(0, 512), ...(claim.url !== undefined ? { link: claim.url } : {}) },
        },
        kind,
        undefined,
        services.now().getTime(),
      );
      if (event) await services.repositories.messages.appendEvents(tenant, claim.appId, [event]);
      return { address: message.address, ...(message.endpointId !== undefined ? { endpointId: message.endpointId } : {}) };
    } catch (error) {
      services.logger.warn({ err: error, appId: claim.appId, messageId: claim.messageId }, `tracking: could not record ${kind}`);
      return undefined;
    }
  };

  app.get('/t/o/:token', async (request, reply) => {
    const claim = claimOf(request, 'o');
    if (!claim) return notFound(reply);
    await record(claim, 'open', request);
    return reply.code(200).headers(NO_STORE).type('image/gif').send(PIXEL);
  });

  app.get('/t/c/:token', async (request, reply) => {
    const claim = claimOf(request, 'c');
    // Only signed http(s) targets: the route never redirects anywhere a token did not name.
    if (!claim?.url || !/^https?:\/\//i.test(claim.url)) return notFound(reply);
    await record(claim, 'click', request);
    return reply.code(302).headers({ ...NO_STORE, location: claim.url }).send();
  });

  app.get('/t/u/:token', async (request, reply) => {
    if (!claimOf(request, 'u')) return notFound(reply);
    const page =
      '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Unsubscribe</title></head>' +
      '<body><form method="post"><p>Stop receiving these emails?</p><button type="submit" name="List-Unsubscribe" value="One-Click">Unsubscribe</button></form></body></html>';
    return reply.code(200).headers({ ...NO_STORE, 'content-security-policy': "default-src 'none'; form-action 'self'" }).type('text/html; charset=utf-8').send(page);
  });

  app.post('/t/u/:token', async (request, reply) => {
    const claim = claimOf(request, 'u');
    if (!claim) return notFound(reply);
    const tenant = { accountId: claim.accountId, region: claim.region };
    const message = await record(claim, 'optout', request);
    if (message) {
      // The address leaves this project's email audience: every EMAIL endpoint of the project with it.
      await services.repositories.endpoints.setAddressOptOut(tenant, ['EMAIL'], message.address, 'ALL', services.now().toISOString(), claim.appId);
    }
    return reply.code(200).headers(NO_STORE).type('text/html; charset=utf-8').send('<!doctype html><html><body><p>You have been unsubscribed.</p></body></html>');
  });
}

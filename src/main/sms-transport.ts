import type { Logger } from 'pino';
import { RateLimiter } from '../channels/rate-limiter.ts';
import { HttpGatewaySmsTransport } from '../channels/sms/http-gateway-transport.ts';
import { SmppSmsTransport } from '../channels/sms/smpp-transport.ts';
import type { SmsTransport } from '../channels/transport.ts';
import type { SmsConfig } from '../config/sms-config.ts';
import type { SendsInFlight } from '../engine/messaging/sends-in-flight.ts';
import { SmsInbound } from '../engine/messaging/sms-inbound.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Tenant } from '../storage/tenant.ts';

/** What the SMPP session needs to record receipts and act on inbound keywords. */
export interface SmsInboundContext {
  readonly repositories: Pick<Repositories, 'messages' | 'endpoints' | 'smsOptOuts'>;
  /** The account's tenants: one per served region. */
  readonly tenants: readonly Tenant[];
  /** Sends not recorded yet (their receipts are refused for now). */
  readonly inFlight: SendsInFlight;
}

/**
 * The configured SMS transport, started (an SMPP transport binds in the background), or undefined
 * when SMS goes to the simulator. Logs where it goes, never the password or the auth header.
 */
export function startSmsTransport(config: SmsConfig, logger: Logger, inbound: SmsInboundContext | undefined): SmsTransport | undefined {
  const limiter = (): RateLimiter => new RateLimiter(config.perSecond);
  if (config.smpp) {
    const { host, port, tls, systemId, password, systemType, sourceAddress } = config.smpp;
    const log = logger.child({ component: 'smpp' });
    const transport = new SmppSmsTransport(
      { endpoint: { host, port, tls, systemId, password, ...(systemType !== undefined ? { systemType } : {}) }, ...(sourceAddress !== undefined ? { sourceAddress } : {}) },
      {
        limiter: limiter(),
        logger: log,
        ...(inbound
          ? {
              inbound: new SmsInbound({
                messages: inbound.repositories.messages,
                endpoints: inbound.repositories.endpoints,
                smsOptOuts: inbound.repositories.smsOptOuts,
                tenants: inbound.tenants,
                inFlight: inbound.inFlight,
                replies: config.replies,
                now: () => new Date(),
                logger: log,
              }),
            }
          : {}),
      },
    );
    transport.start();
    return transport;
  }
  if (config.http) {
    return new HttpGatewaySmsTransport({ url: config.http.url, ...(config.http.authorization !== undefined ? { authorization: config.http.authorization } : {}) }, { limiter: limiter() });
  }
  return undefined;
}

import type { PushConfig } from '../../config/push-config.ts';
import { RateLimiter } from '../rate-limiter.ts';
import type { RetryPolicy } from '../retry.ts';
import type { PushTransport } from '../transport.ts';
import type { PushFamily } from '../transports.ts';
import { AdmTransport } from './adm/adm-transport.ts';
import { ApnsTransport } from './apns/apns-transport.ts';
import { BaiduTransport } from './baidu/baidu-transport.ts';
import { FcmTransport } from './fcm/fcm-transport.ts';

export interface LivePushOptions {
  /** One more trusted CA certificate (PEM), for in-process tests; a deployment uses NODE_EXTRA_CA_CERTS. */
  readonly ca?: string;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
}

/**
 * The real push services, for PINION_PUSH=live: APNs over HTTP/2, FCM (HTTP v1 and the legacy
 * API), ADM and Baidu over pooled HTTPS. One rate limit (PINION_PUSH_MAX_PER_SECOND) covers them
 * all. Each transport's close() ends its own connections.
 */
export function buildLivePushTransports(config: PushConfig, options: LivePushOptions = {}): Record<PushFamily, PushTransport> {
  const common = {
    limiter: new RateLimiter(config.perSecond),
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  return {
    APNS: new ApnsTransport({ ...common, endpoint: config.apnsEndpoint, sandboxEndpoint: config.apnsSandboxEndpoint }),
    GCM: new FcmTransport({ ...common, endpoint: config.fcmEndpoint, legacyEndpoint: config.fcmLegacyEndpoint, allowedTokenEndpoint: config.fcmTokenEndpoint }),
    ADM: new AdmTransport({ ...common, endpoint: config.admEndpoint, tokenEndpoint: config.admTokenEndpoint }),
    BAIDU: new BaiduTransport({ ...common, endpoint: config.baiduEndpoint }),
  };
}

import { ConfigError, wholeNumber } from './config.ts';

/**
 * Push transports (operator configuration). `PINION_PUSH=live` sends through Apple, Google,
 * Amazon and Baidu; the default, `simulator`, keeps every push on the machine, so development
 * never calls a real push service. Every endpoint can be overridden (tests, private relays).
 */
export interface PushConfig {
  /** PINION_PUSH: simulator (default) or live. */
  readonly mode: 'simulator' | 'live';
  /** PINION_APNS_ENDPOINT (default https://api.push.apple.com:443). */
  readonly apnsEndpoint: string;
  /** PINION_APNS_SANDBOX_ENDPOINT (default https://api.sandbox.push.apple.com:443): the APNS_SANDBOX and APNS_VOIP_SANDBOX channels. */
  readonly apnsSandboxEndpoint: string;
  /** PINION_FCM_ENDPOINT (default https://fcm.googleapis.com): FCM HTTP v1, `/v1/projects/{id}/messages:send` is appended. */
  readonly fcmEndpoint: string;
  /** PINION_FCM_LEGACY_ENDPOINT (default https://fcm.googleapis.com/fcm/send): the legacy server-key API, used as given. */
  readonly fcmLegacyEndpoint: string;
  /**
   * PINION_FCM_TOKEN_ENDPOINT: one more OAuth token endpoint a service account's `token_uri` may
   * name besides Google's own. Any other `token_uri` is refused, so that a customer's ServiceJson
   * cannot make Pinion post a signed assertion to an address of its choosing.
   */
  readonly fcmTokenEndpoint: string | undefined;
  /** PINION_BAIDU_ENDPOINT (default https://api.tuisong.baidu.com/rest/3.0): `/push/single_device` is appended. */
  readonly baiduEndpoint: string;
  /** PINION_ADM_ENDPOINT (default https://api.amazon.com): `/messaging/registrations/{id}/messages` is appended. */
  readonly admEndpoint: string;
  /** PINION_ADM_TOKEN_ENDPOINT (default https://api.amazon.com/auth/O2/token): Login with Amazon's token endpoint. */
  readonly admTokenEndpoint: string;
  /** PINION_PUSH_MAX_PER_SECOND (1 to 1000000, default 25000, Pinpoint's push quota): all push services together. */
  readonly perSecond: number;
}

/** Google's OAuth 2.0 token endpoint, the only `token_uri` accepted unless PINION_FCM_TOKEN_ENDPOINT names another. */
export const GOOGLE_TOKEN_ENDPOINT = 'https://oauth2.googleapis.com/token';

export function pushConfig(env: NodeJS.ProcessEnv): PushConfig {
  const modeText = (nonEmpty(env.PINION_PUSH) ?? 'simulator').toLowerCase();
  if (modeText !== 'simulator' && modeText !== 'live') throw new ConfigError(`PINION_PUSH must be simulator or live, got '${modeText}'`);
  return Object.freeze({
    mode: modeText,
    apnsEndpoint: serviceUrl(env, 'PINION_APNS_ENDPOINT', 'https://api.push.apple.com:443', 'origin'),
    apnsSandboxEndpoint: serviceUrl(env, 'PINION_APNS_SANDBOX_ENDPOINT', 'https://api.sandbox.push.apple.com:443', 'origin'),
    fcmEndpoint: serviceUrl(env, 'PINION_FCM_ENDPOINT', 'https://fcm.googleapis.com', 'base'),
    fcmLegacyEndpoint: serviceUrl(env, 'PINION_FCM_LEGACY_ENDPOINT', 'https://fcm.googleapis.com/fcm/send', 'exact'),
    fcmTokenEndpoint: env.PINION_FCM_TOKEN_ENDPOINT?.trim() ? serviceUrl(env, 'PINION_FCM_TOKEN_ENDPOINT', '', 'exact') : undefined,
    baiduEndpoint: serviceUrl(env, 'PINION_BAIDU_ENDPOINT', 'https://api.tuisong.baidu.com/rest/3.0', 'base'),
    admEndpoint: serviceUrl(env, 'PINION_ADM_ENDPOINT', 'https://api.amazon.com', 'base'),
    admTokenEndpoint: serviceUrl(env, 'PINION_ADM_TOKEN_ENDPOINT', 'https://api.amazon.com/auth/O2/token', 'exact'),
    perSecond: wholeNumber(env, 'PINION_PUSH_MAX_PER_SECOND', 25_000, 1, 1_000_000, 'messages per second'),
  });
}

/**
 * An http(s) URL without credentials, query or fragment. `origin`: scheme, host and port only
 * (APNs paths are fixed); `base`: a prefix, kept without its trailing slash; `exact`: used as given.
 */
function serviceUrl(env: NodeJS.ProcessEnv, name: string, fallback: string, kind: 'origin' | 'base' | 'exact'): string {
  const text = nonEmpty(env[name]) ?? fallback;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not repeated: a mistyped URL may still hold a password.
    throw new ConfigError(`${name} must be an https:// URL such as ${fallback || 'https://push.example.com/token'}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name} must be an https:// (or http://) URL, got a ${url.protocol} URL`);
  if (url.username !== '' || url.password !== '') throw new ConfigError(`${name} must not carry credentials in the URL`);
  if (url.search !== '' || url.hash !== '') throw new ConfigError(`${name} must not have a query or fragment`);
  if (kind === 'origin') {
    if (url.pathname !== '/') throw new ConfigError(`${name} must be a scheme, host and port only (APNs paths are fixed), got the path ${url.pathname}`);
    return url.origin;
  }
  return kind === 'base' ? url.toString().replace(/\/+$/, '') : url.toString();
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

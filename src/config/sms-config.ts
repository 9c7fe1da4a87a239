import { gatewaySettings } from './gateway-settings.ts';
import { bearerSecret, ConfigError, wholeNumber } from './config.ts';

/**
 * SMS transports (operator configuration): an SMSC over SMPP 3.4 (PINION_SMPP_URL) or a generic
 * HTTP gateway (PINION_SMS_HTTP_URL), at most one of them; neither: the simulator outbox.
 */
export interface SmppConfig {
  readonly host: string;
  readonly port: number;
  /** ssmpp://: TLS (the certificate is verified). */
  readonly tls: boolean;
  readonly systemId: string;
  /** A secret: never logged, never in an error message. */
  readonly password: string;
  /** PINION_SMPP_SYSTEM_TYPE (up to 12 characters), when the SMSC wants one. */
  readonly systemType: string | undefined;
  /** PINION_SMPP_SOURCE_ADDRESS: the origination when a message has no OriginationNumber or SenderId. */
  readonly sourceAddress: string | undefined;
}

export interface SmsHttpConfig {
  readonly url: string;
  /** PINION_SMS_HTTP_AUTH_HEADER: the Authorization header's value (a secret). */
  readonly authorization: string | undefined;
}

export interface SmsConfig {
  /** PINION_SMPP_URL: smpp://system_id:password@host:port or ssmpp://… (port 2775, 3550 with TLS, by default). */
  readonly smpp: SmppConfig | undefined;
  /** PINION_SMS_HTTP_URL: https:// (or http:// to a loopback address). */
  readonly http: SmsHttpConfig | undefined;
  /** PINION_SMS_MAX_PER_SECOND (1 to 10000, default 20: Pinpoint's documented SMS rate), message parts per second. */
  readonly perSecond: number;
  /**
   * PINION_SMS_HTTP_EVENTS_SECRET: the bearer token the HTTP gateway presents when it posts
   * receipts and inbound messages to POST /sms/http-gateway/events (a secret, at least 16
   * characters); unset, that route does not exist.
   */
  readonly httpEventsSecret: string | undefined;
  /** The answers to inbound keywords (SMPP, and the HTTP gateway's events route). */
  readonly replies: { readonly stop: string; readonly start: string; readonly help: string };
}

export const DEFAULT_SMS_REPLIES = Object.freeze({
  stop: 'You have been unsubscribed and will receive no more messages. Reply START to resubscribe.',
  start: 'You have been resubscribed and will receive messages again. Reply STOP to unsubscribe.',
  help: 'Reply STOP to unsubscribe or START to resubscribe.',
});

/** Pinpoint's SMS body limit. */
const REPLY_LIMIT = 1600;

export function smsConfig(env: NodeJS.ProcessEnv): SmsConfig {
  const smppUrl = nonEmpty(env.PINION_SMPP_URL);
  const http = gatewaySettings(env, 'PINION_SMS_HTTP_URL', 'PINION_SMS_HTTP_AUTH_HEADER');
  if (smppUrl !== undefined && http !== undefined) throw new ConfigError('Set PINION_SMPP_URL or PINION_SMS_HTTP_URL, not both: SMS goes through one transport');
  const systemType = nonEmpty(env.PINION_SMPP_SYSTEM_TYPE);
  const sourceAddress = nonEmpty(env.PINION_SMPP_SOURCE_ADDRESS);
  if (smppUrl === undefined) {
    if (systemType !== undefined) throw new ConfigError('PINION_SMPP_SYSTEM_TYPE needs PINION_SMPP_URL');
    if (sourceAddress !== undefined) throw new ConfigError('PINION_SMPP_SOURCE_ADDRESS needs PINION_SMPP_URL');
  }
  if (nonEmpty(env.PINION_SMS_HTTP_EVENTS_SECRET) !== undefined && http === undefined) throw new ConfigError('PINION_SMS_HTTP_EVENTS_SECRET needs PINION_SMS_HTTP_URL');
  const httpEventsSecret = bearerSecret(env, 'PINION_SMS_HTTP_EVENTS_SECRET');
  if (systemType !== undefined && !/^[\x21-\x7e]{1,12}$/.test(systemType)) throw new ConfigError(`PINION_SMPP_SYSTEM_TYPE must be 1 to 12 printable ASCII characters, got '${systemType.slice(0, 40)}'`);
  if (sourceAddress !== undefined && !/^(\+?\d{1,15}|[A-Za-z0-9][A-Za-z0-9 .-]{0,10})$/.test(sourceAddress)) {
    throw new ConfigError(`PINION_SMPP_SOURCE_ADDRESS must be a phone number (+ and up to 15 digits), a short code or an alphanumeric sender id of up to 11 characters, got '${sourceAddress.slice(0, 40)}'`);
  }
  return Object.freeze({
    smpp: smppUrl !== undefined ? Object.freeze({ ...smppEndpoint(smppUrl), systemType, sourceAddress }) : undefined,
    http,
    httpEventsSecret,
    perSecond: wholeNumber(env, 'PINION_SMS_MAX_PER_SECOND', 20, 1, 10_000, 'message parts per second'),
    replies: Object.freeze({
      stop: reply(env, 'PINION_SMS_STOP_REPLY', DEFAULT_SMS_REPLIES.stop),
      start: reply(env, 'PINION_SMS_START_REPLY', DEFAULT_SMS_REPLIES.start),
      help: reply(env, 'PINION_SMS_HELP_REPLY', DEFAULT_SMS_REPLIES.help),
    }),
  });
}

function smppEndpoint(text: string): Omit<SmppConfig, 'systemType' | 'sourceAddress'> {
  // The URL holds a password: no message below repeats it, or any part of the URL but its scheme.
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError('PINION_SMPP_URL must be a URL such as smpp://system_id:password@smsc.example.com:2775');
  }
  if (url.protocol !== 'smpp:' && url.protocol !== 'ssmpp:') throw new ConfigError(`PINION_SMPP_URL must be an smpp:// or ssmpp:// URL, got a ${url.protocol} URL`);
  const tls = url.protocol === 'ssmpp:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new ConfigError('PINION_SMPP_URL must name the SMSC host, as in smpp://system_id:password@smsc.example.com:2775');
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') throw new ConfigError('PINION_SMPP_URL must not have a path, query or fragment');
  let systemId: string;
  let password: string;
  try {
    systemId = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    throw new ConfigError('PINION_SMPP_URL has a badly percent-encoded system_id or password');
  }
  if (systemId === '') throw new ConfigError('PINION_SMPP_URL must carry the system_id (and password) to bind with, as in smpp://system_id:password@smsc.example.com:2775');
  if (systemId.length > 15 || !/^[\x21-\x7e]+$/.test(systemId)) throw new ConfigError('PINION_SMPP_URL: the system_id must be 1 to 15 printable ASCII characters (SMPP 3.4)');
  if (!/^[\x20-\x7e]*$/.test(password)) throw new ConfigError('PINION_SMPP_URL: the password must be printable ASCII');
  const port = url.port === '' ? (tls ? 3550 : 2775) : Number(url.port);
  return { host, port, tls, systemId, password };
}

function reply(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const text = nonEmpty(env[name]) ?? fallback;
  if (text.length > REPLY_LIMIT) throw new ConfigError(`${name} must be at most ${REPLY_LIMIT} characters, got ${text.length}`);
  return text;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

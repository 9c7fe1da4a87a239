import { ConfigError } from './config.ts';

/**
 * An HTTP gateway's URL and Authorization header (the SMS gateway, the voice provider): https://,
 * or http:// to this machine only; credentials in the header, never in the URL; the header value
 * is a secret, so errors say what is wrong with it, never what it is.
 */
export interface GatewaySettings {
  readonly url: string;
  readonly authorization: string | undefined;
}

export function gatewaySettings(env: NodeJS.ProcessEnv, urlName: string, authName: string): GatewaySettings | undefined {
  const text = nonEmpty(env[urlName]);
  const authorization = nonEmpty(env[authName]);
  if (text === undefined) {
    if (authorization !== undefined) throw new ConfigError(`${authName} needs ${urlName}`);
    return undefined;
  }
  if (authorization !== undefined && !/^[\x20-\x7e]{1,4096}$/.test(authorization)) {
    throw new ConfigError(`${authName} must be printable ASCII on one line (for example: Bearer <token>)`);
  }
  return Object.freeze({ url: gatewayUrl(urlName, authName, text), authorization });
}

function gatewayUrl(urlName: string, authName: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${urlName} must be a URL such as https://gateway.example.com/messages`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${urlName} must be an https:// URL, got a ${url.protocol} URL`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new ConfigError(`${urlName} must be https:// (plain http:// is allowed to a loopback address only: localhost, 127.0.0.0/8, [::1])`);
  }
  if (url.username !== '' || url.password !== '') throw new ConfigError(`${urlName} must not carry credentials: put them in ${authName}`);
  return url.toString();
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

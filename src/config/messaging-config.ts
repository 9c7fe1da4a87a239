import { ConfigError, wholeNumber } from './config.ts';
import type { PushConfig } from './push-config.ts';
import { pushConfig } from './push-config.ts';
import type { SmsConfig } from './sms-config.ts';
import { smsConfig } from './sms-config.ts';
import type { VoiceConfig } from './voice-config.ts';
import { voiceConfig } from './voice-config.ts';

/**
 * Transports for messages (operator configuration). Nothing set: every message goes to the
 * simulator outbox, which is what a development machine wants.
 */
export interface MessagingConfig {
  /** PINION_SMTP_URL: smtp://user:password@host:587 or smtps://…:465 (a secret: never logged). */
  readonly smtpUrl: string | undefined;
  /** PINION_SMTP_MAX_CONNECTIONS (1 to 100, default 5): pooled connections to the relay. */
  readonly smtpMaxConnections: number;
  /** PINION_EMAIL_MAX_PER_SECOND (1 to 100000, default 100): the relay's sending rate. */
  readonly emailPerSecond: number;
  /** PINION_SMTP_DKIM_DOMAIN, _SELECTOR and _PRIVATE_KEY_FILE together: DKIM-sign outgoing mail. */
  readonly dkim: { readonly domainName: string; readonly keySelector: string; readonly privateKeyFile: string } | undefined;
  /**
   * PINION_EMAIL_BOUNCE_DOMAIN and PINION_EMAIL_BOUNCE_LISTEN (host:port, default 127.0.0.1:2525):
   * email goes out with a signed return path at that domain, and the bounce listener takes the
   * delivery status notifications and complaint reports sent back to it. Needs PINION_SMTP_URL.
   * PINION_EMAIL_BOUNCE_TLS_CERT_FILE and _KEY_FILE together (PEM): the listener offers STARTTLS.
   */
  readonly bounces: BounceSettings | undefined;
  /** Push services (see push-config.ts): the simulator unless PINION_PUSH=live. */
  readonly push: PushConfig;
  /** SMS transports (see sms-config.ts): an SMSC over SMPP or an HTTP gateway; neither: the simulator. */
  readonly sms: SmsConfig;
  /** The voice provider (see voice-config.ts); unset: the simulator. */
  readonly voice: VoiceConfig;
}

export interface BounceSettings {
  readonly domain: string;
  readonly host: string;
  readonly port: number;
  /** The certificate (chain) and private key files the listener's STARTTLS uses; unset: no STARTTLS. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

export function messagingConfig(env: NodeJS.ProcessEnv): MessagingConfig {
  const smtpUrl = nonEmpty(env.PINION_SMTP_URL);
  if (smtpUrl !== undefined) {
    let protocol: string;
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      // The URL may hold a password: never repeat it in an error.
      throw new ConfigError('PINION_SMTP_URL must be a URL such as smtp://user:password@mail.example.com:587');
    }
    if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new ConfigError(`PINION_SMTP_URL must be an smtp:// or smtps:// URL, got a ${protocol} URL`);
  }
  const dkimParts = [nonEmpty(env.PINION_SMTP_DKIM_DOMAIN), nonEmpty(env.PINION_SMTP_DKIM_SELECTOR), nonEmpty(env.PINION_SMTP_DKIM_PRIVATE_KEY_FILE)];
  const dkimSet = dkimParts.filter((part) => part !== undefined).length;
  if (dkimSet !== 0 && dkimSet !== 3) {
    throw new ConfigError('Set PINION_SMTP_DKIM_DOMAIN, PINION_SMTP_DKIM_SELECTOR and PINION_SMTP_DKIM_PRIVATE_KEY_FILE together, or none of them');
  }
  return Object.freeze({
    smtpUrl,
    bounces: bounceSettings(env, smtpUrl),
    smtpMaxConnections: wholeNumber(env, 'PINION_SMTP_MAX_CONNECTIONS', 5, 1, 100, 'connections'),
    emailPerSecond: wholeNumber(env, 'PINION_EMAIL_MAX_PER_SECOND', 100, 1, 100_000, 'messages per second'),
    dkim: dkimSet === 3 ? Object.freeze({ domainName: dkimParts[0]!, keySelector: dkimParts[1]!, privateKeyFile: dkimParts[2]! }) : undefined,
    push: pushConfig(env),
    sms: smsConfig(env),
    voice: voiceConfig(env),
  });
}

function bounceSettings(env: NodeJS.ProcessEnv, smtpUrl: string | undefined): MessagingConfig['bounces'] {
  const domain = nonEmpty(env.PINION_EMAIL_BOUNCE_DOMAIN)?.toLowerCase();
  const listen = nonEmpty(env.PINION_EMAIL_BOUNCE_LISTEN);
  const certFile = nonEmpty(env.PINION_EMAIL_BOUNCE_TLS_CERT_FILE);
  const keyFile = nonEmpty(env.PINION_EMAIL_BOUNCE_TLS_KEY_FILE);
  if (domain === undefined) {
    if (listen !== undefined) throw new ConfigError('PINION_EMAIL_BOUNCE_LISTEN needs PINION_EMAIL_BOUNCE_DOMAIN');
    if (certFile !== undefined || keyFile !== undefined) throw new ConfigError('PINION_EMAIL_BOUNCE_TLS_CERT_FILE and PINION_EMAIL_BOUNCE_TLS_KEY_FILE need PINION_EMAIL_BOUNCE_DOMAIN');
    return undefined;
  }
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError('Set PINION_EMAIL_BOUNCE_TLS_CERT_FILE and PINION_EMAIL_BOUNCE_TLS_KEY_FILE together (the listener\'s STARTTLS certificate and its private key), or neither');
  }
  if (smtpUrl === undefined) throw new ConfigError('PINION_EMAIL_BOUNCE_DOMAIN needs PINION_SMTP_URL (the simulator reports its own bounces)');
  if (domain.length > 190 || !/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) {
    throw new ConfigError(`PINION_EMAIL_BOUNCE_DOMAIN must be a domain name such as bounces.example.com, got '${domain.slice(0, 60)}'`);
  }
  const match = /^(.+):(\d{1,5})$/.exec(listen ?? '127.0.0.1:2525');
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) throw new ConfigError(`PINION_EMAIL_BOUNCE_LISTEN must be host:port (for example 0.0.0.0:25), got '${(listen ?? '').slice(0, 60)}'`);
  const host = match[1]!.replace(/^\[(.*)\]$/, '$1');
  return Object.freeze({ domain, host, port, ...(certFile !== undefined && keyFile !== undefined ? { tls: Object.freeze({ certFile, keyFile }) } : {}) });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

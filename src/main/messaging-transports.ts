import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { RateLimiter } from '../channels/rate-limiter.ts';
import { buildTransports } from '../channels/transports.ts';
import { HttpVoiceTransport } from '../channels/voice/http-voice-transport.ts';
import type { Transports } from '../channels/transports.ts';
import { buildLivePushTransports } from '../channels/push/live-push-transports.ts';
import type { MessagingConfig } from '../config/messaging-config.ts';
import { startSmsTransport } from './sms-transport.ts';
import type { SmsInboundContext } from './sms-transport.ts';

/**
 * Builds the configured transports, reading the DKIM key once, and says which ones are in use (never
 * their secrets). `smsInbound` lets an SMPP transport record receipts and act on inbound keywords;
 * `returnPath` gives email the envelope sender bounces come back to (bounce processing).
 */
export function startTransports(
  config: MessagingConfig,
  logger: Logger,
  smsInbound?: SmsInboundContext,
  returnPath?: (messageId: string) => string | undefined,
): Transports {
  let privateKey: string | undefined;
  if (config.dkim) {
    try {
      privateKey = readFileSync(config.dkim.privateKeyFile, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the DKIM private key file named by PINION_SMTP_DKIM_PRIVATE_KEY_FILE: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
    }
  }
  const sms = startSmsTransport(config.sms, logger, smsInbound);
  const voice = config.voice.http ? new HttpVoiceTransport(config.voice.http, { limiter: new RateLimiter(config.voice.perSecond) }) : undefined;
  const transports = buildTransports({
    emailPerSecond: config.emailPerSecond,
    ...(sms ? { sms } : {}),
    ...(voice ? { voice } : {}),
    // PINION_PUSH=live: Apple, Google, Amazon and Baidu; otherwise every push stays in the simulator.
    ...(config.push.mode === 'live' ? { push: buildLivePushTransports(config.push) } : {}),
    ...(config.smtpUrl !== undefined
      ? {
          smtp: {
            url: config.smtpUrl,
            maxConnections: config.smtpMaxConnections,
            ...(returnPath ? { returnPath } : {}),
            ...(config.dkim && privateKey !== undefined ? { dkim: { domainName: config.dkim.domainName, keySelector: config.dkim.keySelector, privateKey } } : {}),
          },
        }
      : {}),
  });
  logger.info({ email: transports.email.name, sms: transports.sms.name, voice: transports.voice.name, push: config.push.mode, dkim: config.dkim !== undefined }, 'messaging: transports ready');
  return transports;
}

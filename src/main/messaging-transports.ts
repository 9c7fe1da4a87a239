import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { buildTransports } from '../channels/transports.ts';
import type { Transports } from '../channels/transports.ts';
import type { MessagingConfig } from '../config/messaging-config.ts';

/** Builds the configured transports, reading the DKIM key once, and says which ones are in use (never their secrets). */
export function startTransports(config: MessagingConfig, logger: Logger): Transports {
  let privateKey: string | undefined;
  if (config.dkim) {
    try {
      privateKey = readFileSync(config.dkim.privateKeyFile, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the DKIM private key file named by PINION_SMTP_DKIM_PRIVATE_KEY_FILE: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
    }
  }
  const transports = buildTransports({
    emailPerSecond: config.emailPerSecond,
    ...(config.smtpUrl !== undefined
      ? {
          smtp: {
            url: config.smtpUrl,
            maxConnections: config.smtpMaxConnections,
            ...(config.dkim && privateKey !== undefined ? { dkim: { domainName: config.dkim.domainName, keySelector: config.dkim.keySelector, privateKey } } : {}),
          },
        }
      : {}),
  });
  logger.info({ email: transports.email.name, sms: transports.sms.name, dkim: config.dkim !== undefined }, 'messaging: transports ready');
  return transports;
}

import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { Logger } from 'pino';
import { BounceListener } from '../channels/email/bounce-listener.ts';
import type { MessagingConfig } from '../config/messaging-config.ts';
import { readEmailFeedback } from '../domain/messages/email-feedback.ts';
import { messageIdOfReturnPath } from '../domain/messages/return-path.ts';
import { recordEmailFeedback } from '../engine/messaging/email-feedback-sink.ts';
import type { SendsInFlight } from '../engine/messaging/sends-in-flight.ts';
import type { MessagesRepository } from '../storage/messages-repository.ts';

/**
 * Bounce processing (PINION_EMAIL_BOUNCE_DOMAIN): the SMTP listener that takes delivery status
 * notifications and complaint reports sent back to the return paths of Pinion's email, and
 * records each as the event SES would have reported for the message it names.
 */
export async function startBounceProcessing(
  bounces: NonNullable<MessagingConfig['bounces']>,
  key: Buffer,
  messages: MessagesRepository,
  logger: Logger,
  inFlight: SendsInFlight,
): Promise<BounceListener> {
  const tls = bounces.tls ? listenerTls(bounces.tls) : undefined;
  const listener = new BounceListener({
    host: bounces.host,
    port: bounces.port,
    domain: bounces.domain,
    messageIdOf: (address) => messageIdOfReturnPath(key, address, bounces.domain),
    onReport: async (messageIds, raw) => {
      const feedback = readEmailFeedback(raw);
      if (!feedback) {
        logger.debug({ messages: messageIds.length }, 'email: mail to a return path that is no bounce or complaint report; ignored');
        return;
      }
      for (const messageId of messageIds) await recordEmailFeedback({ messages, now: () => new Date(), logger, inFlight }, messageId, feedback);
    },
    logger,
    ...(tls ? { tls } : {}),
  });
  const port = await listener.listen();
  logger.info({ host: bounces.host, port, domain: bounces.domain, starttls: tls !== undefined }, 'email: bounce listener ready');
  return listener;
}

/**
 * The STARTTLS certificate and key, read once at startup and checked to be a usable pair: a
 * wrong file stops the server with the setting named, rather than failing each sender's
 * handshake later. The error never carries the files' contents.
 */
function listenerTls(files: { certFile: string; keyFile: string }): { cert: string; key: string } {
  const read = (file: string, setting: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the file named by ${setting}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
    }
  };
  const cert = read(files.certFile, 'PINION_EMAIL_BOUNCE_TLS_CERT_FILE');
  const key = read(files.keyFile, 'PINION_EMAIL_BOUNCE_TLS_KEY_FILE');
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message.split('\n')[0] : 'error');
    throw new Error(`PINION_EMAIL_BOUNCE_TLS_CERT_FILE and PINION_EMAIL_BOUNCE_TLS_KEY_FILE are not a usable PEM certificate and matching private key (${reason})`, { cause: error });
  }
  return { cert, key };
}

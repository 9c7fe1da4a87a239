import type { Logger } from 'pino';
import { BounceListener } from '../channels/email/bounce-listener.ts';
import type { MessagingConfig } from '../config/messaging-config.ts';
import { readEmailFeedback } from '../domain/messages/email-feedback.ts';
import { messageIdOfReturnPath } from '../domain/messages/return-path.ts';
import { recordEmailFeedback, RecordedFeedback } from '../engine/messaging/email-feedback-sink.ts';
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
): Promise<BounceListener> {
  const recorded = new RecordedFeedback();
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
      for (const messageId of messageIds) {
        if (!recorded.allows(messageId, feedback.kind)) continue;
        await recordEmailFeedback({ messages, now: () => new Date(), logger }, messageId, feedback);
        recorded.note(messageId, feedback.kind);
      }
    },
    logger,
  });
  const port = await listener.listen();
  logger.info({ host: bounces.host, port, domain: bounces.domain }, 'email: bounce listener ready');
  return listener;
}

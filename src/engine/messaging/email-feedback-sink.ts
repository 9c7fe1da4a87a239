import type { EmailFeedback } from '../../domain/messages/email-feedback.ts';
import type { MessagesRepository } from '../../storage/messages-repository.ts';
import { ProjectMissingError } from '../../storage/endpoints-repository.ts';
import { loggedMessageFacts, sendEvent } from './delivery-events.ts';

export interface EmailFeedbackServices {
  readonly messages: Pick<MessagesRepository, 'findByProviderId' | 'appendEvents'>;
  readonly now: () => Date;
  readonly logger: { debug(object: object, message: string): void };
}

/**
 * Records a bounce or complaint report for the email it is about, as SES would have reported it
 * to Pinpoint: `_email.hardbounce`, `_email.softbounce` or `_email.complaint` in the event log
 * (and so on the project's event stream), with the report's own words. The message is found by
 * Pinion's id (the SMTP transport records it as the provider id); one no longer in the message
 * log (pruned, its project deleted) is passed over.
 */
export async function recordEmailFeedback(services: EmailFeedbackServices, messageId: string, feedback: EmailFeedback): Promise<void> {
  const found = await services.messages.findByProviderId('smtp', messageId);
  if (!found || found.message.channel !== 'EMAIL') {
    services.logger.debug({ messageId }, 'email: a report names a message no longer in the message log; ignored');
    return;
  }
  const { tenant, appId, message } = found;
  const event = sendEvent(
    loggedMessageFacts(tenant, appId, message, 'EMAIL'),
    feedback.kind,
    feedback.detail,
    services.now().getTime(),
  );
  if (!event) return;
  try {
    await services.messages.appendEvents(tenant, appId, [event]);
  } catch (error) {
    if (!(error instanceof ProjectMissingError)) throw error;
  }
}

import type { EmailFeedback } from '../../domain/messages/email-feedback.ts';
import type { MessagesRepository } from '../../storage/messages-repository.ts';
import { ProjectMissingError } from '../../storage/endpoints-repository.ts';
import { loggedMessageFacts, sendEvent } from './delivery-events.ts';

export interface EmailFeedbackServices {
  readonly messages: Pick<MessagesRepository, 'findByProviderId' | 'appendReportEvent'>;
  readonly now: () => Date;
  readonly logger: { debug(object: object, message: string): void };
}

/**
 * Records a bounce or complaint report for the email it is about, as SES would have reported it
 * to Pinpoint: `_email.hardbounce`, `_email.softbounce` or `_email.complaint` in the event log
 * (and so on the project's event stream), with the report's own words. The message is found by
 * Pinion's id (the SMTP transport records it as the provider id); one no longer in the message
 * log (pruned, its project deleted) is passed over. So that a recipient who has a return path
 * (anyone Pinion emailed) cannot flood the event log and the project's event stream by sending a
 * report again and again, a message gets at most reportLimit(kind) events of each kind, counted
 * with the message in storage (a restart does not reset the count).
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
    const appended = await services.messages.appendReportEvent(tenant, appId, message.id, { kind: feedback.kind, limit: reportLimit(feedback.kind) }, event);
    if (!appended) services.logger.debug({ messageId, kind: feedback.kind }, 'email: a report beyond what a message may have recorded; ignored');
  } catch (error) {
    if (!(error instanceof ProjectMissingError)) throw error;
  }
}

/** Soft bounces (delay reports, which mail servers do repeat) a message may have recorded. */
export const SOFT_BOUNCES_PER_MESSAGE = 5;

/** Reports of a kind one message may have recorded: one hard bounce, one complaint, a few soft bounces. */
export function reportLimit(kind: EmailFeedback['kind']): number {
  return kind === 'softbounce' ? SOFT_BOUNCES_PER_MESSAGE : 1;
}

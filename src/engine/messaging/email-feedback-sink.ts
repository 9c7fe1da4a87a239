import type { EmailFeedback } from '../../domain/messages/email-feedback.ts';
import type { MessagesRepository } from '../../storage/messages-repository.ts';
import { ProjectMissingError } from '../../storage/endpoints-repository.ts';
import { loggedMessageFacts, sendEvent } from './delivery-events.ts';
import { ReceiptTooEarlyError } from './sends-in-flight.ts';
import type { SendsInFlight } from './sends-in-flight.ts';

/** The SMTP transport's name in the message log (it records Pinion's message id as the provider id). */
const SMTP_TRANSPORT = 'smtp';

export interface EmailFeedbackServices {
  readonly messages: Pick<MessagesRepository, 'findByProviderId' | 'appendReportEvent'>;
  readonly now: () => Date;
  readonly logger: { debug(object: object, message: string): void };
  /** Sends not recorded yet: a report about one of them is refused for now (ReceiptTooEarlyError). */
  readonly inFlight?: Pick<SendsInFlight, 'has'>;
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
  const found = await services.messages.findByProviderId(SMTP_TRANSPORT, messageId);
  // Sooner than its send's record (a relay and a remote server that answer within the request):
  // the sender is asked to try again (451).
  if (!found && services.inFlight?.has(SMTP_TRANSPORT, messageId)) throw new ReceiptTooEarlyError(SMTP_TRANSPORT);
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

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

/**
 * Which reports were recorded lately, so that a recipient who has a return path (anyone Pinion
 * emailed) cannot flood the event log and the project's event stream by sending the same report
 * again and again: one hard bounce and one complaint per message, and a soft bounce (a delay
 * report, which mail servers do repeat) at most five times. Kept in memory for the most recent
 * 100,000 messages; a restart forgets, which bounds a replay without a table of its own.
 */
export class RecordedFeedback {
  static readonly softBouncesPerMessage = 5;
  readonly #seen = new Map<string, number>();
  readonly #capacity: number;

  constructor(capacity = 100_000) {
    this.#capacity = capacity;
  }

  /** Whether a report of this kind for this message should still be recorded. */
  allows(messageId: string, kind: EmailFeedback['kind']): boolean {
    return (this.#seen.get(`${messageId}:${kind}`) ?? 0) < (kind === 'softbounce' ? RecordedFeedback.softBouncesPerMessage : 1);
  }

  /** Counts a recorded report (after it was written: a report that failed to record may come again). */
  note(messageId: string, kind: EmailFeedback['kind']): void {
    const key = `${messageId}:${kind}`;
    const count = this.#seen.get(key) ?? 0;
    this.#seen.delete(key);
    this.#seen.set(key, count + 1);
    if (this.#seen.size > this.#capacity) this.#seen.delete(this.#seen.keys().next().value!);
  }
}

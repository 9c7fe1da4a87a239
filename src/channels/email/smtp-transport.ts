import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { DeliveryOutcome } from '../delivery-outcome.ts';
import { outcomes } from '../delivery-outcome.ts';
import type { RateLimiter } from '../rate-limiter.ts';
import type { RetryPolicy } from '../retry.ts';
import { withRetries } from '../retry.ts';
import type { EmailTransport, OutboundEmail } from '../transport.ts';

export interface SmtpSettings {
  /** smtp://user:password@host:port or smtps://… (a secret: never logged). */
  readonly url: string;
  readonly maxConnections: number;
  readonly dkim?: { readonly domainName: string; readonly keySelector: string; readonly privateKey: string };
  /**
   * The envelope sender for a message id when bounce processing is on (see
   * domain/messages/return-path.ts); a message's FeedbackForwardingAddress still wins.
   */
  readonly returnPath?: (messageId: string) => string | undefined;
}

/** Email relays confirm acceptance, not delivery: a few quick retries, then the result says what happened. */
export const SMTP_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 };

/** What nodemailer puts on its errors (not in its types). */
interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * Email through the operator's SMTP relay with nodemailer's pooled transport (connections are
 * reused across messages and requests). The relay's reply decides the result: 2xx accepted,
 * 4xx temporary (retried, with backoff and full jitter), 5xx permanent.
 */
export class SmtpEmailTransport implements EmailTransport {
  readonly name = 'smtp';
  readonly #transporter: Transporter<SMTPPool.SentMessageInfo>;
  readonly #limiter: RateLimiter;
  readonly #retry: RetryPolicy;
  readonly #returnPath: SmtpSettings['returnPath'];

  constructor(settings: SmtpSettings, limiter: RateLimiter, retry: RetryPolicy = SMTP_RETRY) {
    this.#returnPath = settings.returnPath;
    this.#transporter = createTransport({
      url: settings.url,
      // A password never crosses the network in clear: with smtp:// and credentials, the relay
      // must offer STARTTLS (a relay on this machine excepted: there is no network to cross).
      requireTLS: loginNeedsTls(settings.url),
      pool: true,
      maxConnections: settings.maxConnections,
      ...(settings.dkim ? { dkim: { ...settings.dkim } } : {}),
    } as SMTPPool.Options);
    this.#limiter = limiter;
    this.#retry = retry;
  }

  send(message: OutboundEmail): Promise<DeliveryOutcome> {
    return withRetries(
      this.#retry,
      async () => {
        await this.#limiter.acquire();
        return this.#sendOnce(message);
      },
      (outcome) => outcome.status === 'TEMPORARY_FAILURE' || outcome.status === 'THROTTLED',
    );
  }

  async #sendOnce(message: OutboundEmail): Promise<DeliveryOutcome> {
    const envelope = { from: message.feedbackAddress ?? this.#returnPath?.(message.id) ?? message.from, to: [message.to] };
    try {
      const info = message.raw
        ? await this.#transporter.sendMail({ envelope, raw: message.raw })
        : await this.#transporter.sendMail({
            envelope,
            messageId: message.messageId,
            from: message.from,
            to: message.to,
            ...(message.replyTo && message.replyTo.length > 0 ? { replyTo: [...message.replyTo] } : {}),
            subject: message.subject ?? '',
            ...(message.html !== undefined ? { html: message.html } : {}),
            ...(message.text !== undefined ? { text: message.text } : {}),
            headers: message.headers.map((header) => ({ key: header.name, value: header.value })),
          });
      // Pinion's id is the provider id: bounces name it in their return path.
      return outcomes.accepted(info.response ?? '', message.id);
    } catch (error) {
      return classify(error as SmtpError);
    }
  }

  close(): Promise<void> {
    this.#transporter.close();
    return Promise.resolve();
  }
}

function classify(error: SmtpError): DeliveryOutcome {
  // Credentials are the operator's problem, not the caller's: a refused login (the relay's 535
  // reply) is answered in Pinion's words, never as the recipient's permanent failure.
  if (error.code === 'EAUTH') return outcomes.unknown('The email relay refused the credentials Pinion is configured with');
  const code = error.responseCode;
  const reply = (error.response ?? '').slice(0, 500);
  if (code !== undefined && code >= 500) return outcomes.permanent(reply || `SMTP ${code}`, 400);
  if (code !== undefined && code >= 400) {
    return /rate|throttl|too many/i.test(reply) ? outcomes.throttled(reply) : outcomes.temporary(reply || `SMTP ${code}`);
  }
  if (error.code === 'ECONNECTION' || error.code === 'ETIMEDOUT' || error.code === 'ESOCKET' || error.code === 'EDNS') {
    return outcomes.temporary('The email relay could not be reached');
  }
  return outcomes.unknown(`The email relay failed: ${error.code ?? 'unknown error'}`);
}

/** True for smtp:// URLs with credentials to a relay that is not on this machine. */
export function loginNeedsTls(url: string): boolean {
  const parsed = new URL(url);
  const loopback = parsed.hostname === 'localhost' || parsed.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(parsed.hostname);
  return parsed.protocol === 'smtp:' && parsed.username !== '' && !loopback;
}

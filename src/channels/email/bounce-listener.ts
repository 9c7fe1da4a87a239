import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface BounceListenerOptions {
  readonly host: string;
  readonly port: number;
  /** The message id a recipient address names, for genuine return paths only (else undefined). */
  readonly messageIdOf: (address: string) => string | undefined;
  /** Handles a report sent to the given messages' return paths; a rejection answers 451 (send again). */
  readonly onReport: (messageIds: readonly string[], raw: string) => Promise<void>;
  readonly logger: { info(object: object, message: string): void; warn(object: object, message: string): void };
  /** Largest report taken (bytes); larger ones are refused with 552. */
  readonly maxBytes?: number;
}

/** Reports are a few kilobytes; with the original message attached rarely more than a few hundred. */
const DEFAULT_MAX_BYTES = 1024 * 1024;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The SMTP server that takes what comes back to the return paths of sent email (the bounce
 * domain's MX, or the operator's mail server forwarding that domain, points at it). It accepts
 * mail only for genuine return paths (a signed message id), so it is no open relay and random
 * mail is refused at RCPT; no authentication, as a mail exchanger's; bounded size, clients and
 * time. Each accepted message goes to `onReport` with the ids of the messages it was sent about.
 */
export class BounceListener {
  readonly #server: SMTPServer;
  readonly #options: BounceListenerOptions;

  constructor(options: BounceListenerOptions) {
    this.#options = options;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#server = new SMTPServer({
      secure: false,
      // A mail exchanger: anyone may deliver, nobody logs in. STARTTLS needs a certificate the
      // operator's MX has; put one in front to receive over TLS.
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      banner: 'Pinion bounce processing',
      size: maxBytes,
      maxClients: 50,
      socketTimeout: 60_000,
      closeTimeout: 5_000,
      logger: false,
      onRcptTo: (address, session, callback) => {
        if (session.envelope.rcptTo.length >= 50) return callback(smtpError(452, 'Too many recipients'));
        if (this.#options.messageIdOf(address.address) === undefined) return callback(smtpError(550, 'No such recipient here'));
        callback();
      },
      onData: (stream, session, callback) => {
        this.#receive(stream, session, maxBytes).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    this.#server.on('error', (error) => options.logger.warn({ error: error.name, code: (error as { code?: unknown }).code }, 'email: the bounce listener reported an error'));
  }

  /** Starts listening; resolves with the port (useful with port 0). */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.#server.server.once('error', onError);
      this.#server.listen(this.#options.port, this.#options.host, () => {
        this.#server.server.removeListener('error', onError);
        resolve((this.#server.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #receive(stream: SMTPServerDataStream, session: SMTPServerSession, maxBytes: number): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    }
    if (stream.sizeExceeded || size > maxBytes) throw smtpError(552, `Reports larger than ${maxBytes} bytes are not taken`);
    const ids = [...new Set(session.envelope.rcptTo.map((rcpt) => this.#options.messageIdOf(rcpt.address)).filter((id): id is string => id !== undefined))];
    try {
      await this.#options.onReport(ids, Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      this.#options.logger.warn({ error: error instanceof Error ? error.name : typeof error }, 'email: a report could not be recorded; the sender is asked to try again');
      throw smtpError(451, 'The report could not be recorded; try again later');
    }
  }
}

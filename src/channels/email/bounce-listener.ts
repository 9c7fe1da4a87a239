import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { isExpectedRefusal } from '../expected-refusal.ts';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface BounceListenerOptions {
  readonly host: string;
  readonly port: number;
  /** The bounce domain: the name the server greets with (not the machine's host name). */
  readonly domain: string;
  /** The message id a recipient address names, for genuine return paths only (else undefined). */
  readonly messageIdOf: (address: string) => string | undefined;
  /** Handles a report sent to the given messages' return paths; a rejection answers 451 (send again). */
  readonly onReport: (messageIds: readonly string[], raw: string) => Promise<void>;
  readonly logger: { info(object: object, message: string): void; warn(object: object, message: string): void; debug(object: object, message: string): void };
  /** Largest report taken (bytes); larger ones are refused with 552. */
  readonly maxBytes?: number;
  /** A certificate (chain) and its private key, PEM: the listener offers STARTTLS. Unset: plain SMTP only. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/** Reports are a few kilobytes; with the original message attached rarely more than a few hundred. */
const DEFAULT_MAX_BYTES = 1024 * 1024;
/** Connections one address may hold at once (a mail server sends a few in parallel at most). */
const MAX_CONNECTIONS_PER_ADDRESS = 5;
/** Messages one connection may send before it is told to reconnect. */
const MAX_MESSAGES_PER_SESSION = 20;
/** A connection is closed this long after it opened, however active (the idle timeout alone lets a trickle of bytes hold it). */
const SESSION_DEADLINE_MS = 5 * 60_000;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The SMTP server that takes what comes back to the return paths of sent email (the bounce
 * domain's MX, or the operator's mail server forwarding that domain, points at it). It accepts
 * mail only for genuine return paths (a signed message id), so it is no open relay and random
 * mail is refused at RCPT (the postmaster excepted, as RFC 5321 asks); no authentication, as a
 * mail exchanger's. Bounded: message size, clients in all and per address, messages per
 * connection, and a connection's whole life as well as its idle time. Each accepted message goes
 * to `onReport` with the ids of the messages it was sent about.
 */
export class BounceListener {
  readonly #server: SMTPServer;
  readonly #options: BounceListenerOptions;
  readonly #connectionsByAddress = new Map<string, number>();
  readonly #messagesBySession = new Map<string, number>();

  constructor(options: BounceListenerOptions) {
    this.#options = options;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const postmaster = `postmaster@${options.domain}`.toLowerCase();
    this.#server = new SMTPServer({
      secure: false,
      name: options.domain,
      // A mail exchanger: anyone may deliver, nobody logs in. STARTTLS when the operator gives the
      // certificate of the name senders connect to (opportunistic, as between mail servers: a
      // sender that does not ask for it still delivers in the clear).
      authOptional: true,
      disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(options.tls ? { key: options.tls.key, cert: options.tls.cert, minVersion: 'TLSv1.2' as const } : {}),
      banner: 'Pinion bounce processing',
      size: maxBytes,
      maxClients: 50,
      socketTimeout: 60_000,
      closeTimeout: 5_000,
      logger: false,
      onConnect: (session, callback) => {
        const address = session.remoteAddress;
        const open = this.#connectionsByAddress.get(address) ?? 0;
        if (open >= MAX_CONNECTIONS_PER_ADDRESS) return callback(smtpError(421, 'Too many connections from your address; try again later'));
        this.#connectionsByAddress.set(address, open + 1);
        // Counted only once accepted: onClose runs for every connection that got this far.
        (session as SMTPServerSession & { pinionCounted?: boolean }).pinionCounted = true;
        callback();
      },
      onClose: (session) => {
        this.#messagesBySession.delete(session.id);
        if (!(session as SMTPServerSession & { pinionCounted?: boolean }).pinionCounted) return;
        const open = (this.#connectionsByAddress.get(session.remoteAddress) ?? 1) - 1;
        if (open <= 0) this.#connectionsByAddress.delete(session.remoteAddress);
        else this.#connectionsByAddress.set(session.remoteAddress, open);
      },
      onRcptTo: (address, session, callback) => {
        if (session.envelope.rcptTo.length >= 50) return callback(smtpError(452, 'Too many recipients'));
        // RFC 5321: a domain that takes mail takes it for its postmaster (kept, never a report).
        if (address.address.toLowerCase() === postmaster) return callback();
        if (this.#options.messageIdOf(address.address) === undefined) return callback(smtpError(550, 'No such recipient here'));
        callback();
      },
      onData: (stream, session, callback) => {
        const sent = (this.#messagesBySession.get(session.id) ?? 0) + 1;
        this.#messagesBySession.set(session.id, sent);
        if (sent > MAX_MESSAGES_PER_SESSION) {
          stream.resume();
          stream.on('end', () => callback(smtpError(421, 'Too many messages in one session; reconnect to send more')));
          return;
        }
        this.#receive(stream, session, maxBytes).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    this.#server.on('error', (error) => options.logger.warn({ error: error.name, code: (error as { code?: unknown }).code }, 'email: the bounce listener reported an error'));
    this.#server.server.on('connection', (socket: Socket) => {
      const deadline = setTimeout(() => socket.destroy(), SESSION_DEADLINE_MS);
      deadline.unref();
      socket.once('close', () => clearTimeout(deadline));
    });
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
    // Mail for the postmaster alone is taken and not read.
    if (ids.length === 0) return;
    try {
      await this.#options.onReport(ids, Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      // A report sooner than its message's record (see expected-refusal.ts) is no incident.
      const log = isExpectedRefusal(error) ? this.#options.logger.debug.bind(this.#options.logger) : this.#options.logger.warn.bind(this.#options.logger);
      log({ error: error instanceof Error ? error.name : typeof error }, 'email: a report could not be recorded; the sender is asked to try again');
      throw smtpError(451, 'The report could not be recorded; try again later');
    }
  }
}

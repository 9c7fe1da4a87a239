import net from 'node:net';
import tls from 'node:tls';
import smpp from 'smpp';
import type { SmppPdu, SmppSession } from 'smpp';
import { backoffDelayMs } from '../retry.ts';
import { describeStatus } from './smpp-status.ts';
import { isExpectedRefusal } from '../expected-refusal.ts';

/** Where the SMSC is and how to bind to it. The password is a secret: nothing here logs it. */
export interface SmppEndpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly systemId: string;
  readonly password: string;
  readonly systemType?: string;
}

export interface SmppLinkTiming {
  /** TCP (and TLS) connection set-up. */
  readonly connectTimeoutMs: number;
  /** How long a request waits for its response (bind, submit_sm, enquire_link, unbind). */
  readonly responseTimeoutMs: number;
  /** enquire_link keepalive period; an unanswered one drops the link, which then reconnects. */
  readonly enquireLinkMs: number;
  /** Reconnection: exponential backoff with full jitter between these bounds. */
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  /** How long a submit waits for a bind in progress before it reports the link down. */
  readonly bindWaitMs: number;
}

export const DEFAULT_SMPP_TIMING: SmppLinkTiming = {
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 10_000,
  enquireLinkMs: 30_000,
  reconnectBaseMs: 500,
  reconnectMaxMs: 30_000,
  bindWaitMs: 5_000,
};

export interface SmppLinkLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  debug(object: object, message: string): void;
}

/**
 * The answer to one submit_sm: the SMSC's command_status and message id; `unsent` when the PDU
 * never left (no bound link: safe to retry); `lost` when the link went or the SMSC stayed silent
 * after it was sent (the message may or may not have been taken); `invalid` when the PDU cannot
 * be encoded.
 */
export type SubmitAnswer =
  | { readonly kind: 'answered'; readonly status: number; readonly messageId: string }
  | { readonly kind: 'unsent'; readonly reason: string }
  | { readonly kind: 'lost'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Handles a deliver_sm (receipt or inbound message). It must call `respond` with the
 * deliver_sm_resp command_status once the PDU is dealt with; if it does not, the link answers 0
 * when the handler resolves and ESME_RX_T_APPN (0x64, try again later) when it rejects.
 */
export type DeliverHandler = (pdu: SmppPdu, respond: (status: number) => void) => Promise<void>;

/** submit_sm awaiting their response at most (the window most SMSCs allow an ESME). */
export const SUBMIT_WINDOW = 10;

/** ESME_RX_T_APPN: the ESME could not take the PDU now; the SMSC delivers it again later. */
export const ESME_RX_T_APPN = 0x64;
const ESME_RINVCMDID = 0x03;

type Answer = { readonly pdu: SmppPdu } | { readonly failed: 'unsent' | 'lost' | 'invalid'; readonly reason: string };

/** One TCP (or TLS) connection and its SMPP session. */
interface Connection {
  readonly socket: net.Socket;
  readonly session: SmppSession;
  readonly pending: Map<number, { resolve(answer: Answer): void; timer: NodeJS.Timeout }>;
  bound: boolean;
  closed: boolean;
  /** Writes are held until the end of the tick (see #coalesceWrites). */
  corked: boolean;
  readonly closedPromise: Promise<void>;
}

/**
 * A persistent bind_transceiver session to an SMSC (SMPP 3.4) over the `smpp` package's PDU codec.
 * Pinion opens the socket itself (TLS for ssmpp://), binds, keeps the link alive with
 * enquire_link, answers the SMSC's enquire_link and unbind, and reconnects with exponential
 * backoff and full jitter whenever the link drops or the bind is refused. Requests and responses
 * are matched by sequence number with a timeout each.
 */
export class SmppLink {
  readonly #endpoint: SmppEndpoint;
  readonly #timing: SmppLinkTiming;
  readonly #deliver: DeliverHandler;
  readonly #logger: SmppLinkLogger;
  #connection: Connection | undefined;
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #enquireTimer: NodeJS.Timeout | undefined;
  #closing = false;
  #started = false;
  #boundWaiters: (() => void)[] = [];
  /** Handlers of deliver_sm still running (close waits for them). */
  readonly #delivering = new Set<Promise<void>>();
  /** submit_sm in flight, and the submits waiting for a place in the window. */
  #inFlight = 0;
  readonly #windowWaiters: (() => void)[] = [];

  constructor(endpoint: SmppEndpoint, deliver: DeliverHandler, logger: SmppLinkLogger, timing: SmppLinkTiming = DEFAULT_SMPP_TIMING) {
    this.#endpoint = endpoint;
    this.#deliver = deliver;
    this.#logger = logger;
    this.#timing = timing;
  }

  /** Where the link goes, for logs: host, port and system id (never the password). */
  get target(): { smsc: string; systemId: string; tls: boolean } {
    return { smsc: `${this.#endpoint.host}:${this.#endpoint.port}`, systemId: this.#endpoint.systemId, tls: this.#endpoint.tls };
  }

  get bound(): boolean {
    return this.#connection?.bound === true;
  }

  /** Starts connecting in the background (a send before the bind completes waits for it a while). */
  start(): void {
    if (this.#started || this.#closing) return;
    this.#started = true;
    this.#connect();
  }

  /** Sends a submit_sm with these parameters on the bound link (at most SUBMIT_WINDOW unanswered at a time). */
  async submit(parameters: Record<string, unknown>): Promise<SubmitAnswer> {
    // A finishing submit hands its place straight to the next waiter.
    if (this.#inFlight >= SUBMIT_WINDOW) await new Promise<void>((resolve) => this.#windowWaiters.push(resolve));
    else this.#inFlight += 1;
    try {
      return await this.#submit(parameters);
    } finally {
      const next = this.#windowWaiters.shift();
      if (next) next();
      else this.#inFlight -= 1;
    }
  }

  async #submit(parameters: Record<string, unknown>): Promise<SubmitAnswer> {
    const connection = await this.#boundConnection();
    if (!connection) return { kind: 'unsent', reason: this.#closing ? 'Pinion is shutting down its SMPP link' : 'The SMPP link to the SMSC is down (reconnecting)' };
    let pdu: SmppPdu;
    try {
      pdu = new smpp.PDU('submit_sm', parameters);
    } catch (error) {
      return { kind: 'invalid', reason: `The message cannot be encoded as submit_sm: ${(error as Error).message}` };
    }
    const answer = await this.#request(connection, pdu);
    if ('failed' in answer) return { kind: answer.failed, reason: answer.reason };
    if (answer.pdu.command === 'generic_nack') return { kind: 'answered', status: answer.pdu.command_status || ESME_RINVCMDID, messageId: '' };
    return { kind: 'answered', status: answer.pdu.command_status, messageId: typeof answer.pdu.message_id === 'string' ? answer.pdu.message_id : '' };
  }

  /**
   * Stops reconnecting, lets running deliver_sm handlers finish (bounded), unbinds (waiting for
   * unbind_resp at most the response timeout) and closes the socket. Never hangs.
   */
  async close(): Promise<void> {
    if (this.#closing) return this.#connection?.closedPromise;
    this.#closing = true;
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#enquireTimer);
    for (const wake of this.#boundWaiters.splice(0)) wake();
    await Promise.race([Promise.allSettled([...this.#delivering]), delay(this.#timing.responseTimeoutMs)]);
    const connection = this.#connection;
    if (!connection || connection.closed) return;
    if (connection.bound) {
      connection.bound = false;
      await this.#request(connection, new smpp.PDU('unbind', {}), Math.min(this.#timing.responseTimeoutMs, 2_000));
    }
    connection.socket.end();
    const forced = setTimeout(() => connection.socket.destroy(), 1_000);
    await connection.closedPromise;
    clearTimeout(forced);
    this.#logger.info(this.target, 'smpp: unbound');
  }

  #connect(): void {
    if (this.#closing) return;
    const { host, port } = this.#endpoint;
    const socket = this.#endpoint.tls ? tls.connect({ host, port, ...(net.isIP(host) === 0 ? { servername: host } : {}) }) : net.connect({ host, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    const session = new smpp.Session({ socket });
    let markClosed: () => void = () => undefined;
    const connection: Connection = {
      socket,
      session,
      pending: new Map(),
      bound: false,
      closed: false,
      corked: false,
      closedPromise: new Promise<void>((resolve) => (markClosed = resolve)),
    };
    this.#connection = connection;
    const connectTimer = setTimeout(() => socket.destroy(new Error(`no connection within ${this.#timing.connectTimeoutMs} ms`)), this.#timing.connectTimeoutMs);
    socket.once(this.#endpoint.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(connectTimer);
      void this.#bind(connection);
    });
    let lastError: Error | undefined;
    // A socket error, or a PDU the codec cannot read: the link is unusable; 'close' follows.
    session.on('error', (error) => {
      lastError = error;
      socket.destroy();
    });
    session.on('pdu', (pdu) => this.#received(connection, pdu));
    session.on('close', () => {
      clearTimeout(connectTimer);
      if (connection.closed) return;
      connection.closed = true;
      const wasBound = connection.bound;
      connection.bound = false;
      for (const [sequence, waiter] of connection.pending) {
        clearTimeout(waiter.timer);
        connection.pending.delete(sequence);
        waiter.resolve({ failed: 'lost', reason: 'The SMPP link to the SMSC was lost before it answered' });
      }
      markClosed();
      if (this.#connection === connection) this.#afterClose(wasBound, lastError);
    });
  }

  #afterClose(wasBound: boolean, error: Error | undefined): void {
    clearInterval(this.#enquireTimer);
    if (this.#closing) return;
    const wait = backoffDelayMs({ attempts: Number.POSITIVE_INFINITY, baseDelayMs: this.#timing.reconnectBaseMs, maxDelayMs: this.#timing.reconnectMaxMs }, this.#attempt);
    this.#attempt += 1;
    const detail = { ...this.target, retryInMs: wait, ...(error ? { error: errorText(error) } : {}) };
    if (wasBound) this.#logger.warn(detail, 'smpp: link lost; reconnecting');
    else this.#logger.warn(detail, 'smpp: cannot bind to the SMSC; retrying');
    this.#reconnectTimer = setTimeout(() => this.#connect(), wait);
    this.#reconnectTimer.unref();
  }

  async #bind(connection: Connection): Promise<void> {
    const answer = await this.#request(
      connection,
      new smpp.PDU('bind_transceiver', {
        system_id: this.#endpoint.systemId,
        password: this.#endpoint.password,
        system_type: this.#endpoint.systemType ?? '',
        interface_version: 0x34,
        addr_ton: 0,
        addr_npi: 0,
        address_range: '',
      }),
    );
    if (connection.closed) return;
    if ('failed' in answer || answer.pdu.command_status !== 0) {
      const reason = 'failed' in answer ? answer.reason : `bind_transceiver_resp command_status ${describeStatus(answer.pdu.command_status)}`;
      this.#logger.warn({ ...this.target, reason }, 'smpp: the SMSC refused the bind');
      connection.socket.destroy();
      return;
    }
    if (this.#closing) return;
    connection.bound = true;
    this.#attempt = 0;
    this.#logger.info({ ...this.target, smscSystemId: typeof answer.pdu.system_id === 'string' ? answer.pdu.system_id : '' }, 'smpp: bound (transceiver)');
    for (const wake of this.#boundWaiters.splice(0)) wake();
    clearInterval(this.#enquireTimer);
    this.#enquireTimer = setInterval(() => void this.#keepAlive(connection), this.#timing.enquireLinkMs);
    this.#enquireTimer.unref();
  }

  async #keepAlive(connection: Connection): Promise<void> {
    if (!connection.bound || connection.closed) return;
    const answer = await this.#request(connection, new smpp.PDU('enquire_link', {}));
    if ('failed' in answer && !connection.closed && !this.#closing) {
      this.#logger.warn({ ...this.target, reason: answer.reason }, 'smpp: enquire_link unanswered; dropping the link');
      connection.socket.destroy();
    }
  }

  #received(connection: Connection, pdu: SmppPdu): void {
    if (pdu.isResponse()) {
      const waiter = connection.pending.get(pdu.sequence_number);
      if (waiter) {
        connection.pending.delete(pdu.sequence_number);
        clearTimeout(waiter.timer);
        waiter.resolve({ pdu });
      }
      return;
    }
    switch (pdu.command) {
      case 'enquire_link':
        connection.session.send(pdu.response());
        return;
      case 'unbind':
        // The SMSC ends the session (maintenance, say): answer, close, and bind again later.
        connection.bound = false;
        connection.session.send(pdu.response(), () => connection.socket.end());
        return;
      case 'deliver_sm':
        this.#handleDeliver(connection, pdu);
        return;
      case 'alert_notification':
        return;
      default:
        connection.session.send(pdu.command === 'unknown' ? pdu.response() : new smpp.PDU('generic_nack', { sequence_number: pdu.sequence_number, command_status: ESME_RINVCMDID }));
    }
  }

  #handleDeliver(connection: Connection, pdu: SmppPdu): void {
    let answered = false;
    const respond = (status: number): void => {
      if (answered) return;
      answered = true;
      if (!connection.closed) connection.session.send(pdu.response({ command_status: status }));
    };
    const running = (async () => {
      try {
        await this.#deliver(pdu, respond);
        respond(0);
      } catch (error) {
        // A refusal the sink declares expected (a receipt sooner than its send's record) is no incident.
        this.#logger[isExpectedRefusal(error) ? 'debug' : 'warn']({ ...this.target, error: errorText(error) }, 'smpp: a deliver_sm could not be handled; the SMSC will deliver it again');
        respond(ESME_RX_T_APPN);
      }
    })();
    this.#delivering.add(running);
    void running.finally(() => this.#delivering.delete(running));
  }

  /** Waits (at most bindWaitMs) for a bound link. */
  async #boundConnection(): Promise<Connection | undefined> {
    if (this.#closing) return undefined;
    if (this.#connection?.bound) return this.#connection;
    if (!this.#started) this.start();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.#timing.bindWaitMs);
      this.#boundWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return !this.#closing && this.#connection?.bound ? this.#connection : undefined;
  }

  /**
   * Holds the socket's writes until the current tick's callbacks and promise continuations have
   * run: submits issued together (a send's first window, or the ones that answers freed up) leave
   * in one write instead of a syscall each.
   */
  #coalesceWrites(connection: Connection): void {
    if (connection.corked) return;
    connection.corked = true;
    connection.socket.cork();
    process.nextTick(() => {
      connection.corked = false;
      connection.socket.uncork();
    });
  }

  #request(connection: Connection, pdu: SmppPdu, timeoutMs = this.#timing.responseTimeoutMs): Promise<Answer> {
    return new Promise<Answer>((resolve) => {
      let sent: boolean;
      try {
        if (!connection.closed) this.#coalesceWrites(connection);
        sent = !connection.closed && connection.session.send(pdu);
      } catch (error) {
        resolve({ failed: 'invalid', reason: `The PDU cannot be encoded: ${(error as Error).message}` });
        return;
      }
      if (!sent) {
        resolve({ failed: 'unsent', reason: 'The SMPP link to the SMSC is down (reconnecting)' });
        return;
      }
      const sequence = pdu.sequence_number;
      const timer = setTimeout(() => {
        connection.pending.delete(sequence);
        resolve({ failed: 'lost', reason: `The SMSC did not answer ${pdu.command} within ${timeoutMs} ms` });
      }, timeoutMs);
      connection.pending.set(sequence, { resolve, timer });
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** An error for a log line: its code and message (socket errors name host and port, never credentials). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code}: ${error.message}` : error.message;
}

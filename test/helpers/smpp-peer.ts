import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import type { SmppPdu, SmppSession } from 'smpp';

/**
 * A real SMSC on loopback (the `smpp` package's server): it accepts bind_transceiver with one
 * system_id and password, records every submit_sm (text decoded by the package's own GSM and UCS-2
 * codec, UDH concatenation read), answers each with a message id, or with a chosen command_status
 * for a destination, and sends deliver_sm: delivery receipts and inbound (mobile-originated) text.
 */
export interface ReceivedSubmit {
  readonly sourceAddr: string;
  readonly sourceTon: number;
  readonly sourceNpi: number;
  readonly destinationAddr: string;
  readonly destinationTon: number;
  readonly destinationNpi: number;
  readonly esmClass: number;
  readonly dataCoding: number;
  readonly registeredDelivery: number;
  /** This part's text. */
  readonly text: string;
  /** Concatenation: reference, total parts, this part's number (1-based). */
  readonly concat?: { readonly reference: number; readonly total: number; readonly sequence: number };
  /** The id the peer answered (empty when it answered an error). */
  readonly messageId: string;
  /** The command_status the peer answered; -1 when it stayed silent. */
  readonly status: number;
}

/** A whole message: its parts joined (by UDH reference), in order. */
export interface ReceivedMessage {
  readonly parts: readonly ReceivedSubmit[];
  readonly text: string;
  readonly destinationAddr: string;
}

export interface SmppPeer {
  readonly port: number;
  /** smpp://system_id:password@127.0.0.1:port */
  readonly url: string;
  readonly submits: ReceivedSubmit[];
  /** Successful binds so far, and unbinds received. */
  readonly stats: { binds: number; refusedBinds: number; unbinds: number };
  /**
   * Answers submit_sm to this destination (E.164 without +) with `status`, or not at all: every
   * time, or the next `times`, after first accepting `skip` of them as usual.
   */
  answerDestination(destinationAddr: string, status: number | 'silent', times?: number, skip?: number): void;
  /** Resolves once a bind is up (the count of successful binds reached `count`). */
  waitForBind(count?: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the accepted submits matching `filter` once there are `count` of them. */
  waitForSubmits(filter: (submit: ReceivedSubmit) => boolean, count: number, timeoutMs?: number): Promise<ReceivedSubmit[]>;
  /** Accepted submits joined into messages, in arrival order of their first part. */
  messages(filter?: (submit: ReceivedSubmit) => boolean): ReceivedMessage[];
  /** Sends a delivery receipt for `messageId`; resolves with the deliver_sm_resp command_status. */
  sendReceipt(messageId: string, stat: string, options?: { tlvs?: boolean; err?: string }): Promise<number>;
  /** Sends an inbound text from a subscriber to a number; resolves with the deliver_sm_resp command_status. */
  sendInbound(from: string, to: string, text: string): Promise<number>;
  /** Cuts every connection without an unbind (the link drops). */
  dropConnections(): void;
  close(): Promise<void>;
}

const MESSAGE_STATES: Readonly<Record<string, number>> = { ENROUTE: 1, DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 };

export async function startSmppPeer(options: { systemId: string; password: string }): Promise<SmppPeer> {
  const submits: ReceivedSubmit[] = [];
  const stats = { binds: 0, refusedBinds: 0, unbinds: 0 };
  const answers = new Map<string, { status: number | 'silent'; times: number; skip: number }>();
  let bound: SmppSession | undefined;
  let nextId = 0x1000;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };

  const server = smpp.createServer({}, (session) => {
    session.on('error', () => session.destroy());
    session.on('close', () => {
      if (bound === session) bound = undefined;
    });
    session.on('pdu', (pdu: SmppPdu) => {
      switch (pdu.command) {
        case 'bind_transceiver':
          if (pdu.system_id === options.systemId && pdu.password === options.password) {
            stats.binds += 1;
            bound = session;
            session.send(pdu.response({ system_id: 'peer-smsc' }));
            wake();
          } else {
            stats.refusedBinds += 1;
            session.send(pdu.response({ command_status: 0x0e }));
          }
          return;
        case 'submit_sm': {
          const answer = record(pdu);
          if (answer) session.send(pdu.response(answer));
          wake();
          return;
        }
        case 'enquire_link':
          session.send(pdu.response());
          return;
        case 'unbind':
          stats.unbinds += 1;
          session.send(pdu.response(), () => session.close());
          wake();
          return;
        default:
          return;
      }
    });
  });

  /** Records the submit; the response's fields, or undefined to stay silent. */
  function record(pdu: SmppPdu): { command_status?: number; message_id?: string } | undefined {
    const destinationAddr = String(pdu.destination_addr);
    const rule = answers.get(destinationAddr);
    let status: number | 'silent' = 0;
    if (rule && rule.skip > 0) rule.skip -= 1;
    else if (rule && rule.times > 0) {
      status = rule.status;
      rule.times -= 1;
    }
    const short = pdu.short_message as { message: string | Buffer; udh?: Buffer[] };
    const concatIe = short.udh?.find((ie) => ie[0] === 0x00);
    const messageId = status === 0 ? (nextId++).toString(16).toUpperCase() : '';
    submits.push({
      sourceAddr: String(pdu.source_addr),
      sourceTon: Number(pdu.source_addr_ton),
      sourceNpi: Number(pdu.source_addr_npi),
      destinationAddr,
      destinationTon: Number(pdu.dest_addr_ton),
      destinationNpi: Number(pdu.dest_addr_npi),
      esmClass: Number(pdu.esm_class),
      dataCoding: Number(pdu.data_coding),
      registeredDelivery: Number(pdu.registered_delivery),
      text: typeof short.message === 'string' ? short.message : short.message.toString('latin1'),
      ...(concatIe ? { concat: { reference: concatIe[2]!, total: concatIe[3]!, sequence: concatIe[4]! } } : {}),
      messageId,
      status: status === 'silent' ? -1 : status,
    });
    if (status === 'silent') return undefined;
    return status === 0 ? { message_id: messageId } : { command_status: status };
  }

  async function waitUntil(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`SMPP peer: ${what()} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, 100);
        function finish() {
          clearTimeout(timer);
          waiters.delete(finish);
          resolve();
        }
        waiters.add(finish);
      });
    }
  }

  function deliver(parameters: Record<string, unknown>): Promise<number> {
    const session = bound;
    if (!session) return Promise.reject(new Error('SMPP peer: no bound session to deliver to'));
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('SMPP peer: no deliver_sm_resp within 10 s')), 10_000);
      const sent = session.send(new smpp.PDU('deliver_sm', parameters), (response) => {
        clearTimeout(timer);
        resolve(response.command_status);
      });
      if (!sent) {
        clearTimeout(timer);
        reject(new Error('SMPP peer: the session is not writable'));
      }
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `smpp://${encodeURIComponent(options.systemId)}:${encodeURIComponent(options.password)}@127.0.0.1:${port}`,
    submits,
    stats,
    answerDestination(destinationAddr, status, times = Number.POSITIVE_INFINITY, skip = 0) {
      answers.set(destinationAddr, { status, times, skip });
    },
    waitForBind(count = 1, timeoutMs = 10_000) {
      return waitUntil(() => stats.binds >= count && bound !== undefined, timeoutMs, () => `${stats.binds} of ${count} binds`);
    },
    async waitForSubmits(filter, count, timeoutMs = 10_000) {
      const matching = () => submits.filter((s) => s.status === 0 && filter(s));
      await waitUntil(() => matching().length >= count, timeoutMs, () => `${matching().length} of ${count} submits arrived`);
      return matching();
    },
    messages(filter = () => true) {
      const out: { parts: ReceivedSubmit[]; destinationAddr: string }[] = [];
      const open = new Map<string, { parts: ReceivedSubmit[]; destinationAddr: string }>();
      for (const submit of submits) {
        if (submit.status !== 0 || !filter(submit)) continue;
        if (!submit.concat) {
          out.push({ parts: [submit], destinationAddr: submit.destinationAddr });
          continue;
        }
        const key = `${submit.destinationAddr}/${submit.concat.reference}/${submit.concat.total}`;
        let message = open.get(key);
        if (!message || message.parts.some((p) => p.concat!.sequence === submit.concat!.sequence)) {
          message = { parts: [], destinationAddr: submit.destinationAddr };
          open.set(key, message);
          out.push(message);
        }
        message.parts.push(submit);
      }
      return out.map((m) => {
        const parts = [...m.parts].sort((a, b) => (a.concat?.sequence ?? 1) - (b.concat?.sequence ?? 1));
        return { parts, destinationAddr: m.destinationAddr, text: parts.map((p) => p.text).join('') };
      });
    },
    sendReceipt(messageId, stat, receiptOptions = {}) {
      const submit = submits.find((s) => s.messageId === messageId);
      const text = `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2611231200 done date:2611231201 stat:${stat} err:${receiptOptions.err ?? '000'} text:${(submit?.text ?? '').slice(0, 20)}`;
      return deliver({
        source_addr_ton: submit?.destinationTon ?? 1,
        source_addr_npi: submit?.destinationNpi ?? 1,
        source_addr: submit?.destinationAddr ?? '',
        dest_addr_ton: submit?.sourceTon ?? 0,
        dest_addr_npi: submit?.sourceNpi ?? 0,
        destination_addr: submit?.sourceAddr ?? '',
        esm_class: 0x04,
        data_coding: 0,
        short_message: text,
        ...(receiptOptions.tlvs === false ? {} : { receipted_message_id: messageId, message_state: MESSAGE_STATES[stat] ?? 7 }),
      });
    },
    sendInbound(from, to, text) {
      return deliver({
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: from.replace(/^\+/, ''),
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: to.replace(/^\+/, ''),
        esm_class: 0,
        data_coding: 0,
        short_message: text,
      });
    },
    dropConnections() {
      for (const session of [...server.sessions]) session.destroy();
    },
    close() {
      for (const session of [...server.sessions]) session.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

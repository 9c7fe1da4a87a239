import type { SmppPdu } from 'smpp';
import type { DeliveryOutcome } from '../delivery-outcome.ts';
import { outcomes } from '../delivery-outcome.ts';
import type { RateLimiter } from '../rate-limiter.ts';
import type { RetryPolicy } from '../retry.ts';
import { withRetries } from '../retry.ts';
import type { OutboundSms, SmsTransport } from '../transport.ts';
import type { SmppAddress } from './smpp-address.ts';
import { destinationAddress, sourceAddress, subscriberNumber } from './smpp-address.ts';
import type { SmppEndpoint, SmppLinkLogger, SmppLinkTiming } from './smpp-link.ts';
import { DEFAULT_SMPP_TIMING, SmppLink } from './smpp-link.ts';
import { isDeliveryReceipt, parseDeliveryReceipt } from './smpp-receipt.ts';
import { submitOutcome } from './smpp-status.ts';
import type { SmsInboundSink } from './sms-inbound-sink.ts';
import { segmentSms } from './sms-segments.ts';

/** The transport's name in the message log: receipts look messages up by it. */
export const SMPP_TRANSPORT = 'smpp';

export interface SmppTransportSettings {
  readonly endpoint: SmppEndpoint;
  /** PINION_SMPP_SOURCE_ADDRESS: the origination when the message names none. */
  readonly sourceAddress?: string;
}

export interface SmppTransportOptions {
  readonly limiter: RateLimiter;
  readonly logger: SmppLinkLogger;
  /** Receipts and inbound messages go here; absent: they are answered and dropped. */
  readonly inbound?: SmsInboundSink;
  readonly retry?: RetryPolicy;
  readonly timing?: SmppLinkTiming;
}

/**
 * Throttling (ESME_RTHROTTLED, ESME_RMSGQFUL) and ESME_RX_T_APPN are retried per part with backoff
 * and full jitter; the SMSC's answers otherwise stand. A link that is down has already been waited
 * for (bindWaitMs) and is not retried: TEMPORARY_FAILURE at once. A part the link lost after
 * sending is not sent again (the SMSC may have taken it): TEMPORARY_FAILURE too.
 */
export const SMPP_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 4_000 };

/** registered_delivery 1: a receipt for the final outcome, success or failure. */
const RECEIPT_FINAL = 1;
const ESM_CLASS_UDHI = 0x40;

interface PartResult {
  readonly outcome: DeliveryOutcome;
  readonly retry: boolean;
}

/**
 * SMS through the operator's SMSC over SMPP 3.4: one persistent transceiver bind carries every
 * submit_sm and brings back delivery receipts and inbound messages (deliver_sm), which go to the
 * inbound sink one at a time, in order. Every part takes a token of the rate limiter.
 */
export class SmppSmsTransport implements SmsTransport {
  readonly name = SMPP_TRANSPORT;
  readonly #link: SmppLink;
  readonly #settings: SmppTransportSettings;
  readonly #limiter: RateLimiter;
  readonly #retry: RetryPolicy;
  readonly #inbound: SmsInboundSink | undefined;
  readonly #logger: SmppLinkLogger;
  /** The concatenation reference of the next long message (one octet). */
  #reference = Math.floor(Math.random() * 256);
  /** Inbound deliver_sm are handled in arrival order, one at a time (an opt-out and its confirmation never race a repeat). */
  #inboundQueue: Promise<void> = Promise.resolve();

  constructor(settings: SmppTransportSettings, options: SmppTransportOptions) {
    this.#settings = settings;
    this.#limiter = options.limiter;
    this.#retry = options.retry ?? SMPP_RETRY;
    this.#inbound = options.inbound;
    this.#logger = options.logger;
    this.#link = new SmppLink(settings.endpoint, (pdu, respond) => this.#delivered(pdu, respond), options.logger, options.timing ?? DEFAULT_SMPP_TIMING);
  }

  /** Binds in the background; sends wait for the bind a few seconds. */
  start(): void {
    this.#link.start();
  }

  get bound(): boolean {
    return this.#link.bound;
  }

  async send(message: OutboundSms): Promise<DeliveryOutcome> {
    const origination = message.originationNumber ?? message.senderId ?? this.#settings.sourceAddress;
    const source = origination !== undefined ? sourceAddress(origination) : { addr: '', ton: 0, npi: 0 };
    return this.#sendText(source, destinationAddress(message.destination), message.body, RECEIPT_FINAL);
  }

  close(): Promise<void> {
    return this.#link.close();
  }

  async #sendText(source: SmppAddress, destination: SmppAddress, body: string, registeredDelivery: number): Promise<DeliveryOutcome> {
    let segments;
    try {
      segments = segmentSms(body, this.#reference);
    } catch (error) {
      return outcomes.permanent(`The message cannot be sent as SMS: ${(error as Error).message}`);
    }
    this.#reference = (this.#reference + 1) & 0xff;
    let firstId: string | undefined;
    for (const [index, part] of segments.parts.entries()) {
      const parameters = {
        service_type: '',
        source_addr_ton: source.ton,
        source_addr_npi: source.npi,
        source_addr: source.addr,
        dest_addr_ton: destination.ton,
        dest_addr_npi: destination.npi,
        destination_addr: destination.addr,
        esm_class: segments.udh ? ESM_CLASS_UDHI : 0,
        registered_delivery: registeredDelivery,
        data_coding: segments.dataCoding,
        short_message: part,
      };
      const { outcome } = await withRetries(
        this.#retry,
        async () => {
          await this.#limiter.acquire();
          return this.#submitPart(parameters);
        },
        (result) => result.retry,
      );
      if (outcome.status !== 'SUCCESSFUL') {
        return index === 0 ? outcome : { ...outcome, statusMessage: `${outcome.statusMessage} (part ${index + 1} of ${segments.parts.length}; the earlier parts were sent)` };
      }
      firstId ??= outcome.providerMessageId;
    }
    const count = segments.parts.length;
    return outcomes.accepted(count > 1 ? `Accepted by the SMSC in ${count} parts` : 'Accepted by the SMSC', firstId);
  }

  async #submitPart(parameters: Record<string, unknown>): Promise<PartResult> {
    const answer = await this.#link.submit(parameters);
    switch (answer.kind) {
      case 'answered': {
        const outcome = submitOutcome(answer.status, answer.messageId);
        return { outcome, retry: outcome.status === 'THROTTLED' || outcome.status === 'TEMPORARY_FAILURE' };
      }
      case 'unsent':
        return { outcome: outcomes.temporary(answer.reason), retry: false };
      case 'lost':
        return { outcome: outcomes.temporary(`${answer.reason}; the message may or may not have been sent`), retry: false };
      case 'invalid':
        return { outcome: outcomes.permanent(answer.reason), retry: false };
    }
  }

  /** A deliver_sm, in its turn: a receipt goes to the sink; an inbound message too, and its reply goes back after deliver_sm_resp. */
  #delivered(pdu: SmppPdu, respond: (status: number) => void): Promise<void> {
    const turn = this.#inboundQueue.then(() => this.#handleDeliver(pdu, respond));
    this.#inboundQueue = turn.catch(() => undefined);
    return turn;
  }

  async #handleDeliver(pdu: SmppPdu, respond: (status: number) => void): Promise<void> {
    const esmClass = typeof pdu.esm_class === 'number' ? pdu.esm_class : 0;
    const text = shortMessageText(pdu);
    if (isDeliveryReceipt(esmClass)) {
      const receipt = parseDeliveryReceipt(text, {
        ...(typeof pdu.receipted_message_id === 'string' ? { receiptedMessageId: pdu.receipted_message_id } : {}),
        ...(typeof pdu.message_state === 'number' ? { messageState: pdu.message_state } : {}),
      });
      if (!receipt) {
        this.#logger.debug({}, 'smpp: a delivery receipt without id or stat was ignored');
        return;
      }
      await this.#inbound?.receipt(SMPP_TRANSPORT, receipt);
      return;
    }
    // Other message types (SME acknowledgements, intermediate notifications): nothing to record.
    if ((esmClass & 0x3c) !== 0) return;
    const from = subscriberNumber(typeof pdu.source_addr === 'string' ? pdu.source_addr : '');
    if (from === undefined || !this.#inbound) return;
    const to = typeof pdu.destination_addr === 'string' ? pdu.destination_addr : '';
    const replies = await this.#inbound.inbound({ from, to, text });
    respond(0);
    // The confirmation goes back from the number the subscriber wrote to (or the default origination).
    const source: SmppAddress =
      to !== '' ? { addr: to, ton: numberField(pdu.dest_addr_ton), npi: numberField(pdu.dest_addr_npi) } : sourceAddress(this.#settings.sourceAddress ?? '');
    const destination: SmppAddress = { addr: String(pdu.source_addr), ton: numberField(pdu.source_addr_ton), npi: numberField(pdu.source_addr_npi) };
    for (const reply of replies) {
      const outcome = await this.#sendText(source, destination, reply, 0);
      if (outcome.status !== 'SUCCESSFUL') this.#logger.warn({ status: outcome.status, reason: outcome.statusMessage }, 'smpp: a keyword reply could not be sent');
    }
  }
}

/** short_message (or message_payload) as text: the codec decodes GSM, Latin-1 and UCS-2; other codings are read as Latin-1. */
function shortMessageText(pdu: SmppPdu): string {
  const field = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (Buffer.isBuffer(value)) return value.toString('latin1');
    if (value && typeof value === 'object' && 'message' in value) return field((value as { message: unknown }).message);
    return undefined;
  };
  const short = field(pdu.short_message);
  return short !== undefined && short !== '' ? short : (field(pdu.message_payload) ?? '');
}

function numberField(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/**
 * SMSC delivery receipts (SMPP 3.4 appendix B): deliver_sm with esm_class message type 0x04, whose
 * short_message reads `id:<id> sub:001 dlvrd:001 submit date:<d> done date:<d> stat:<STAT> err:<e>
 * text:…`. The receipted_message_id and message_state TLVs, when the SMSC sends them, are
 * authoritative over the text.
 */
export interface DeliveryReceipt {
  /** The SMSC's message id (the one submit_sm_resp answered). */
  readonly id: string;
  /** DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, UNKNOWN, ACCEPTD, ENROUTE … */
  readonly stat: string;
  /** The err: field (network- or SMSC-specific), when present. */
  readonly error?: string;
}

/** What a receipt says in Pinpoint's SMS record_status terms; undefined: not a final state (nothing to record). */
export interface ReceiptVerdict {
  readonly delivered: boolean;
  /** DELIVERED, or the failure's record_status: UNREACHABLE, TTL_EXPIRED, BLOCKED, UNKNOWN. */
  readonly recordStatus: string;
}

/** esm_class bits 2–5: the message type; 0x04 is an SMSC delivery receipt. */
export function isDeliveryReceipt(esmClass: number): boolean {
  return (esmClass & 0x3c) === 0x04;
}

/** message_state TLV values (SMPP 3.4 §5.2.28) as the receipt text spells them. */
const MESSAGE_STATES: Readonly<Record<number, string>> = { 0: 'SCHEDULED', 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD', 9: 'SKIPPED' };

export function parseDeliveryReceipt(text: string, tlvs: { receiptedMessageId?: string; messageState?: number } = {}): DeliveryReceipt | undefined {
  const field = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1];
  const id = nonEmpty(tlvs.receiptedMessageId) ?? nonEmpty(field('id'));
  const stat = (tlvs.messageState !== undefined ? MESSAGE_STATES[tlvs.messageState] : undefined) ?? nonEmpty(field('stat'))?.toUpperCase();
  if (id === undefined || stat === undefined) return undefined;
  const error = nonEmpty(field('err'));
  return { id, stat, ...(error !== undefined ? { error } : {}) };
}

const VERDICTS: Readonly<Record<string, ReceiptVerdict>> = {
  DELIVRD: { delivered: true, recordStatus: 'DELIVERED' },
  UNDELIV: { delivered: false, recordStatus: 'UNREACHABLE' },
  EXPIRED: { delivered: false, recordStatus: 'TTL_EXPIRED' },
  REJECTD: { delivered: false, recordStatus: 'BLOCKED' },
  DELETED: { delivered: false, recordStatus: 'UNKNOWN' },
  UNKNOWN: { delivered: false, recordStatus: 'UNKNOWN' },
};

/** Final states only: ENROUTE, ACCEPTD (accepted on the subscriber's behalf), SCHEDULED and SKIPPED say nothing final. */
export function receiptVerdict(stat: string): ReceiptVerdict | undefined {
  return VERDICTS[stat.toUpperCase()];
}

/**
 * The message ids to look a receipt up by: the id as given, then, when it is all decimal digits,
 * its hexadecimal spelling (some SMSCs answer submit_sm_resp in hex and write receipts in decimal).
 */
export function receiptIdCandidates(id: string): string[] {
  const candidates = [id];
  if (/^\d{1,30}$/.test(id)) {
    const hex = BigInt(id).toString(16);
    candidates.push(hex, hex.toUpperCase());
  }
  return [...new Set(candidates)];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

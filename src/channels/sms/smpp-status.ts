import type { DeliveryOutcome } from '../delivery-outcome.ts';
import { outcomes } from '../delivery-outcome.ts';

/** SMPP 3.4 command_status values Pinion names (§5.1.3). */
const NAMES: Readonly<Record<number, string>> = {
  0x00: 'ESME_ROK',
  0x01: 'ESME_RINVMSGLEN: invalid message length',
  0x03: 'ESME_RINVCMDID: invalid command id',
  0x04: 'ESME_RINVBNDSTS: incorrect bind status',
  0x08: 'ESME_RSYSERR: system error',
  0x0a: 'ESME_RINVSRCADR: invalid source address',
  0x0b: 'ESME_RINVDSTADR: invalid destination address',
  0x0d: 'ESME_RBINDFAIL: bind failed',
  0x0e: 'ESME_RINVPASWD: invalid password',
  0x0f: 'ESME_RINVSYSID: invalid system id',
  0x14: 'ESME_RMSGQFUL: message queue full',
  0x15: 'ESME_RINVSERTYP: invalid service type',
  0x43: 'ESME_RINVESMCLASS: invalid esm_class',
  0x45: 'ESME_RSUBMITFAIL: submit_sm failed',
  0x48: 'ESME_RINVSRCTON: invalid source address TON',
  0x49: 'ESME_RINVSRCNPI: invalid source address NPI',
  0x50: 'ESME_RINVDSTTON: invalid destination address TON',
  0x51: 'ESME_RINVDSTNPI: invalid destination address NPI',
  0x53: 'ESME_RINVSYSTYP: invalid system_type',
  0x58: 'ESME_RTHROTTLED: throttling error',
  0x61: 'ESME_RINVSCHED: invalid scheduled delivery time',
  0x62: 'ESME_RINVEXPIRY: invalid validity period',
  0x64: 'ESME_RX_T_APPN: temporary application error',
  0x65: 'ESME_RX_P_APPN: permanent application error',
  0x66: 'ESME_RX_R_APPN: message rejected by the SMSC',
  0xc0: 'ESME_RINVTLVSTREAM: invalid optional parameter stream',
  0xc1: 'ESME_RTLVNOTALLWD: optional parameter not allowed',
  0xc2: 'ESME_RINVTLVLEN: invalid optional parameter length',
  0xc3: 'ESME_RMISSINGTLV: missing optional parameter',
  0xc4: 'ESME_RINVTLVVAL: invalid optional parameter value',
  0xfe: 'ESME_RDELIVERYFAILURE: delivery failure',
  0xff: 'ESME_RUNKNOWNERR: unknown error',
};

/** The SMSC will not take this message as it is: retrying it cannot help. */
const PERMANENT = new Set([0x01, 0x0a, 0x0b, 0x15, 0x43, 0x48, 0x49, 0x50, 0x51, 0x61, 0x62, 0x65, 0x66, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xfe]);
/** The SMSC is busy: the same message may go through later. */
const THROTTLING = new Set([0x14, 0x58]);
/** The session is not in a state to submit (the bind went), or the SMSC asks to try again. */
const TEMPORARY = new Set([0x04, 0x64]);

/** `0x0000000B (ESME_RINVDSTADR: invalid destination address)` */
export function describeStatus(status: number): string {
  const hex = `0x${status.toString(16).toUpperCase().padStart(8, '0')}`;
  const name = NAMES[status];
  return name === undefined ? hex : `${hex} (${name})`;
}

/** What a submit_sm_resp's command_status means for the message. */
export function submitOutcome(status: number, messageId: string): DeliveryOutcome {
  if (status === 0) return outcomes.accepted('Accepted by the SMSC', messageId);
  const detail = `The SMSC answered submit_sm with command_status ${describeStatus(status)}`;
  if (THROTTLING.has(status)) return outcomes.throttled(detail);
  if (PERMANENT.has(status)) return outcomes.permanent(detail);
  if (TEMPORARY.has(status)) return outcomes.temporary(detail);
  return outcomes.unknown(detail);
}

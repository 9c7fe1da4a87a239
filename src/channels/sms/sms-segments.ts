import { smsEncoding } from '../../domain/messages/sms-parts.ts';

/**
 * An SMS body as it goes on the wire: GSM 03.38 (data_coding 0, one septet per octet, unpacked,
 * which is how SMPP carries the default alphabet) or UCS-2 big-endian (data_coding 8), split into
 * concatenated parts when it does not fit one message.
 *
 * Long messages carry a User Data Header (UDH) in each part: information element 0x00 (concatenated
 * short message, 8-bit reference), i.e. `05 00 03 <ref> <total> <seq>`, with the UDHI bit of
 * esm_class set. Pinion chose UDH over the message_payload TLV because every SMSC and handset
 * understands it, while message_payload support varies between SMSCs. A part never splits a GSM
 * escape sequence (an extension-table character) or a UTF-16 surrogate pair.
 */
export interface SmsSegments {
  readonly dataCoding: 0 | 8;
  /** Each part's short_message octets, UDH included when there is more than one part. */
  readonly parts: readonly Buffer[];
  /** Whether the parts carry a UDH (esm_class 0x40 must be set). */
  readonly udh: boolean;
}

/** Octets of one message: 160 septets or 140 octets of UCS-2. */
const SINGLE_GSM = 160;
const SINGLE_UCS2_UNITS = 70;
/** With the 6-octet UDH: 153 septets (unpacked here, one octet each) or 67 UTF-16 code units. */
const PART_GSM = 153;
const PART_UCS2_UNITS = 67;
/** The UDH counts parts in one octet. */
export const MAX_SMS_PARTS = 255;

/** GSM 03.38 default alphabet, by code (0x1B, the escape to the extension table, is not a character). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION: Readonly<Record<string, number>> = { '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65 };
const GSM_CODES = new Map<string, number>([...GSM_BASIC].map((character, code) => [character, code] as [string, number]).filter(([, code]) => code !== 0x1b));

/** A character outside GSM 03.38, named by its code point. */
function notGsm(character: string): RangeError {
  return new RangeError(`U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not in the GSM 03.38 alphabet`);
}

/**
 * `text` in GSM 03.38, one septet per octet (an extension-table character is the escape 0x1B and
 * its code), with the offset where each character's septets end, for splitting between
 * characters. One pass into one buffer: this runs for every SMS sent.
 */
function gsmOctets(text: string): { octets: Buffer; ends: number[] } {
  const octets = Buffer.allocUnsafe(text.length * 2);
  const ends: number[] = [];
  let length = 0;
  for (const character of text) {
    const basic = GSM_CODES.get(character);
    if (basic !== undefined) {
      octets[length++] = basic;
    } else {
      const extension = GSM_EXTENSION[character];
      if (extension === undefined) throw notGsm(character);
      octets[length++] = 0x1b;
      octets[length++] = extension;
    }
    ends.push(length);
  }
  return { octets: octets.subarray(0, length), ends };
}

/** `text` in GSM 03.38, one septet per octet; throws on a character outside the alphabet. */
export function encodeGsm(text: string): Buffer {
  return Buffer.from(gsmOctets(text).octets);
}

/** `text` in UCS-2 (UTF-16 big-endian: characters outside the BMP travel as surrogate pairs). */
export function encodeUcs2(text: string): Buffer {
  const out = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i += 1) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}

/**
 * Splits `body` into wire parts. `reference` (0 to 255) ties the parts of one message together at
 * the handset; callers vary it per message. Throws a RangeError when more than 255 parts are needed.
 */
export function segmentSms(body: string, reference: number): SmsSegments {
  if (smsEncoding(body) === 'GSM') {
    const { octets, ends } = gsmOctets(body);
    if (octets.length <= SINGLE_GSM) return { dataCoding: 0, parts: [Buffer.from(octets)], udh: false };
    return { dataCoding: 0, parts: withUdh(split(octets, ends, PART_GSM), reference), udh: true };
  }
  const octets = encodeUcs2(body);
  if (body.length <= SINGLE_UCS2_UNITS) return { dataCoding: 8, parts: [octets], udh: false };
  // Each character's UTF-16 code units end together: a surrogate pair stays in one part.
  const ends: number[] = [];
  let offset = 0;
  for (const character of body) ends.push((offset += character.length * 2));
  return { dataCoding: 8, parts: withUdh(split(octets, ends, PART_UCS2_UNITS * 2), reference), udh: true };
}

/** Cuts `octets` into parts of at most `capacity` octets, only at the given character ends. */
function split(octets: Buffer, ends: readonly number[], capacity: number): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  let previous = 0;
  for (const end of ends) {
    if (end - start > capacity) {
      parts.push(Buffer.from(octets.subarray(start, previous)));
      start = previous;
    }
    previous = end;
  }
  if (previous > start) parts.push(Buffer.from(octets.subarray(start, previous)));
  return parts;
}

function withUdh(parts: readonly Buffer[], reference: number): Buffer[] {
  if (parts.length > MAX_SMS_PARTS) throw new RangeError(`the message needs ${parts.length} parts; at most ${MAX_SMS_PARTS} can be concatenated`);
  return parts.map((part, index) => Buffer.concat([Buffer.from([0x05, 0x00, 0x03, reference & 0xff, parts.length, index + 1]), part]));
}

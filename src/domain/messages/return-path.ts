import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The envelope sender (return path) of an email Pinion sends when bounce processing is on:
 * `b-<message id>-<signature>@<bounce domain>`. Bounces and complaint reports come back to it, and
 * it names the message they are about without any lookup table. The signature (HMAC-SHA-256 with
 * the deployment's tracking key, 80 bits in base32) keeps anyone from reporting bounces for
 * messages they did not receive. Lower case only, and 51 characters: SMTP's 64-character limit on
 * the local part holds, and a mail server that lowercases addresses changes nothing.
 */

const MESSAGE_ID = /^[0-9a-f]{32}$/;
const LOCAL_PART = /^b-([0-9a-f]{32})-([a-z2-7]{16})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function signature(key: Buffer, messageId: string): string {
  return base32(createHmac('sha256', key).update('pinion return path\0').update(messageId).digest().subarray(0, 10));
}

/** The return path for a message; undefined for an id that is not Pinion's 32 lower-case hex digits. */
export function returnPathFor(key: Buffer, messageId: string, domain: string): string | undefined {
  if (!MESSAGE_ID.test(messageId)) return undefined;
  return `b-${messageId}-${signature(key, messageId)}@${domain}`;
}

/** The message a return path names, if the address is a genuine one at `domain` (any letter case). */
export function messageIdOfReturnPath(key: Buffer, address: string, domain: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return undefined;
  const match = LOCAL_PART.exec(address.slice(0, at).toLowerCase());
  if (!match) return undefined;
  const [, messageId, given] = match as unknown as [string, string, string];
  const expected = signature(key, messageId);
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected)) ? messageId : undefined;
}

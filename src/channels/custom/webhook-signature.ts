import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of custom-channel webhook deliveries: `X-Pinion-Signature: t=<unix seconds>,v1=<hex>`
 * where v1 is HMAC-SHA-256 under the operator's signing secret of `<t>.<raw body>`. Signing the
 * time with the body lets a receiver refuse replays (an old t) as well as forgeries.
 */
export const SIGNATURE_HEADER = 'x-pinion-signature';

export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** What a receiver does (and Pinion's tests do): true when the header signs this body within `toleranceSeconds` of `nowSeconds`. */
export function verifyWebhook(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isSafeInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || typeof parts.v1 !== 'string') return false;
  const expected = Buffer.from(signWebhook(secret, body, t).slice(`t=${t},v1=`.length), 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

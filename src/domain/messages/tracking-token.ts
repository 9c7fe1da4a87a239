import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tokens of the tracking and unsubscribe links Pinion puts into email: what the link is about
 * (tenant, project, message, and for clicks the target URL), signed with the deployment's
 * tracking key, so a link cannot be forged to opt someone else out, invent opens, or turn the
 * click route into an open redirect. Format: `<payload, base64url JSON>.<HMAC-SHA-256, base64url>`.
 */
export interface TrackingClaim {
  /** o: open, c: click, u: unsubscribe */
  readonly kind: 'o' | 'c' | 'u';
  readonly accountId: string;
  readonly region: string;
  readonly appId: string;
  readonly messageId: string;
  /** The link's target, for clicks. */
  readonly url?: string;
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update('pinion tracking\0').update(payload).digest();
}

export function signTrackingToken(key: Buffer, claim: TrackingClaim): string {
  const payload = Buffer.from(JSON.stringify([claim.kind, claim.accountId, claim.region, claim.appId, claim.messageId, claim.url ?? null])).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The claim of a genuine token, or undefined for anything else (malformed, tampered, another key). */
export function verifyTrackingToken(key: Buffer, token: string): TrackingClaim | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 8192) return undefined;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== 6) return undefined;
    const [kind, accountId, region, appId, messageId, url] = value as unknown[];
    if ((kind !== 'o' && kind !== 'c' && kind !== 'u') || typeof accountId !== 'string' || typeof region !== 'string' || typeof appId !== 'string' || typeof messageId !== 'string') return undefined;
    if (url !== null && typeof url !== 'string') return undefined;
    return { kind, accountId, region, appId, messageId, ...(typeof url === 'string' ? { url } : {}) };
  } catch {
    return undefined;
  }
}

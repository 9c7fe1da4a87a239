import { createHash, timingSafeEqual } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * A check of an `Authorization` header against `Bearer <secret>` (the scheme in any letter case,
 * as RFC 7235 has it). Both sides are hashed first: digests of equal length compare in constant
 * time, whatever the length of what was sent.
 */
export function bearerTokenCheck(secret: string): (authorization: string | string[] | undefined) => boolean {
  const expected = digest(`Bearer ${secret}`);
  return (authorization) => typeof authorization === 'string' && timingSafeEqual(digest(authorization.replace(/^bearer /i, 'Bearer ')), expected);
}

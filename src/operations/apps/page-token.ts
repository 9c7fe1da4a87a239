import type { AppCursor } from '../../storage/repositories.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

/**
 * Opaque pagination tokens: the keyset cursor, base64url-encoded. A token that does not decode
 * to a cursor is refused rather than restarting the listing silently.
 */
export function encodeAppCursor(cursor: AppCursor): string {
  return Buffer.from(JSON.stringify([cursor.creationDate, cursor.id])).toString('base64url');
}

export function decodeAppCursor(token: string): AppCursor {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { creationDate: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw pinpointErrors.badRequest(`The token '${token.slice(0, 64)}' is not a token this listing returned`);
}

/**
 * Tokens of the other listings carry the listing's name besides the cursor, so a token one
 * listing returned is refused by another (a GetSegmentVersions token is not a GetSegments token)
 * instead of answering a page from the wrong place.
 */
export function encodeListingToken(listing: string, cursor: AppCursor): string {
  return Buffer.from(JSON.stringify([listing, cursor.creationDate, cursor.id])).toString('base64url');
}

export function decodeListingToken(listing: string, token: string): AppCursor {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 3 && value[0] === listing && typeof value[1] === 'string' && typeof value[2] === 'string') {
      return { creationDate: value[1], id: value[2] };
    }
  } catch {
    // fall through to the error below
  }
  throw pinpointErrors.badRequest(`The token '${token.slice(0, 64)}' is not a token this listing returned`);
}

export const defaultPageSize = 100;
export const maxPageSize = 1000;

/** page-size is a string in Pinpoint's model; it must be a whole number from 1 to maxPageSize. */
export function parsePageSize(text: string | undefined): number {
  if (text === undefined) return defaultPageSize;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > maxPageSize) {
    throw pinpointErrors.badRequest(`page-size must be a whole number from 1 to ${maxPageSize}, got '${text.slice(0, 32)}'`);
  }
  return n;
}

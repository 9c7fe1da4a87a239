import { createHash } from 'node:crypto';

/**
 * A message id in the canonical UUID form APNs takes as apns-id (8-4-4-4-12 hex digits). Pinion's
 * message ids are 32 hex digits and keep their digits; any other id is hashed into that form.
 */
export function uuidForm(messageId: string): string {
  const hex = /^[0-9a-f]{32}$/i.test(messageId) ? messageId.toLowerCase() : createHash('sha256').update(messageId).digest('hex').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

import { randomUUID } from 'node:crypto';

/**
 * Event ids for audit records: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp, then a
 * 12-bit counter and random bits. Ids made by one generator increase strictly in the order they
 * are made, and ids from different processes sort by their millisecond, so "newest first" can
 * break ties between events of the same second by id. Still a UUID wherever one is expected.
 */
export function createEventIdGenerator(now: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0;
  /** "tttttttt-tttt-7" for lastMs: formatted once per millisecond. */
  let prefix = '';
  return () => {
    let ms = now();
    if (ms <= lastMs) {
      counter += 1;
      if (counter > 0xfff) {
        // 4096 ids in one millisecond: borrow the next millisecond rather than repeat an order.
        ms = lastMs + 1;
        counter = 0;
      } else {
        ms = lastMs;
      }
    } else {
      counter = 0;
    }
    if (ms !== lastMs) {
      const time = ms.toString(16).padStart(12, '0');
      prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
      lastMs = ms;
    }
    // randomUUID() is a v4 UUID: its last two groups already carry the RFC 4122 variant bits.
    const hex = counter < 0x10 ? `00${counter.toString(16)}` : counter < 0x100 ? `0${counter.toString(16)}` : counter.toString(16);
    return `${prefix}${hex}${randomUUID().slice(18)}`;
  };
}

/**
 * The transports' ids of messages that were handed to a transport and are not in the message log
 * yet: a send records its messages once all of them have an answer, and a fast SMSC or gateway
 * can report delivery (or a remote mail server a bounce) before that. A receipt or report for such
 * an id is refused for now (SMPP: "try again later"; the HTTP gateway: 503; the bounce listener:
 * 451), so the network delivers it again once the message is recorded, rather than dropped as
 * naming no message. Held in memory: after a restart an unrecorded send is
 * not in the log at all, and its receipts are dropped as before.
 */
export class SendsInFlight {
  readonly #ids = new Map<string, number>();

  static #key(transport: string, providerMessageId: string): string {
    return `${transport}\u0000${providerMessageId}`;
  }

  /** A transport accepted a message under this id; its record is not committed yet. */
  add(transport: string, providerMessageId: string): void {
    const key = SendsInFlight.#key(transport, providerMessageId);
    this.#ids.set(key, (this.#ids.get(key) ?? 0) + 1);
  }

  /** The send's record was committed (or failed for good): its ids are no longer in flight. */
  settle(ids: readonly { transport: string; providerMessageId: string }[]): void {
    for (const { transport, providerMessageId } of ids) {
      const key = SendsInFlight.#key(transport, providerMessageId);
      const count = (this.#ids.get(key) ?? 0) - 1;
      if (count > 0) this.#ids.set(key, count);
      else this.#ids.delete(key);
    }
  }

  has(transport: string, providerMessageId: string): boolean {
    return this.#ids.has(SendsInFlight.#key(transport, providerMessageId));
  }

  get size(): number {
    return this.#ids.size;
  }
}

/** A receipt or report named a message that is being sent and not recorded yet: the network should deliver it again. */
export class ReceiptTooEarlyError extends Error {
  /** A normal race, not an incident: transports log it quietly. */
  readonly expected = true;

  constructor(transport: string) {
    super(`a ${transport} receipt or report names a message whose send is not recorded yet; it should be delivered again`);
    this.name = 'ReceiptTooEarlyError';
  }
}

/**
 * Whether an inbound handler's refusal is one it declared expected (an `expected: true` error): a
 * receipt or report that came before its send was recorded. The network is asked to deliver it
 * again as for any refusal, but it is no incident, so transports log it at debug level.
 */
export function isExpectedRefusal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { expected?: unknown }).expected === true;
}

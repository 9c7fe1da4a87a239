/** An SMPP address with its type of number (TON) and numbering plan (NPI). */
export interface SmppAddress {
  readonly addr: string;
  readonly ton: number;
  readonly npi: number;
}

export const TON_INTERNATIONAL = 1;
export const TON_NETWORK_SPECIFIC = 3;
export const TON_ALPHANUMERIC = 5;
export const NPI_ISDN = 1;

/**
 * An origination as the SMSC wants it: an E.164 number (with the +, or nine digits or more
 * without it) is international (TON 1, NPI 1) without the +; a short code (up to eight digits) is
 * network-specific (TON 3, NPI 0); anything else is an alphanumeric sender id (TON 5, NPI 0).
 */
export function sourceAddress(origination: string): SmppAddress {
  if (/^\+\d{1,15}$/.test(origination) || /^\d{9,15}$/.test(origination)) return { addr: origination.replace(/^\+/, ''), ton: TON_INTERNATIONAL, npi: NPI_ISDN };
  if (/^\d{1,8}$/.test(origination)) return { addr: origination, ton: TON_NETWORK_SPECIFIC, npi: 0 };
  return { addr: origination, ton: TON_ALPHANUMERIC, npi: 0 };
}

/** A destination in E.164: international, without the +. */
export function destinationAddress(e164: string): SmppAddress {
  return { addr: e164.replace(/^\+/, ''), ton: TON_INTERNATIONAL, npi: NPI_ISDN };
}

/**
 * The E.164 spelling of a subscriber's number as an SMSC delivers it (international format
 * expected: TON 1, or digits with a leading + or 00); undefined when it is not a number at all.
 */
export function subscriberNumber(addr: string): string | undefined {
  const digits = addr.trim().replace(/^(\+|00)/, '');
  return /^\d{6,15}$/.test(digits) ? `+${digits}` : undefined;
}

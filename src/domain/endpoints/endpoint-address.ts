/**
 * Address checks per channel: E.164 for SMS and VOICE, an RFC 5322 addr-spec (no display name,
 * no comments) for EMAIL. Other channels carry tokens or URLs that only their transport can judge.
 */

const e164 = /^\+[1-9]\d{1,14}$/;

// RFC 5322 §3.2.3 atext, §3.4.1 dot-atom local part or quoted string, domain dot-atom or literal.
const atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const dotAtom = `${atext}+(?:\\.${atext}+)*`;
const quotedString = '"(?:[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\x20-\\x7E])*"';
const domainLiteral = '\\[[\\x21-\\x5A\\x5E-\\x7E]*\\]';
const addrSpec = new RegExp(`^(?:${dotAtom}|${quotedString})@(?:${dotAtom}|${domainLiteral})$`);
// RFC 5321 §4.5.3.1: 64 octets of local part, 255 of domain, 254 for the whole path in practice.
const maxEmailLength = 254;

/**
 * What is wrong with the address for the channel, or undefined when it is acceptable. Messages
 * never quote the address: it is personal data, and error messages reach logs and the audit trail.
 */
export function addressProblem(channelType: string | undefined, address: string): string | undefined {
  if (address === '') return 'must not be empty';
  switch (channelType) {
    case 'SMS':
    case 'VOICE':
      return e164.test(address) ? undefined : 'is not a phone number in E.164 format (+ then 2 to 15 digits, e.g. +12065550100)';
    case 'EMAIL': {
      if (address.length > maxEmailLength) return `is longer than ${maxEmailLength} characters`;
      if (!addrSpec.test(address)) return 'is not an email address (local-part@domain, RFC 5322)';
      const local = address.slice(0, address.lastIndexOf('@'));
      return local.length > 64 ? 'has a local part longer than 64 characters' : undefined;
    }
    default:
      return undefined;
  }
}

import { parseArn } from '../arn.ts';
import { addressProblem } from '../endpoints/endpoint-address.ts';

/**
 * Checks of the email channel's settings. Pure. Each problem names its member and never quotes
 * a value that could be personal data or a secret.
 */

// A display name: words of printable ASCII other than the specials that end or open an address,
// or one quoted string (RFC 5322 §3.2.5 phrase, without comments or encoded words).
const displayName = /^(?:[^\p{Cc}"<>@,;:\\[\]()]+|"(?:[^\p{Cc}"\\]|\\[\x20-\x7e])*")$/u;

/**
 * FromAddress: an addr-spec (`sender@example.com`) or a name-addr with a display name
 * (`Example Corp <sender@example.com>`), as SES accepts a From address.
 */
export function fromAddressProblem(value: string): string | undefined {
  if (value.trim() === '') return 'FromAddress must not be empty';
  const angle = /^(.*?)\s*<([^<>]*)>$/s.exec(value);
  if (angle) {
    const name = angle[1]!.trim();
    if (name !== '' && !displayName.test(name)) return 'FromAddress has a display name that is not a plain or quoted phrase (RFC 5322), e.g. Example Corp <sender@example.com>';
    const problem = addressProblem('EMAIL', angle[2]!);
    return problem === undefined ? undefined : `FromAddress ${problem}`;
  }
  const problem = addressProblem('EMAIL', value);
  return problem === undefined ? undefined : `FromAddress ${problem}`;
}

/**
 * Identity: the ARN of an SES identity in Pinpoint. Pinion has no SES: any well-formed ARN is
 * accepted and kept (mail goes through the configured transport).
 */
export function identityProblem(value: string): string | undefined {
  const arn = parseArn(value);
  if (!arn || !/^[A-Za-z0-9-]+$/.test(arn.partition) || !/^[A-Za-z0-9-]+$/.test(arn.service)) {
    return 'Identity must be an ARN (arn:<partition>:<service>:<region>:<account>:<resource>), e.g. arn:aws:ses:us-east-1:123456789012:identity/example.com';
  }
  return undefined;
}

/** ConfigurationSet: an SES configuration set name (letters, digits, _ and -, at most 64). */
export function configurationSetProblem(value: string): string | undefined {
  return /^[A-Za-z0-9_-]{1,64}$/.test(value) ? undefined : 'ConfigurationSet must be 1 to 64 letters, digits, underscores or hyphens';
}

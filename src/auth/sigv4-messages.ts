/**
 * AWS's own wording for SigV4 failures, kept in one place so clients and tooling that match on
 * messages (SDK clock-skew correction parses the "Signature expired" text) behave as against AWS.
 * Where a message was not observed for AWS's JSON front door it says so.
 *
 * Evidence: responses quoted in public SDK issues (aws/aws-sdk-js#254, #2565; aws-sdk-ruby#374;
 * cllunsford/aws-signing-proxy#25; joona/aws-es-curl#15; aws/chalice#828) and the AWS responses
 * recorded in mhart/dynalite and mhart/kinesalite.
 */

export const MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
/** AWS answers a bad X-Amz-Security-Token without the final period (recorded by dynalite). */
export const INVALID_SESSION_TOKEN_MESSAGE = 'The security token included in the request is invalid';
export const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired';

export const BOTH_FORMS_MESSAGE =
  "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.";

export const headerRequires = (param: string): string => `Authorization header requires '${param}' parameter. `;
export const HEADER_REQUIRES_DATE =
  "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
export const queryRequires = (param: string): string => `AWS query-string parameters must include '${param}'. `;
export const REEXAMINE_QUERY = 'Re-examine the query-string parameters.';

export const missingEqualSign = (pair: string, authorization: string): string =>
  `'${pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`;

export const badDateFormat = (value: string): string =>
  `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`;

export const unsupportedAlgorithm = (algorithm: string): string =>
  `Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now). `;

export const credentialParts = (credential: string): string =>
  `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`;

export const badTerminator = (terminator: string): string =>
  `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
export const badRegion = (region: string): string => `Credential should be scoped to a valid region, not '${region}'. `;
export const badService = (expected: string): string => `Credential should be scoped to correct service: '${expected}'. `;
export const badScopeDate = (scopeDate: string, requestDate: string, amzDate: string): string =>
  `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
  `'${scopeDate}' != '${requestDate}', from '${amzDate}'.`;

export const HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";

export const signatureExpired = (amzDate: string, earliest: string, now: string, minutes: number): string =>
  `Signature expired: ${amzDate} is now earlier than ${earliest} (${now} - ${minutes} min.)`;
export const signatureNotYetCurrent = (amzDate: string, latest: string, now: string, minutes: number): string =>
  `Signature not yet current: ${amzDate} is still later than ${latest} (${now} + ${minutes} min.)`;

/**
 * Presigned URL past X-Amz-Date + X-Amz-Expires. No AWS JSON-service wording was found; this
 * follows the shape of the skew message so clients that parse it still find both timestamps.
 */
export const presignExpired = (amzDate: string, earliest: string, now: string, seconds: number): string =>
  `Signature expired: ${amzDate} is now earlier than ${earliest} (${now} - ${seconds} sec.)`;

/** S3's wording (no non-S3 wording was found). */
export const EXPIRES_NOT_A_NUMBER = 'X-Amz-Expires should be a number';
export const EXPIRES_TOO_LONG =
  'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds';

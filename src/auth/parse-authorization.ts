import { authErrors } from '../protocol/api-error.ts';
import { formatAmzDate, parseAmzDate } from './amz-date.ts';
import { indexHeaders, parseQuery, type SignedRequest } from './signed-request.ts';
import * as msg from './sigv4-messages.ts';

/**
 * What a SigV4 request claims about itself. Nothing here is verified yet: the verifier checks
 * the claims against the clock, the route and the credential store.
 */
export interface ParsedSigV4 {
  form: 'header' | 'query';
  accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  /** As listed by the client (';'-separated), in its order and case. */
  signedHeaders: string[];
  signature: string;
  /** The request timestamp in basic format (from X-Amz-Date, or converted from Date). */
  amzDate: string;
  /** X-Amz-Expires of a presigned URL. */
  expiresSeconds?: number;
  /** X-Amz-Security-Token from the header or the query, whichever the client sent. */
  sessionToken?: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
/** SigV4's longest presign lifetime (one week). */
const MAX_EXPIRES_SECONDS = 604800;
/** Any of these in the query means the client attempted a presigned request. */
const QUERY_MARKERS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'];

/**
 * Reads the SigV4 claims from either the Authorization header or a presigned query string,
 * failing with the error AWS's front door gives for the same malformation.
 */
export function parseSigV4(request: SignedRequest): ParsedSigV4 {
  const headers = indexHeaders(request.rawHeaders);
  const query = new Map<string, string>();
  // First occurrence wins, like AWS's own query-string reader.
  for (const [key, value] of parseQuery(request.rawQuery)) if (!query.has(key)) query.set(key, value);

  const authorization = headers.get('authorization')?.[0];
  if (authorization !== undefined && query.has('X-Amz-Algorithm')) {
    throw authErrors.invalidSignature(msg.BOTH_FORMS_MESSAGE);
  }
  if (authorization !== undefined) return parseHeaderForm(authorization, headers, query);
  if (QUERY_MARKERS.some((name) => query.has(name))) return parseQueryForm(query, headers);
  throw authErrors.missingToken();
}

function parseHeaderForm(
  authorization: string,
  headers: Map<string, string[]>,
  query: Map<string, string>,
): ParsedSigV4 {
  const trimmed = authorization.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const params = new Map<string, string>();
  for (const part of (space < 0 ? '' : trimmed.slice(space + 1)).split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) {
      // AWS only objects to a bare word in something that looks like SigV4; a foreign scheme
      // ("Bearer <jwt>") gets the "requires 'Credential'" list instead.
      if (algorithm.startsWith('AWS4')) throw authErrors.incompleteSignature(msg.missingEqualSign(pair, authorization));
      continue;
    }
    params.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }

  const amzDateHeader = headers.get('x-amz-date')?.[0];
  const dateHeader = headers.get('date')?.[0];
  let missing = '';
  if (!params.get('Credential')) missing += msg.headerRequires('Credential');
  if (!params.get('Signature')) missing += msg.headerRequires('Signature');
  // An empty SignedHeaders is syntactically allowed; the host check rejects it later.
  if (!params.has('SignedHeaders')) missing += msg.headerRequires('SignedHeaders');
  if (amzDateHeader === undefined && dateHeader === undefined) missing += msg.HEADER_REQUIRES_DATE;
  if (missing) throw authErrors.incompleteSignature(`${missing}Authorization=${authorization}`);

  const amzDate = amzDateHeader !== undefined ? checkBasicDate(amzDateHeader.trim()) : fromHttpDate(dateHeader as string);
  checkAlgorithm(algorithm);
  const scope = parseCredential(params.get('Credential') as string);
  const sessionToken = headers.get('x-amz-security-token')?.[0] ?? query.get('X-Amz-Security-Token');
  return {
    form: 'header',
    ...scope,
    signedHeaders: splitSignedHeaders(params.get('SignedHeaders') as string),
    signature: params.get('Signature') as string,
    amzDate,
    ...(sessionToken !== undefined ? { sessionToken } : {}),
  };
}

function parseQueryForm(query: Map<string, string>, headers: Map<string, string[]>): ParsedSigV4 {
  let missing = '';
  for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']) {
    if (!query.get(name)) missing += msg.queryRequires(name);
  }
  if (missing) throw authErrors.incompleteSignature(missing + msg.REEXAMINE_QUERY);

  const amzDate = checkBasicDate(query.get('X-Amz-Date') as string);
  checkAlgorithm(query.get('X-Amz-Algorithm') as string);
  const scope = parseCredential(query.get('X-Amz-Credential') as string);
  const expires = query.get('X-Amz-Expires');
  let expiresSeconds: number | undefined;
  if (expires !== undefined) {
    if (!/^\d+$/.test(expires)) throw authErrors.incompleteSignature(msg.EXPIRES_NOT_A_NUMBER);
    expiresSeconds = Number(expires);
    if (expiresSeconds > MAX_EXPIRES_SECONDS) throw authErrors.incompleteSignature(msg.EXPIRES_TOO_LONG);
  }
  const sessionToken = query.get('X-Amz-Security-Token') ?? headers.get('x-amz-security-token')?.[0];
  return {
    form: 'query',
    ...scope,
    signedHeaders: splitSignedHeaders(query.get('X-Amz-SignedHeaders') as string),
    signature: query.get('X-Amz-Signature') as string,
    amzDate,
    ...(expiresSeconds !== undefined ? { expiresSeconds } : {}),
    ...(sessionToken !== undefined ? { sessionToken } : {}),
  };
}

function checkBasicDate(value: string): string {
  if (!parseAmzDate(value)) throw authErrors.incompleteSignature(msg.badDateFormat(value));
  return value;
}

/** The Date header fallback (RFC 7231 form); the string to sign still uses the basic form. */
function fromHttpDate(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw authErrors.incompleteSignature(msg.badDateFormat(value));
  return formatAmzDate(new Date(ms));
}

function checkAlgorithm(algorithm: string): void {
  if (algorithm !== ALGORITHM) throw authErrors.incompleteSignature(msg.unsupportedAlgorithm(algorithm));
}

function parseCredential(credential: string): Pick<ParsedSigV4, 'accessKeyId' | 'scopeDate' | 'region' | 'service'> {
  // AWS ignores trailing slashes on the credential.
  const parts = credential.replace(/\/+$/, '').split('/');
  if (parts.length !== 5) throw authErrors.incompleteSignature(msg.credentialParts(credential));
  const [accessKeyId, scopeDate, region, service, terminator] = parts as [string, string, string, string, string];
  if (terminator !== TERMINATOR) throw authErrors.invalidSignature(msg.badTerminator(terminator));
  return { accessKeyId, scopeDate, region, service };
}

function splitSignedHeaders(list: string): string[] {
  return list
    .split(';')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError, authErrors } from '../protocol/api-error.ts';
import { formatAmzDate, parseAmzDate } from './amz-date.ts';
import { canonicalRequest, payloadSha256, signatureHex, stringToSign } from './canonical-request.ts';
import type { ParsedSigV4 } from './parse-authorization.ts';
import { indexHeaders, parseQuery, type SignedRequest } from './signed-request.ts';
import { SigningKeyCache } from './signing-key-cache.ts';
import * as msg from './sigv4-messages.ts';

export type { SignedRequest } from './signed-request.ts';

export interface CredentialRecord {
  accessKeyId: string;
  secretAccessKey: string;
  /** SHA-256 (hex) of the session token of temporary credentials: the token itself is not kept. */
  sessionTokenSha256?: string;
  expiresAt?: Date;
  principal: unknown;
}

export type CredentialResolver = (
  accessKeyId: string,
) => Promise<CredentialRecord | undefined> | CredentialRecord | undefined;

export interface VerifiedRequest {
  accessKeyId: string;
  region: string;
  service: string;
  signedAt: Date;
  form: 'header' | 'query';
  credential: CredentialRecord;
}

export interface SigV4VerifierOptions {
  resolveCredential: CredentialResolver;
  now?: () => Date;
  /** Allowed clock difference either way; AWS allows 15 minutes. */
  maxSkewMs?: number;
  /** Share one cache between verifiers (defaults to a private 1000-entry cache). */
  signingKeys?: SigningKeyCache;
}

const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
const SIGNATURE_HEX = /^[0-9a-f]{64}$/;

export class SigV4Verifier {
  private readonly resolveCredential: CredentialResolver;
  private readonly now: () => Date;
  private readonly maxSkewMs: number;
  private readonly signingKeys: SigningKeyCache;

  constructor(options: SigV4VerifierOptions) {
    this.resolveCredential = options.resolveCredential;
    this.now = options.now ?? (() => new Date());
    this.maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
    this.signingKeys = options.signingKeys ?? new SigningKeyCache();
  }

  /**
   * Checks everything; `expected` is what the router decided (service signing name and the set
   * of regions served). The order follows AWS's, so a request with several faults gets the
   * error AWS would give first: time, host, scope, key, signature, then token.
   */
  async verify(
    request: SignedRequest,
    parsed: ParsedSigV4,
    expected: { service: string; regions: ReadonlySet<string> },
  ): Promise<VerifiedRequest> {
    const now = this.now();
    const signedAt = parseAmzDate(parsed.amzDate);
    if (!signedAt) throw authErrors.incompleteSignature(msg.badDateFormat(parsed.amzDate));
    this.checkTime(parsed, signedAt, now);

    const signedHeaders = parsed.signedHeaders.map((name) => name.toLowerCase());
    if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) {
      throw authErrors.invalidSignature(msg.HOST_NOT_SIGNED);
    }

    // AWS reports every scope fault at once, in this order.
    let scopeErrors = '';
    if (!expected.regions.has(parsed.region)) scopeErrors += msg.badRegion(parsed.region);
    if (parsed.service !== expected.service) scopeErrors += msg.badService(expected.service);
    const requestDate = parsed.amzDate.slice(0, 8);
    if (parsed.scopeDate !== requestDate) scopeErrors += msg.badScopeDate(parsed.scopeDate, requestDate, parsed.amzDate);
    if (scopeErrors) throw authErrors.invalidSignature(scopeErrors);

    const credential = await this.resolveCredential(parsed.accessKeyId);
    if (!credential) throw authErrors.unrecognizedClient();

    await this.checkSignature(request, parsed, signedHeaders, credential);

    // Checked only once the signature proves the caller holds the secret, so the token store
    // cannot be probed by unsigned requests.
    const presented = parsed.sessionToken;
    const tokenOk =
      credential.sessionTokenSha256 === undefined
        ? presented === undefined
        : presented !== undefined && constantTimeEqual(sha256Hex(presented), credential.sessionTokenSha256);
    if (!tokenOk) throw authErrors.unrecognizedClient(msg.INVALID_SESSION_TOKEN_MESSAGE);
    if (credential.expiresAt && credential.expiresAt.getTime() <= now.getTime()) {
      throw new ApiError('ExpiredTokenException', 403, msg.EXPIRED_TOKEN_MESSAGE, { frontDoor: true });
    }

    return {
      accessKeyId: parsed.accessKeyId,
      region: parsed.region,
      service: parsed.service,
      signedAt,
      form: parsed.form,
      credential,
    };
  }

  private checkTime(parsed: ParsedSigV4, signedAt: Date, now: Date): void {
    const skew = this.maxSkewMs;
    const minutes = skew / 60_000;
    if (signedAt.getTime() > now.getTime() + skew) {
      const latest = formatAmzDate(new Date(now.getTime() + skew));
      throw authErrors.invalidSignature(msg.signatureNotYetCurrent(parsed.amzDate, latest, formatAmzDate(now), minutes));
    }
    // A presigned URL is meant to be used later: its own lifetime replaces the skew window.
    if (parsed.form === 'query' && parsed.expiresSeconds !== undefined) {
      const lifetimeMs = parsed.expiresSeconds * 1000;
      if (now.getTime() > signedAt.getTime() + lifetimeMs) {
        const earliest = formatAmzDate(new Date(now.getTime() - lifetimeMs));
        throw authErrors.invalidSignature(
          msg.presignExpired(parsed.amzDate, earliest, formatAmzDate(now), parsed.expiresSeconds),
        );
      }
      return;
    }
    if (signedAt.getTime() < now.getTime() - skew) {
      const earliest = formatAmzDate(new Date(now.getTime() - skew));
      throw authErrors.invalidSignature(msg.signatureExpired(parsed.amzDate, earliest, formatAmzDate(now), minutes));
    }
  }

  private async checkSignature(
    request: SignedRequest,
    parsed: ParsedSigV4,
    signedHeaders: string[],
    credential: CredentialRecord,
  ): Promise<void> {
    const mismatch = () => authErrors.invalidSignature(msg.MISMATCH_MESSAGE);
    const headerIndex = indexHeaders(request.rawHeaders);
    const queryPairs = parseQuery(request.rawQuery);

    // Clients may sign an x-amz-content-sha256 claim instead of letting the body be hashed; the
    // canonical request below always gets the hash of the bytes that actually arrived, and a
    // claim that differs from it is refused outright (a signed claim alone proves nothing).
    const payloadHash = payloadSha256(request.body);
    const claimedHash =
      headerIndex.get('x-amz-content-sha256')?.[0] ??
      queryPairs.find(([key]) => key.toLowerCase() === 'x-amz-content-sha256')?.[1];
    if (claimedHash !== undefined && claimedHash.trim() !== payloadHash) throw mismatch();

    // Rebuild the request from the signed headers only, raw values joined with ',' when
    // repeated: anything else (proxies' additions, unsigned headers) must not change the result.
    const headers = new Map<string, string>();
    for (const name of signedHeaders) {
      const values = headerIndex.get(name);
      // A header the client claims to have signed but did not send cannot be verified.
      if (!values) throw mismatch();
      headers.set(name, values.join(','));
    }

    const signingKey = await this.signingKeys.getFor(credential, parsed.scopeDate, parsed.region, parsed.service);
    const scope = `${parsed.scopeDate}/${parsed.region}/${parsed.service}/aws4_request`;
    // The path goes in still encoded: the canonical form encodes it once more, as clients do.
    const canonical = canonicalRequest({ method: request.method, rawPath: request.rawPath, queryPairs, headers, payloadHash });
    const expected = signatureHex(signingKey, stringToSign(parsed.amzDate, scope, canonical));
    if (!SIGNATURE_HEX.test(parsed.signature) || !constantTimeEqual(parsed.signature, expected)) throw mismatch();
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

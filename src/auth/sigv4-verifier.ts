import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpRequest, type HeaderBag } from '@smithy/protocol-http';
import { ALGORITHM_IDENTIFIER, createScope, getCanonicalHeaders, SignatureV4Base } from '@smithy/signature-v4';
import { ApiError, authErrors } from '../protocol/api-error.ts';
import { formatAmzDate, parseAmzDate } from './amz-date.ts';
import type { ParsedSigV4 } from './parse-authorization.ts';
import { indexHeaders, parseQuery, type SignedRequest } from './signed-request.ts';
import { Sha256, SigningKeyCache } from './signing-key-cache.ts';
import * as msg from './sigv4-messages.ts';

export type { SignedRequest } from './signed-request.ts';

export interface CredentialRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
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

/**
 * Exposes the SDK signer's own canonical-request and string-to-sign builders. The public
 * SignatureV4.sign() cannot be fed a cached signing key and rewrites the request (drops `date`,
 * stamps its own x-amz-date and token), so the verifier drives these two steps directly and
 * applies the last HMAC with the cached key. Path double-encoding and normalisation, query
 * sorting and escaping all stay the SDK's, which is what real clients signed with.
 */
class CanonicalSigner extends SignatureV4Base {
  constructor() {
    super({
      service: 'unused',
      region: 'unused',
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      sha256: Sha256,
      uriEscapePath: true,
      applyChecksum: false,
    });
  }

  async signature(
    request: HttpRequest,
    canonicalHeaders: HeaderBag,
    payloadHash: string,
    amzDate: string,
    scope: string,
    signingKey: Uint8Array,
  ): Promise<string> {
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    const stringToSign = await this.createStringToSign(amzDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
    const hmac = new Sha256(signingKey);
    hmac.update(stringToSign);
    return Buffer.from(await hmac.digest()).toString('hex');
  }
}

export class SigV4Verifier {
  private readonly resolveCredential: CredentialResolver;
  private readonly now: () => Date;
  private readonly maxSkewMs: number;
  private readonly signingKeys: SigningKeyCache;
  private readonly signer = new CanonicalSigner();

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
      credential.sessionToken === undefined
        ? presented === undefined
        : presented !== undefined && constantTimeEqual(presented, credential.sessionToken);
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

    // The signer takes x-amz-content-sha256 on trust, so a client could sign a hash and send a
    // different body. The canonical request below always gets the hash of the bytes that
    // actually arrived, and a claim that differs from it is refused outright.
    const payloadHash = createHash('sha256').update(request.body).digest('hex');
    const claimedHash =
      headerIndex.get('x-amz-content-sha256')?.[0] ??
      queryPairs.find(([key]) => key.toLowerCase() === 'x-amz-content-sha256')?.[1];
    if (claimedHash !== undefined && claimedHash.trim() !== payloadHash) throw mismatch();

    // Rebuild the request from the signed headers only, raw values joined with ',' when
    // repeated: anything else (proxies' additions, unsigned headers) must not change the result.
    // Null-prototype bags keep a header or parameter named "__proto__" an ordinary entry.
    const headers: Record<string, string> = Object.create(null);
    for (const name of signedHeaders) {
      const values = headerIndex.get(name);
      // A header the client claims to have signed but did not send cannot be verified.
      if (!values) throw mismatch();
      headers[name] = values.join(',');
    }
    const query: Record<string, string | string[]> = Object.create(null);
    for (const [key, value] of queryPairs) {
      const previous = query[key];
      if (previous === undefined) query[key] = value;
      else if (Array.isArray(previous)) previous.push(value);
      else query[key] = [previous, value];
    }
    // The path goes in still encoded: the signer encodes non-S3 paths once more, as clients do.
    const httpRequest = new HttpRequest({ method: request.method, path: request.rawPath, query, headers });
    const canonicalHeaders = getCanonicalHeaders(httpRequest, undefined, new Set(signedHeaders));

    const signingKey = await this.signingKeys.get(
      credential.secretAccessKey,
      parsed.scopeDate,
      parsed.region,
      parsed.service,
    );
    const expected = await this.signer.signature(
      httpRequest,
      canonicalHeaders,
      payloadHash,
      parsed.amzDate,
      createScope(parsed.scopeDate, parsed.region, parsed.service),
      signingKey,
    );
    if (!SIGNATURE_HEX.test(parsed.signature) || !constantTimeEqual(parsed.signature, expected)) throw mismatch();
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

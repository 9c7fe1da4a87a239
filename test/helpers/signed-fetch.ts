import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * Sends a hand-built request signed exactly as the SDKs sign, for the cases an SDK cannot send
 * (malformed JSON, wrong types, oversized bodies, unknown paths, wrong methods).
 */
export interface SignedFetchOptions {
  baseUrl: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
  service?: string;
  signingDate?: Date;
}

export interface FetchedResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> | undefined;
}

export async function signedFetch(options: SignedFetchOptions): Promise<FetchedResponse> {
  const url = new URL(options.baseUrl);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'mobiletargeting',
    sha256: Hash.bind(null, 'sha256'),
  });
  const request = new HttpRequest({
    method: options.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: options.path,
    query: options.query ?? {},
    headers: { host: url.host, ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.body,
  });
  const signed = await signer.sign(request, options.signingDate ? { signingDate: options.signingDate } : {});
  const query = new URLSearchParams(options.query ?? {}).toString().replace(/\+/g, '%20');
  const headers = { ...signed.headers };
  delete headers.host;
  const response = await fetch(`${options.baseUrl}${options.path}${query ? `?${query}` : ''}`, {
    method: options.method,
    headers,
    body: options.body,
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

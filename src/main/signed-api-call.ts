import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * The CLI's way to call Pinion's public API as any other client does: a SigV4-signed HTTP
 * request (the same signer the AWS SDKs use), so a command run against a remote server needs
 * nothing but credentials, and IAM decides what it may see.
 */

export interface ApiCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface ApiTarget {
  /** e.g. http://127.0.0.1:8733 (a path, if any, is kept as a prefix). */
  readonly endpointUrl: string;
  readonly region: string;
  readonly credentials: ApiCredentials;
  /** The signing name: mobiletargeting for the Pinpoint API. */
  readonly service: string;
}

/** An answer that is not a success: the status, AWS's error type and message. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }

  /** Worth asking again: throttling and the server's own failures. */
  get transient(): boolean {
    return this.status === 429 || this.status >= 500 || this.errorType === 'TooManyRequestsException';
  }
}

/** The credentials AWS's tools read from the environment, or undefined when they are not set. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): ApiCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** GETs `path` (segments already escaped) and answers the parsed JSON body of a 2xx answer; ApiCallError otherwise. */
export async function signedGetJson(target: ApiTarget, path: string, signal?: AbortSignal): Promise<unknown> {
  const url = new URL(target.endpointUrl);
  const fullPath = `${url.pathname.replace(/\/+$/, '')}${path}`;
  const signer = new SignatureV4({ credentials: target.credentials, region: target.region, service: target.service, sha256: Hash.bind(null, 'sha256') });
  const request = new HttpRequest({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: fullPath,
    headers: { host: url.host, accept: 'application/json' },
  });
  const signed = await signer.sign(request);
  // fetch sets Host itself (and refuses to be told).
  const { host: _host, ...headers } = signed.headers;
  // A redirect would send the signed request (and its credentials' signature) elsewhere: refuse it.
  const response = await fetch(`${url.protocol}//${url.host}${fullPath}`, { method: 'GET', headers, redirect: 'error', ...(signal ? { signal } : {}) });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.ok) return body;
  const errorType = response.headers.get('x-amzn-errortype')?.split(':')[0] ?? undefined;
  const fields = (typeof body === 'object' && body !== null ? body : {}) as { Message?: unknown; message?: unknown };
  const message = typeof fields.Message === 'string' ? fields.Message : typeof fields.message === 'string' ? fields.message : text.slice(0, 200) || response.statusText;
  throw new ApiCallError(response.status, errorType, message);
}

/** Why a command cannot call the API at all (no credentials, a bad endpoint URL). */
export class ApiTargetError extends Error {}

/**
 * Where and as whom a CLI command calls the Pinpoint API: the flags, else the AWS tools'
 * environment (AWS_ENDPOINT_URL_PINPOINT, AWS_ENDPOINT_URL, AWS_REGION, AWS_DEFAULT_REGION), else
 * `defaultEndpointUrl` and us-east-1.
 */
export function pinpointTarget(flags: { endpointUrl?: string; region?: string }, env: NodeJS.ProcessEnv, defaultEndpointUrl: string): ApiTarget {
  const credentials = credentialsFromEnv(env);
  if (!credentials) throw new ApiTargetError('set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials) to call the Pinion API');
  const endpointUrl = flags.endpointUrl ?? env.AWS_ENDPOINT_URL_PINPOINT ?? env.AWS_ENDPOINT_URL ?? defaultEndpointUrl;
  if (!URL.canParse(endpointUrl) || !/^https?:$/.test(new URL(endpointUrl).protocol)) throw new ApiTargetError(`--endpoint-url ${endpointUrl} is not an http(s) URL`);
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return { endpointUrl, region, credentials, service: 'mobiletargeting' };
}

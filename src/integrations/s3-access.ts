import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../config/config.ts';
import { awsClientOptions } from './aws-client-options.ts';
import { RegionalClients } from './event-sink.ts';

/** An S3 location named by a request: `s3://bucket` or `s3://bucket/prefix…`. */
export interface S3Location {
  readonly bucket: string;
  /** The key or key prefix; '' for the whole bucket. */
  readonly key: string;
}

// Bucket names as S3 allows them: 3–63 lowercase letters, digits, dots and hyphens, starting and
// ending with a letter or digit, never two dots in a row.
const S3_URL = /^s3:\/\/((?![^/]*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/s;

/** The bucket and key of an s3:// URL, or undefined when the text is not one. */
export function parseS3Url(url: string): S3Location | undefined {
  const match = S3_URL.exec(url);
  if (!match) return undefined;
  return { bucket: match[1]!, key: match[2] ?? '' };
}

/** The ARN IAM policies name an object (or, with key undefined, the bucket) by. */
export function s3Arn(bucket: string, key?: string): string {
  return key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}

/** A bucket the deployment does not let jobs use (PINION_S3_BUCKETS). */
export class BucketNotAllowedError extends Error {
  constructor(readonly bucket: string) {
    super(`bucket ${bucket} is not one this Pinion deployment may use (PINION_S3_BUCKETS)`);
    this.name = 'BucketNotAllowedError';
  }
}

export interface S3ObjectSummary {
  readonly key: string;
  readonly size: number;
}

/**
 * What import and export jobs do with S3, with the operator's credentials (the standard AWS
 * chain) against PINION_AWS_ENDPOINT_URL_S3 or the SDK's own endpoint. Role checks are the
 * callers' job; the bucket allowlist is checked here, on every call.
 */
export class S3Access {
  readonly #clients: RegionalClients<S3Client>;
  readonly #allowed: ReadonlySet<string> | undefined;

  constructor(config: S3Config) {
    this.#allowed = config.allowedBuckets === undefined ? undefined : new Set(config.allowedBuckets);
    this.#clients = new RegionalClients(
      (region) =>
        new S3Client({
          ...awsClientOptions(region, { endpoint: config.endpoint, requestTimeoutMs: 120_000 }),
          forcePathStyle: config.forcePathStyle,
          // Jobs are long and resumable: a few quick retries of a flaky call beat failing a piece.
          maxAttempts: 3,
        }),
    );
  }

  /** Whether jobs may use the bucket at all (checked before any role evaluation or S3 call). */
  isBucketAllowed(bucket: string): boolean {
    return this.#allowed === undefined || this.#allowed.has(bucket);
  }

  /** Every object under the prefix, in key order, a listing page at a time. */
  async *listObjects(region: string, bucket: string, prefix: string, signal?: AbortSignal): AsyncGenerator<S3ObjectSummary> {
    this.#requireAllowed(bucket);
    let token: string | undefined;
    do {
      const page = await this.#clients.get(region).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }), signal ? { abortSignal: signal } : {});
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** The object's body as a stream (the caller reads it to the end or destroys it). */
  async getObject(region: string, bucket: string, key: string, signal?: AbortSignal): Promise<Readable> {
    this.#requireAllowed(bucket);
    const result = await this.#clients.get(region).send(new GetObjectCommand({ Bucket: bucket, Key: key }), signal ? { abortSignal: signal } : {});
    return result.Body as Readable;
  }

  async putObject(region: string, bucket: string, key: string, body: Buffer, contentType: string, signal?: AbortSignal): Promise<void> {
    this.#requireAllowed(bucket);
    await this.#clients.get(region).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }), signal ? { abortSignal: signal } : {});
  }

  destroy(): void {
    this.#clients.destroy();
  }

  #requireAllowed(bucket: string): void {
    if (!this.isBucketAllowed(bucket)) throw new BucketNotAllowedError(bucket);
  }
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** The credentials s3rver accepts: the tests' S3 client and Pinion's (the operator's) use them. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * A real S3-compatible server (s3rver, objects as files in a temporary directory) on loopback,
 * with a client the tests use to put import files and read exports. Pinion reaches it through
 * PINION_AWS_ENDPOINT_URL_S3 with PINION_S3_FORCE_PATH_STYLE=true (s3ServerEnv).
 */
export class S3Peer {
  readonly url: string;
  readonly client: S3Client;
  readonly #server: S3rver;
  readonly #directory: string;

  private constructor(server: S3rver, directory: string, url: string) {
    this.#server = server;
    this.#directory = directory;
    this.url = url;
    this.client = new S3Client({
      endpoint: url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
  }

  static async start(buckets: readonly string[] = []): Promise<S3Peer> {
    const directory = await mkdtemp(join(tmpdir(), 'pinion-s3-'));
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
    const { port } = await server.run();
    return new S3Peer(server, directory, `http://127.0.0.1:${port}`);
  }

  /** Environment for a Pinion server process that should use this S3 (any bucket; credentials s3rver accepts). */
  serverEnv(): Record<string, string> {
    return {
      PINION_AWS_ENDPOINT_URL_S3: this.url,
      PINION_S3_FORCE_PATH_STYLE: 'true',
      PINION_S3_BUCKETS: '*',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    };
  }

  /**
   * start(), for tests and benchmarks that run Pinion's job code in this process: S3Access takes
   * the operator's credentials from the standard chain, so this process's environment gets the
   * ones s3rver accepts.
   */
  static async startInProcess(buckets: readonly string[] = []): Promise<S3Peer> {
    process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
    return S3Peer.start(buckets);
  }

  async createBucket(name: string): Promise<void> {
    await this.client.send(new CreateBucketCommand({ Bucket: name }));
  }

  async put(bucket: string, key: string, body: string | Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  /** Keys under the prefix, in key order. */
  async keys(bucket: string, prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const object of page.Contents ?? []) keys.push(object.Key!);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async get(bucket: string, key: string): Promise<Buffer> {
    const result = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await result.Body!.transformToByteArray());
  }

  /** The JSON lines of a gzipped newline-delimited JSON object. */
  async getJsonLines(bucket: string, key: string): Promise<unknown[]> {
    const text = gunzipSync(await this.get(bucket, key)).toString('utf8');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown);
  }

  async close(): Promise<void> {
    this.client.destroy();
    await this.#server.close();
    await rm(this.#directory, { recursive: true, force: true });
  }
}

import { request as httpRequest, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateStreamCommand, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import kinesalite from 'kinesalite';

/**
 * A real Kinesis-compatible server (kinesalite, in memory) behind a small HTTP front the tests
 * control: it forwards every request to kinesalite unchanged, except that it can refuse some
 * records of PutRecords calls with ProvisionedThroughputExceededException (Kinesis's partial
 * failure: the others are written), stop after a number of PutRecords calls, and stop and
 * restart on the same port while kinesalite keeps the records. Reads go to kinesalite directly.
 */

const PUT_RECORDS = 'Kinesis_20131202.PutRecords';
const MIB = 1024 * 1024;

export interface StreamRecord {
  readonly shardId: string;
  readonly partitionKey: string;
  readonly data: string;
}

interface PutRecordsBody {
  StreamName?: string;
  Records?: { PartitionKey: string; Data: string }[];
}

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class KinesisPeer {
  readonly #backend: Server;
  readonly #backendUrl: string;
  #front: Server | undefined;
  #port = 0;
  #failRecords = 0;
  #stopAfter: number | undefined;
  /** PutRecords calls that reached kinesalite or were refused here. */
  putRequests = 0;
  /** Limits a client broke (a correct client never does). */
  readonly violations: string[] = [];
  /** Reads, straight from kinesalite. */
  readonly reader: KinesisClient;

  private constructor(backend: Server) {
    this.#backend = backend;
    this.#backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    this.reader = new KinesisClient({
      endpoint: this.#backendUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAKINESISREADER001', secretAccessKey: 'reader-secret' },
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ requestTimeout: 30_000 }),
    });
  }

  static async start(): Promise<KinesisPeer> {
    const backend = kinesalite({ createStreamMs: 0, shardLimit: 1000 });
    // Node closes idle keep-alive sockets after 5 s; a client reusing one just then reads
    // ECONNRESET (the reader makes one attempt). Idle sockets stay open longer than any test.
    backend.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', () => resolve()));
    const peer = new KinesisPeer(backend);
    await peer.restart();
    return peer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get running(): boolean {
    return this.#front !== undefined;
  }

  async createStream(name: string, shards = 2): Promise<void> {
    await this.reader.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  }

  /** Every record of the stream, shard by shard, each shard in its order. */
  async records(name: string): Promise<StreamRecord[]> {
    const description = await this.reader.send(new DescribeStreamCommand({ StreamName: name }));
    const out: StreamRecord[] = [];
    for (const shard of description.StreamDescription?.Shards ?? []) {
      const start = await this.reader.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      let iterator = start.ShardIterator;
      for (;;) {
        const page = await this.reader.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        for (const record of page.Records ?? []) {
          out.push({ shardId: shard.ShardId!, partitionKey: record.PartitionKey!, data: Buffer.from(record.Data!).toString('utf8') });
        }
        if ((page.Records ?? []).length === 0 || !page.NextShardIterator) break;
        iterator = page.NextShardIterator;
      }
    }
    return out;
  }

  /** Of the next PutRecords calls, every other record is refused until `records` have been. */
  failRecords(records: number): void {
    this.#failRecords = records;
  }

  /** Answers `calls` more PutRecords calls, then stops listening. */
  stopAfter(calls: number): void {
    this.#stopAfter = calls;
  }

  async restart(): Promise<void> {
    if (this.#front) return;
    const front = createServer((request, response) => void this.#handle(request, response));
    front.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (front.address() as AddressInfo).port;
    this.#front = front;
  }

  async stop(): Promise<void> {
    const front = this.#front;
    if (!front) return;
    this.#front = undefined;
    await new Promise<void>((resolve) => {
      front.close(() => resolve());
      front.closeIdleConnections();
      setTimeout(() => front.closeAllConnections(), 500).unref();
    });
  }

  async close(): Promise<void> {
    await this.stop();
    this.reader.destroy();
    // kinesalite's own close() also drops its in-memory store; that is what we want now.
    await new Promise<void>((resolve) => this.#backend.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = await readBody(request);
    const isPut = request.headers['x-amz-target'] === PUT_RECORDS;
    let refused: Set<number> | undefined;
    let total = 0;
    if (isPut) {
      this.putRequests += 1;
      const input = JSON.parse(body.toString('utf8')) as PutRecordsBody;
      const records = input.Records ?? [];
      total = records.length;
      this.#checkLimits(records);
      if (this.#failRecords > 0) {
        refused = new Set();
        for (let index = 1; index < records.length && this.#failRecords > 0; index += 2) {
          refused.add(index);
          this.#failRecords -= 1;
        }
        body = Buffer.from(JSON.stringify({ ...input, Records: records.filter((_, index) => !refused!.has(index)) }));
      }
    }
    try {
      if (refused && refused.size === total) {
        return this.#answer(response, 200, { FailedRecordCount: total, Records: Array.from({ length: total }, () => this.#throughputExceeded()) });
      }
      const forwarded = await this.#forward(request, body);
      if (!refused || refused.size === 0 || forwarded.status !== 200) {
        response.writeHead(forwarded.status, forwarded.headers);
        return void response.end(forwarded.body);
      }
      const written = JSON.parse(forwarded.body.toString('utf8')) as { FailedRecordCount: number; Records: object[] };
      const results: object[] = [];
      let next = 0;
      for (let index = 0; index < total; index++) results.push(refused.has(index) ? this.#throughputExceeded() : written.Records[next++]!);
      this.#answer(response, 200, { FailedRecordCount: written.FailedRecordCount + refused.size, Records: results });
    } finally {
      if (isPut && this.#stopAfter !== undefined && --this.#stopAfter <= 0) {
        this.#stopAfter = undefined;
        setImmediate(() => void this.stop());
      }
    }
  }

  #checkLimits(records: { PartitionKey: string; Data: string }[]): void {
    if (records.length > 500) this.violations.push(`${records.length} records in one PutRecords`);
    let bytes = 0;
    for (const record of records) {
      const size = Buffer.from(record.Data, 'base64').length + Buffer.byteLength(record.PartitionKey);
      if (size > MIB) this.violations.push(`a record of ${size} bytes`);
      if (record.PartitionKey.length > 256) this.violations.push(`a partition key of ${record.PartitionKey.length} characters`);
      bytes += size;
    }
    if (bytes > 5 * MIB) this.violations.push(`${bytes} bytes in one PutRecords`);
  }

  #throughputExceeded(): object {
    return { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard shardId-000000000000 in stream under account 000000000000.' };
  }

  #answer(response: ServerResponse, status: number, payload: object): void {
    const text = JSON.stringify(payload);
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }

  #forward(request: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    const headers = { ...request.headers, 'content-length': String(body.length) };
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(`${this.#backendUrl}${request.url ?? '/'}`, { method: request.method, headers }, (incoming) => {
        readBody(incoming).then(
          (data) => {
            const copied: Record<string, string | string[]> = {};
            for (const [key, value] of Object.entries(incoming.headers)) if (value !== undefined && key !== 'content-length' && key !== 'transfer-encoding') copied[key] = value;
            copied['content-length'] = String(data.length);
            resolve({ status: incoming.statusCode ?? 500, headers: copied, body: data });
          },
          reject,
        );
      });
      outgoing.once('error', reject);
      outgoing.end(body);
    });
  }
}

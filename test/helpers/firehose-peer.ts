import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Firehose test peer: a node:http server speaking the awsJson1_1 protocol of
 * `X-Amz-Target: Firehose_20150804.PutRecordBatch` as Firehose answers it (documented limits,
 * error shapes, per-record RequestResponses). Tests make it throttle whole requests, refuse some
 * records, stop after a number of requests, and stop and restart on the same port. It keeps what
 * it accepted, per delivery stream, in arrival order, and notes every limit a client broke.
 */

const TARGET = 'Firehose_20150804.PutRecordBatch';
const MAX_RECORDS = 500;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const MAX_RECORD_BYTES = 1_000 * 1024;

export interface PeerRequest {
  readonly stream: string;
  readonly records: number;
  readonly bytes: number;
  readonly region: string;
  readonly accessKeyId: string;
}

export class FirehosePeer {
  readonly #streams = new Map<string, Buffer[]>();
  readonly #region: string;
  #server: Server | undefined;
  #port = 0;
  #throttleRequests = 0;
  #failRecords = 0;
  #stopAfter: number | undefined;
  #inFlight = new Map<string, number>();
  /** Every PutRecordBatch request answered (accepted whole or in part). */
  readonly requests: PeerRequest[] = [];
  /** Limits a client broke (a correct client never does). */
  readonly violations: string[] = [];
  /** The most requests for one delivery stream that were in flight at once. */
  maxConcurrentPerStream = 0;
  /** Milliseconds each request is held before its answer (to observe concurrency). */
  delayMs = 0;

  private constructor(region: string) {
    this.#region = region;
  }

  static async start(options: { region?: string; streams?: string[] } = {}): Promise<FirehosePeer> {
    const peer = new FirehosePeer(options.region ?? 'us-east-1');
    for (const name of options.streams ?? []) peer.createStream(name);
    await peer.restart();
    return peer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get running(): boolean {
    return this.#server !== undefined;
  }

  createStream(name: string): void {
    if (!this.#streams.has(name)) this.#streams.set(name, []);
  }

  /** The data of every accepted record of `stream`, in arrival order (a record re-sent appears again). */
  records(stream: string): string[] {
    return (this.#streams.get(stream) ?? []).map((data) => data.toString('utf8'));
  }

  /** The next `requests` PutRecordBatch calls fail whole with ServiceUnavailableException (Firehose's "slow down"). */
  throttle(requests: number): void {
    this.#throttleRequests = requests;
  }

  /** The next `records` records (every other one of a request) are refused with ServiceUnavailableException. */
  failRecords(records: number): void {
    this.#failRecords = records;
  }

  /** Answers `requests` more PutRecordBatch calls, then stops listening (the receiving side going away mid-way). */
  stopAfter(requests: number): void {
    this.#stopAfter = requests;
  }

  /** Listens again on the same port (a fresh port the first time). */
  async restart(): Promise<void> {
    if (this.#server) return;
    const server = createServer((request, response) => void this.#handle(request, response));
    // Idle keep-alive sockets stay open longer than any test (Node's 5 s default races client reuse: ECONNRESET).
    server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops listening and drops open connections; kept records stay. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Idle keep-alive connections go now; one still answering gets a moment to finish.
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 500).unref();
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const send = (status: number, payload: object) => {
      const text = JSON.stringify(payload);
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': crypto.randomUUID(), 'content-length': Buffer.byteLength(text) });
      response.end(text);
    };
    const error = (status: number, type: string, message: string) => send(status, { __type: type, message });

    if (request.method !== 'POST' || request.headers['x-amz-target'] !== TARGET) {
      return error(400, 'UnknownOperationException', `the peer speaks ${TARGET} only`);
    }
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) this.violations.push(`content-type ${request.headers['content-type']}`);
    // A SigV4 signature for service firehose in the peer's region (its HMAC is not re-computed).
    const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(request.headers.authorization ?? ''));
    if (!credential) return error(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    if (credential[3] !== 'firehose' || credential[2] !== this.#region) {
      return error(400, 'InvalidSignatureException', `Credential should be scoped to a valid region and service firehose, not ${credential[2]}/${credential[3]}`);
    }

    let input: { DeliveryStreamName?: string; Records?: { Data?: string }[] };
    try {
      input = JSON.parse(body.toString('utf8')) as typeof input;
    } catch {
      return error(400, 'SerializationException', 'the body is not JSON');
    }
    const name = input.DeliveryStreamName ?? '';
    const records = (input.Records ?? []).map((record) => Buffer.from(record.Data ?? '', 'base64'));
    const bytes = records.reduce((n, data) => n + data.length, 0);
    if (records.length < 1 || records.length > MAX_RECORDS) {
      this.violations.push(`${records.length} records in one request`);
      return error(400, 'InvalidArgumentException', `Records has ${records.length} records; 1 to ${MAX_RECORDS} are allowed`);
    }
    if (bytes > MAX_REQUEST_BYTES) {
      this.violations.push(`${bytes} bytes in one request`);
      return error(400, 'InvalidArgumentException', `the request carries ${bytes} bytes; at most ${MAX_REQUEST_BYTES}`);
    }
    const large = records.find((data) => data.length > MAX_RECORD_BYTES);
    if (large) {
      this.violations.push(`a record of ${large.length} bytes`);
      return error(400, 'InvalidArgumentException', `a record of ${large.length} bytes is over ${MAX_RECORD_BYTES}`);
    }
    const stored = this.#streams.get(name);
    if (!stored) return error(400, 'ResourceNotFoundException', `Firehose ${name} under account 000000000000 not found.`);

    const inFlight = (this.#inFlight.get(name) ?? 0) + 1;
    this.#inFlight.set(name, inFlight);
    this.maxConcurrentPerStream = Math.max(this.maxConcurrentPerStream, inFlight);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (this.#throttleRequests > 0) {
        this.#throttleRequests -= 1;
        return error(503, 'ServiceUnavailableException', 'Slow down.');
      }
      const responses = records.map((data, index) => {
        if (this.#failRecords > 0 && index % 2 === 1) {
          this.#failRecords -= 1;
          return { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' };
        }
        stored.push(data);
        return { RecordId: crypto.randomUUID().replaceAll('-', '') };
      });
      this.requests.push({ stream: name, records: records.length, bytes, region: credential[2]!, accessKeyId: credential[1]! });
      send(200, { FailedPutCount: responses.filter((r) => 'ErrorCode' in r).length, Encrypted: false, RequestResponses: responses });
    } finally {
      this.#inFlight.set(name, (this.#inFlight.get(name) ?? 1) - 1);
      if (this.#stopAfter !== undefined && --this.#stopAfter <= 0) {
        this.#stopAfter = undefined;
        // After the answer is on its way: the next request finds nobody listening.
        setImmediate(() => void this.stop());
      }
    }
  }
}

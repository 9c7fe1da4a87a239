import type { DestinationKind, DestinationStream } from './destination-stream-arn.ts';

/**
 * A destination of event-stream records (Kinesis PutRecords, Firehose PutRecordBatch) behind one
 * small interface, so the delivery worker knows batching limits and outcomes, not SDKs.
 */

export interface SinkRecord {
  /** Kinesis's partition key (the endpoint id); Firehose has none and ignores it. */
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/** One record's outcome, in the order the records were sent. */
export type RecordOutcome = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

export interface SinkLimits {
  readonly maxRecords: number;
  /** Bytes per request, counted as sizeOf counts them. */
  readonly maxRequestBytes: number;
  /** Bytes per record; a larger record can never be delivered. */
  readonly maxRecordBytes: number;
}

export interface EventSink {
  readonly kind: DestinationKind;
  readonly limits: SinkLimits;
  /** The bytes sent for one event-stream record (Firehose appends a newline). */
  encode(record: string, partitionKey: string): SinkRecord;
  /** What a record counts against the limits. */
  sizeOf(record: SinkRecord): number;
  /**
   * Sends one batch (within the limits). Resolves with one outcome per record, in order; rejects
   * with SinkRequestError when the request as a whole failed (nothing was written).
   */
  put(stream: DestinationStream, records: readonly SinkRecord[], signal: AbortSignal): Promise<RecordOutcome[]>;
  /** Closes the sink's connections. */
  destroy(): void;
}

/** Error names that mean "slow down and retry", on both services. */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'ServiceUnavailableException',
  'KMSThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

export function isThrottling(code: string, status?: number): boolean {
  return THROTTLING.has(code) || status === 429 || status === 503;
}

/** A request that failed as a whole. The SDK's (or network's) error is the cause. */
export class SinkRequestError extends Error {
  readonly code: string;
  readonly throttled: boolean;
  readonly aborted: boolean;

  constructor(operation: string, code: string, detail: string, options: { cause?: unknown; throttled?: boolean; aborted?: boolean } = {}) {
    super(`${operation} failed: ${code}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SinkRequestError';
    this.code = code;
    this.throttled = options.throttled ?? false;
    this.aborted = options.aborted ?? false;
  }

  /** Wraps what an SDK call threw: its error name, HTTP status and message (never credentials). */
  static from(operation: string, error: unknown, signal: AbortSignal): SinkRequestError {
    if (error instanceof SinkRequestError) return error;
    const name = error instanceof Error ? error.name : 'Error';
    const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && name === 'Error' ? error.code : name;
    const status = typeof error === 'object' && error !== null && '$metadata' in error ? (error.$metadata as { httpStatusCode?: number }).httpStatusCode : undefined;
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 500);
    return new SinkRequestError(operation, code, message || '(no message)', {
      cause: error,
      throttled: isThrottling(code, status),
      aborted: signal.aborted,
    });
  }
}

/** Per-record results of PutRecords / PutRecordBatch, one per record sent, in order. */
export function recordOutcomes(operation: string, results: readonly { ErrorCode?: string | null; ErrorMessage?: string | null }[], sent: number): RecordOutcome[] {
  if (results.length !== sent) throw new SinkRequestError(operation, 'InvalidResponse', `answered ${results.length} results for ${sent} records`);
  return results.map((result) =>
    result.ErrorCode === undefined || result.ErrorCode === null || result.ErrorCode === ''
      ? { ok: true }
      : { ok: false, code: result.ErrorCode, message: result.ErrorMessage ?? '' },
  );
}

/**
 * One AWS SDK client per region (a stream's ARN names its region), made on first use. At most
 * MAX_REGIONAL_CLIENTS are kept (the least recently used goes): region names come from requests.
 */
export class RegionalClients<Client extends { destroy(): void }> {
  static readonly MAX_REGIONAL_CLIENTS = 16;
  readonly #clients = new Map<string, Client>();

  constructor(private readonly make: (region: string) => Client) {}

  get(region: string): Client {
    let client = this.#clients.get(region);
    if (client) {
      // Map order is insertion order: re-insert to mark it recently used.
      this.#clients.delete(region);
    } else {
      client = this.make(region);
      if (this.#clients.size >= RegionalClients.MAX_REGIONAL_CLIENTS) {
        const [oldest, evicted] = this.#clients.entries().next().value!;
        this.#clients.delete(oldest);
        evicted.destroy();
      }
    }
    this.#clients.set(region, client);
    return client;
  }

  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }
}

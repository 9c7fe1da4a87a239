import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { AwsClientSettings } from './aws-client-options.ts';
import { awsClientOptions } from './aws-client-options.ts';
import type { DestinationStream } from './destination-stream-arn.ts';
import { SinkRequestError } from './event-sink.ts';
import type { EventSink, RecordOutcome, SinkLimits, SinkRecord } from './event-sink.ts';

/**
 * Firehose through PutRecordBatch: at most 500 records and 4 MiB per request, 1,000 KiB per record
 * (AWS's documented limits). Each record is the JSON followed by a newline, so the objects Firehose
 * concatenates into S3 files stay one per line.
 */
export class FirehoseSink implements EventSink {
  readonly kind = 'firehose' as const;
  readonly limits: SinkLimits = { maxRecords: 500, maxRequestBytes: 4 * 1024 * 1024, maxRecordBytes: 1_000 * 1024 };
  readonly #settings: AwsClientSettings;
  readonly #clients = new Map<string, FirehoseClient>();

  constructor(settings: AwsClientSettings = {}) {
    this.#settings = settings;
  }

  encode(record: string, partitionKey: string): SinkRecord {
    return { partitionKey, data: Buffer.from(`${record}\n`, 'utf8') };
  }

  sizeOf(record: SinkRecord): number {
    return record.data.byteLength;
  }

  async put(stream: DestinationStream, records: readonly SinkRecord[], signal: AbortSignal): Promise<RecordOutcome[]> {
    const operation = `Firehose PutRecordBatch to ${stream.arn}`;
    let output;
    try {
      output = await this.#client(stream.region).send(
        new PutRecordBatchCommand({ DeliveryStreamName: stream.name, Records: records.map((r) => ({ Data: r.data })) }),
        { abortSignal: signal },
      );
    } catch (error) {
      throw SinkRequestError.from(operation, error, signal);
    }
    const results = output.RequestResponses ?? [];
    if (results.length !== records.length) {
      throw new SinkRequestError(operation, 'InvalidResponse', `answered ${results.length} results for ${records.length} records`);
    }
    return results.map((result) =>
      result.ErrorCode === undefined || result.ErrorCode === null || result.ErrorCode === ''
        ? { ok: true }
        : { ok: false, code: result.ErrorCode, message: result.ErrorMessage ?? '' },
    );
  }

  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  #client(region: string): FirehoseClient {
    let client = this.#clients.get(region);
    if (!client) {
      client = new FirehoseClient(awsClientOptions(region, this.#settings));
      this.#clients.set(region, client);
    }
    return client;
  }
}

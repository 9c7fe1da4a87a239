import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { AwsClientSettings } from './aws-client-options.ts';
import { awsClientOptions } from './aws-client-options.ts';
import type { DestinationStream } from './destination-stream-arn.ts';
import { recordOutcomes, RegionalClients, SinkRequestError } from './event-sink.ts';
import type { EventSink, RecordOutcome, SinkLimits, SinkRecord } from './event-sink.ts';

/**
 * Firehose through PutRecordBatch: at most 500 records and 4 MiB per request, 1,000 KiB per record
 * (AWS's documented limits). Each record is the JSON followed by a newline, so the objects Firehose
 * concatenates into S3 files stay one per line.
 */
export class FirehoseSink implements EventSink {
  readonly kind = 'firehose' as const;
  readonly limits: SinkLimits = { maxRecords: 500, maxRequestBytes: 4 * 1024 * 1024, maxRecordBytes: 1_000 * 1024 };
  readonly #clients: RegionalClients<FirehoseClient>;

  constructor(settings: AwsClientSettings = {}) {
    this.#clients = new RegionalClients((region) => new FirehoseClient(awsClientOptions(region, settings)));
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
      output = await this.#clients.get(stream.region).send(
        new PutRecordBatchCommand({ DeliveryStreamName: stream.name, Records: records.map((r) => ({ Data: r.data })) }),
        { abortSignal: signal },
      );
    } catch (error) {
      throw SinkRequestError.from(operation, error, signal);
    }
    return recordOutcomes(operation, output.RequestResponses ?? [], records.length);
  }

  destroy(): void {
    this.#clients.destroy();
  }
}

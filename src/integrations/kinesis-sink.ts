import { createHash } from 'node:crypto';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { AwsClientSettings } from './aws-client-options.ts';
import { awsClientOptions } from './aws-client-options.ts';
import type { DestinationStream } from './destination-stream-arn.ts';
import { recordOutcomes, RegionalClients, SinkRequestError } from './event-sink.ts';
import type { EventSink, RecordOutcome, SinkLimits, SinkRecord } from './event-sink.ts';

const MIB = 1024 * 1024;
/** Kinesis's partition keys are 1 to 256 characters. */
const MAX_PARTITION_KEY = 256;

/**
 * Kinesis Data Streams through PutRecords: at most 500 records and 5 MiB per request, 1 MiB per
 * record, partition key included (AWS's documented limits). The stream is named by its name (the
 * credentials' account is the stream's account), which every Kinesis endpoint understands.
 */
export class KinesisSink implements EventSink {
  readonly kind = 'kinesis' as const;
  readonly limits: SinkLimits = { maxRecords: 500, maxRequestBytes: 5 * MIB, maxRecordBytes: MIB };
  readonly #clients: RegionalClients<KinesisClient>;

  constructor(settings: AwsClientSettings = {}) {
    this.#clients = new RegionalClients((region) => new KinesisClient(awsClientOptions(region, settings)));
  }

  encode(record: string, partitionKey: string): SinkRecord {
    // A longer endpoint id is hashed: still one key per endpoint, so its events stay in order.
    const key = partitionKey.length <= MAX_PARTITION_KEY ? partitionKey : createHash('sha256').update(partitionKey).digest('hex');
    return { partitionKey: key, data: Buffer.from(record, 'utf8') };
  }

  sizeOf(record: SinkRecord): number {
    return record.data.byteLength + Buffer.byteLength(record.partitionKey, 'utf8');
  }

  async put(stream: DestinationStream, records: readonly SinkRecord[], signal: AbortSignal): Promise<RecordOutcome[]> {
    const operation = `Kinesis PutRecords to ${stream.arn}`;
    let output;
    try {
      output = await this.#clients.get(stream.region).send(
        new PutRecordsCommand({ StreamName: stream.name, Records: records.map((r) => ({ PartitionKey: r.partitionKey, Data: r.data })) }),
        { abortSignal: signal },
      );
    } catch (error) {
      throw SinkRequestError.from(operation, error, signal);
    }
    return recordOutcomes(operation, output.Records ?? [], records.length);
  }

  destroy(): void {
    this.#clients.destroy();
  }
}

import type { DestinationStream } from '../integrations/destination-stream-arn.ts';
import type { EventSink } from '../integrations/event-sink.ts';
import { isThrottling, SinkRequestError } from '../integrations/event-sink.ts';
import type { EventStreamMetrics } from '../observability/metrics.ts';
import type { EventStreamsRepository, OutboxRecord } from '../storage/event-streams-repository.ts';
import type { Tenant } from '../storage/tenant.ts';
import { settleBatch, splitBatches } from './delivery-batches.ts';
import type { PendingRecord } from './delivery-batches.ts';

/** Sends one claim's worth of outbox records (oldest first) to the destination. */

export interface DeliveryTarget {
  readonly tenant: Tenant;
  readonly appId: string;
  readonly destination: DestinationStream;
  readonly sink: EventSink;
}

export interface DeliveryServices {
  readonly repository: EventStreamsRepository;
  readonly metrics: EventStreamMetrics;
  readonly logger: { warn(obj: object, msg?: string): void };
  readonly now: () => Date;
  readonly signal: AbortSignal;
}

export interface DeliveryFailure {
  readonly cause: 'request' | 'records';
  readonly reason: string;
  readonly throttled: boolean;
}

export interface DeliveryOutcome {
  /** Records removed from the outbox because the destination has them. */
  readonly delivered: number;
  /** Set when a request failed or records were refused: the round stops and backs off. */
  readonly failure?: DeliveryFailure;
}

/** Thrown when the worker is closing and the request in flight was aborted (not a failure). */
export class DeliveryStopped extends Error {
  constructor(cause: unknown) {
    super('event stream delivery stopped by shutdown', { cause });
    this.name = 'DeliveryStopped';
  }
}

/**
 * Batches within the destination's limits, in id order; stops at the first batch that did not go
 * through whole, so nothing of a partition key is sent ahead of a record of that key still
 * waiting (the failed ones and, for Kinesis, the later ones of their keys stay in the outbox and
 * lead the next round). Records that can never fit are dropped, counted and logged.
 */
export async function deliverRecords(target: DeliveryTarget, rows: readonly OutboxRecord[], services: DeliveryServices): Promise<DeliveryOutcome> {
  const { tenant, appId, destination, sink } = target;
  const { repository, metrics } = services;
  const pending: PendingRecord[] = rows.map((row) => {
    const item = sink.encode(row.record, row.partitionKey);
    return { id: row.id, item, size: sink.sizeOf(item) };
  });
  const { batches, oversize } = splitBatches(pending, sink.limits);
  if (oversize.length > 0) {
    await repository.discard(tenant, appId, oversize.map((record) => record.id));
    metrics.dropped(appId, 'oversize', oversize.length);
    services.logger.warn(
      { appId, accountId: tenant.accountId, region: tenant.region, destination: destination.arn, records: oversize.length, largestBytes: Math.max(...oversize.map((r) => r.size)), limitBytes: sink.limits.maxRecordBytes },
      'event stream: records larger than the destination accepts were dropped',
    );
  }

  let delivered = 0;
  for (const batch of batches) {
    let outcomes;
    try {
      outcomes = await sink.put(destination, batch.map((record) => record.item), services.signal);
    } catch (error) {
      if (services.signal.aborted) throw new DeliveryStopped(error);
      const failure = error instanceof SinkRequestError ? error : SinkRequestError.from(`${sink.kind} delivery`, error, services.signal);
      return { delivered, failure: { cause: 'request', reason: failure.message, throttled: failure.throttled } };
    }
    const settled = settleBatch(batch, outcomes, sink.kind === 'kinesis');
    metrics.delivered(appId, settled.accepted);
    await repository.acknowledge(tenant, appId, settled.acknowledged, services.now());
    delivered += settled.acknowledged.length;
    if (settled.failed.length > 0) {
      await repository.bumpAttempts(tenant, appId, settled.failed.map((record) => record.id));
      metrics.refused(appId, settled.failed.length);
      const first = settled.failed[0]!;
      const codes = [...new Set(settled.failed.map((record) => record.code))];
      return {
        delivered,
        failure: {
          cause: 'records',
          reason: `${destination.kind === 'kinesis' ? 'Kinesis PutRecords' : 'Firehose PutRecordBatch'} to ${destination.arn} refused ${settled.failed.length} of ${batch.length} records (${codes.join(', ')}: ${first.message.replace(/\s+/g, ' ').slice(0, 300)})`,
          throttled: settled.failed.every((record) => isThrottling(record.code)),
        },
      };
    }
  }
  return { delivered };
}

import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * Prometheus metrics, served at GET /metrics. One registry, built once by serve.ts and passed
 * down. Labels are bounded: an app id (one series per project with an event stream, removed when
 * its stream is deleted) and small fixed sets of causes and reasons.
 */

const FAILURE_CAUSES = ['role', 'request', 'records'] as const;
const DROP_REASONS = ['retention', 'oversize'] as const;
export type DeliveryFailureCause = (typeof FAILURE_CAUSES)[number];
export type DropReason = (typeof DROP_REASONS)[number];

/** What the event-stream gauges show, read from the database at scrape time. */
export interface EventStreamSample {
  readonly appId: string;
  readonly healthy: boolean;
  readonly backlog: number;
  /** Age of the oldest waiting record; undefined when none waits. */
  readonly oldestAgeSeconds: number | undefined;
}

/** Scrapes closer together than this share one database read. */
const SAMPLE_REUSE_MS = 1_000;

export class EventStreamMetrics {
  readonly #delivered: Counter<'app_id'>;
  readonly #failures: Counter<'app_id' | 'cause'>;
  readonly #refused: Counter<'app_id'>;
  readonly #dropped: Counter<'app_id' | 'reason'>;
  #source: (() => Promise<EventStreamSample[]>) | undefined;
  #sampled: { at: number; samples: Promise<EventStreamSample[]> } | undefined;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#delivered = new Counter({ name: 'pinion_event_stream_records_delivered_total', help: 'Event-stream records the destination accepted (a record re-sent to keep Kinesis order counts each time)', labelNames: ['app_id'], registers });
    this.#failures = new Counter({ name: 'pinion_event_stream_delivery_failures_total', help: 'Failed delivery attempts: role check refused, request failed, or records refused by the destination', labelNames: ['app_id', 'cause'], registers });
    this.#refused = new Counter({ name: 'pinion_event_stream_records_refused_total', help: 'Records the destination refused in a request that was otherwise answered (retried)', labelNames: ['app_id'], registers });
    this.#dropped = new Counter({ name: 'pinion_event_stream_records_dropped_total', help: 'Records removed without delivery: older than the retention, or larger than the destination accepts', labelNames: ['app_id', 'reason'], registers });
    const sample = () => this.#sample();
    // Gauges read at scrape time from one shared sample of every stream (see #sample).
    const sampledGauge = (name: string, help: string, value: (s: EventStreamSample) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['app_id'],
        registers,
        async collect() {
          const samples = await sample();
          if (samples === undefined) return;
          this.reset();
          for (const s of samples) this.set({ app_id: s.appId }, value(s));
        },
      });
    sampledGauge('pinion_event_stream_backlog_records', 'Event-stream records waiting in the outbox', (s) => s.backlog);
    sampledGauge('pinion_event_stream_oldest_record_age_seconds', 'Age of the oldest waiting event-stream record (0 when none waits)', (s) => s.oldestAgeSeconds ?? 0);
    sampledGauge('pinion_event_stream_healthy', '1 when the event stream delivers, 0 when it is UNHEALTHY (see pinion streams status for the reason)', (s) => (s.healthy ? 1 : 0));
  }

  /** Where the gauges read from (the database, through the repository). */
  observe(source: () => Promise<EventStreamSample[]>): void {
    this.#source = source;
  }

  delivered(appId: string, records: number): void {
    if (records > 0) this.#delivered.inc({ app_id: appId }, records);
  }

  failed(appId: string, cause: DeliveryFailureCause): void {
    this.#failures.inc({ app_id: appId, cause });
  }

  refused(appId: string, records: number): void {
    if (records > 0) this.#refused.inc({ app_id: appId }, records);
  }

  dropped(appId: string, reason: DropReason, records: number): void {
    if (records > 0) this.#dropped.inc({ app_id: appId, reason }, records);
  }

  /** Removes the counters of a project whose stream is gone, so series do not pile up. */
  forget(appId: string): void {
    this.#delivered.remove({ app_id: appId });
    this.#refused.remove({ app_id: appId });
    for (const cause of FAILURE_CAUSES) this.#failures.remove({ app_id: appId, cause });
    for (const reason of DROP_REASONS) this.#dropped.remove({ app_id: appId, reason });
  }

  /** The current samples, or undefined (gauges keep their last values) when the read fails. */
  async #sample(): Promise<EventStreamSample[] | undefined> {
    if (!this.#source) return [];
    const now = Date.now();
    if (!this.#sampled || now - this.#sampled.at > SAMPLE_REUSE_MS) this.#sampled = { at: now, samples: this.#source() };
    try {
      return await this.#sampled.samples;
    } catch {
      this.#sampled = undefined;
      return undefined;
    }
  }
}

export interface Metrics {
  readonly registry: Registry;
  readonly eventStreams: EventStreamMetrics;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  // Process metrics (CPU, memory, event-loop lag, handles) under the same prefix.
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'pinion_' });
  return { registry, eventStreams: new EventStreamMetrics(registry) };
}

import type { Tenant } from './tenant.ts';

/**
 * The event stream of a project (PutEventStream's configuration, plus the delivery worker's view
 * of its health) and its outbox: the event-stream records waiting to be delivered to Kinesis or
 * Firehose. Rows are appended by whatever produces events (PutEvents, sends, deliveries…) in the
 * same transaction as the event log, and removed once the destination has acknowledged them, so
 * every record is delivered at least once.
 */

export type EventStreamHealth = 'HEALTHY' | 'UNHEALTHY';

/** What PutEventStream stores and GetEventStream answers. */
export interface EventStreamConfig {
  readonly applicationId: string;
  readonly destinationStreamArn: string;
  readonly roleArn: string;
  /** Deprecated in Pinpoint; kept when present, never required. */
  readonly externalId: string | undefined;
  /** ISO-8601 with milliseconds. */
  readonly lastModifiedDate: string;
  /** The ARN of the caller that last put the stream. */
  readonly lastUpdatedBy: string;
}

/** A stream as the delivery worker and `pinion streams status` see it. */
export interface EventStreamState extends EventStreamConfig {
  readonly tenant: Tenant;
  readonly health: EventStreamHealth;
  /** Why the stream is unhealthy (undefined when healthy). Never holds a secret. */
  readonly healthReason: string | undefined;
  /** When the stream entered its current health (undefined: never changed since it was put). */
  readonly healthSince: string | undefined;
  /** When a record of this stream was last acknowledged by the destination. */
  readonly lastDeliveryDate: string | undefined;
}

/** One record to append to a project's outbox. */
export interface OutboxEntry {
  /**
   * Time-ordered id (UUID v7, observability/audit-event-id.ts): delivery order. Generated when
   * absent; give it when the same id must also go elsewhere (the event log).
   */
  readonly id?: string;
  /** The endpoint id: Kinesis's partition key. Must not be empty. */
  readonly partitionKey: string;
  /** The event-stream record, one JSON object as text, exactly as it is delivered. */
  readonly record: string;
  /** ISO-8601; default: now. */
  readonly enqueuedDate?: string;
}

export interface OutboxRecord {
  readonly id: string;
  readonly partitionKey: string;
  readonly record: string;
  readonly enqueuedDate: string;
  /** Failed delivery attempts so far. */
  readonly attempts: number;
}

export interface OutboxBacklog {
  readonly count: number;
  /** enqueuedDate of the oldest waiting record (in id order); undefined when none waits. */
  readonly oldestEnqueuedDate: string | undefined;
}

export type LeaseResult<T> = { readonly acquired: true; readonly value: T } | { readonly acquired: false };

export interface HealthChange {
  /** Whether health or reason differ from what was stored (the caller logs only then). */
  readonly changed: boolean;
  readonly previous: EventStreamHealth;
}

export interface EventStreamsRepository {
  /**
   * Creates or replaces the project's stream. Returns false (writing nothing) when the app does
   * not exist. A replaced stream keeps its outbox backlog (delivered to the new destination) and
   * starts HEALTHY again: the worker re-checks it on its next round.
   */
  put(tenant: Tenant, stream: EventStreamConfig): Promise<boolean>;
  get(tenant: Tenant, appId: string): Promise<EventStreamState | undefined>;
  /** Deletes the stream and its whole outbox backlog in one transaction; returns what was deleted. */
  delete(tenant: Tenant, appId: string): Promise<EventStreamState | undefined>;
  /** Every stream of every tenant, ordered by account, region and app id (the worker's list). */
  list(): Promise<EventStreamState[]>;
  /**
   * Sets health and reason (healthSince moves only when health itself changes). Does nothing when
   * the stream is gone.
   */
  setHealth(tenant: Tenant, appId: string, health: EventStreamHealth, reason: string | undefined, at: Date): Promise<HealthChange | undefined>;

  /**
   * Appends records to the project's outbox in one transaction, only when the project has a stream
   * (returns how many were appended: entries.length, or 0 without a stream).
   */
  enqueue(tenant: Tenant, appId: string, entries: readonly OutboxEntry[]): Promise<number>;
  /**
   * The oldest `limit` waiting records of the project, in id order. Does not lock them: a caller
   * delivers only while it holds the stream's lease (withDeliveryLease).
   */
  claim(tenant: Tenant, appId: string, limit: number): Promise<OutboxRecord[]>;
  /** Deletes delivered records and sets the stream's lastDeliveryDate, in one transaction. */
  acknowledge(tenant: Tenant, appId: string, ids: readonly string[], deliveredAt: Date): Promise<void>;
  /** Adds one to the attempts of records the destination refused. */
  bumpAttempts(tenant: Tenant, appId: string, ids: readonly string[]): Promise<void>;
  /** Deletes records that cannot ever be delivered (too large for the destination). */
  discard(tenant: Tenant, appId: string, ids: readonly string[]): Promise<void>;
  backlog(tenant: Tenant, appId: string): Promise<OutboxBacklog>;
  /** Deletes the project's records enqueued before `olderThan`; returns how many. */
  prune(tenant: Tenant, appId: string, olderThan: Date): Promise<number>;

  /**
   * Runs `fn` while holding the stream's delivery lease, so two workers never deliver the same
   * stream at once; `{acquired: false}` at once when another holds it. PostgreSQL: a session
   * advisory lock on a connection reserved for the duration (released by the database if the
   * process dies). SQLite: exclusion within this process; SQLite deployments run one process.
   */
  withDeliveryLease<T>(tenant: Tenant, appId: string, fn: () => Promise<T>): Promise<LeaseResult<T>>;
}

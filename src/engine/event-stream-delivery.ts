import type { ServiceRoleCheck } from '../auth/service-roles.ts';
import { appArn } from '../domain/arn.ts';
import type { ServiceRoleVerdict } from '../iam/service-role.ts';
import { parseDestinationStreamArn } from '../integrations/destination-stream-arn.ts';
import type { DestinationKind } from '../integrations/destination-stream-arn.ts';
import type { EventSink } from '../integrations/event-sink.ts';
import type { EventStreamMetrics } from '../observability/metrics.ts';
import type { EventStreamHealth, EventStreamsRepository, EventStreamState } from '../storage/event-streams-repository.ts';
import { DeliveryStopped, deliverRecords } from './deliver-outbox.ts';
import { fullJitterDelay } from './delivery-batches.ts';

/**
 * The event-stream worker: delivers every project's outbox to its Kinesis data stream or Firehose
 * delivery stream.
 *
 * Guarantees (README): every record is delivered at least once, oldest first, while it is younger
 * than the retention; a record is removed from the outbox only after the destination acknowledged
 * it. Per endpoint (Kinesis partition key), the last copy of each record arrives in order: when a
 * record is refused, the later records of its key are sent again after it. Before each round the
 * project's role is checked as AWS would (trust policy for pinpoint.amazonaws.com with
 * aws:SourceAccount/aws:SourceArn, then kinesis:PutRecords / firehose:PutRecordBatch on the
 * stream); nothing is sent while it fails. Failures back off exponentially with full jitter.
 * Health (HEALTHY/UNHEALTHY with a reason) is stored on the stream, logged once per change and
 * exported as a metric.
 */

const ACTIONS: Readonly<Record<DestinationKind, string>> = { kinesis: 'kinesis:PutRecords', firehose: 'firehose:PutRecordBatch' };

export interface EventStreamDeliverySettings {
  /** Pause between passes over the streams when nothing is left to send. */
  readonly pollIntervalMs: number;
  /** Records enqueued longer ago than this are dropped (counted and logged). */
  readonly retentionMs: number;
  /** Ceiling of the retry delay. */
  readonly maxBackoffMs: number;
  /** Retry delay scale: the n-th consecutive failure waits up to base × 2^(n−1). Default 500 ms. */
  readonly baseBackoffMs?: number;
  /** Consecutive rounds that delivered nothing before a failing stream is UNHEALTHY. Default 3. */
  readonly unhealthyAfterFailures?: number;
  /** The AWS accounts whose streams may be destinations (PutEventStream refuses others; a stream stored before a change of this setting goes UNHEALTHY). */
  readonly allowedAccounts: ReadonlySet<string>;
  /** Outbox records read at a time. Default 500 (one full request). */
  readonly claimLimit?: number;
  /** Claims per stream per round, so one busy stream does not starve the others. Default 20. */
  readonly maxClaimsPerRound?: number;
  /** Streams delivered at the same time. Default 4. */
  readonly concurrency?: number;
  /** How often each stream's outbox is pruned. Default one minute. */
  readonly pruneIntervalMs?: number;
}

export interface DeliveryLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface EventStreamDeliveryDeps {
  readonly repository: EventStreamsRepository;
  readonly serviceRoles: { check(use: ServiceRoleCheck): Promise<ServiceRoleVerdict> };
  readonly sinks: Readonly<Record<DestinationKind, EventSink>>;
  readonly metrics: EventStreamMetrics;
  readonly logger: DeliveryLogger;
  readonly now?: () => Date;
  readonly random?: () => number;
}

/** What the worker remembers of a stream between rounds (per process). */
interface StreamState {
  readonly appId: string;
  /** The configuration the state belongs to: a re-put stream starts afresh. */
  readonly lastModifiedDate: string;
  /** Consecutive rounds with any failure: the backoff exponent. */
  failures: number;
  /** Consecutive failing rounds that delivered nothing: UNHEALTHY at the threshold. */
  fruitless: number;
  retryAt: number;
  lastPruneAt: number;
  /** A round threw (not a delivery failure: the database); warned once until one succeeds. */
  erroring: boolean;
}

type RoundResult = 'idle' | 'done' | 'more' | 'failed';

export class EventStreamDelivery {
  readonly #deps: EventStreamDeliveryDeps;
  readonly #settings: Required<EventStreamDeliverySettings>;
  readonly #now: () => Date;
  readonly #random: () => number;
  readonly #states = new Map<string, StreamState>();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #started = false;
  #closed = false;
  #storageFailing = false;

  constructor(deps: EventStreamDeliveryDeps, settings: EventStreamDeliverySettings) {
    this.#deps = deps;
    this.#settings = {
      baseBackoffMs: 500,
      unhealthyAfterFailures: 3,
      claimLimit: 500,
      maxClaimsPerRound: 20,
      concurrency: 4,
      pruneIntervalMs: 60_000,
      ...settings,
    };
    this.#now = deps.now ?? (() => new Date());
    this.#random = deps.random ?? Math.random;
  }

  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#schedule(0);
  }

  /** Stops the timer, aborts requests in flight (their records stay in the outbox) and waits for the pass to end. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#abort.abort();
    await this.#running;
  }

  /** One pass over every stream; resolves when it is done. For tests and tools (not with start()). */
  async runOnce(): Promise<void> {
    if (this.#started) throw new Error('EventStreamDelivery.runOnce: the worker runs on its own timer');
    await this.#pass();
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      const pass = this.#pass();
      this.#running = pass.then(
        (more) => this.#schedule(more ? 0 : this.#settings.pollIntervalMs),
        () => this.#schedule(this.#settings.pollIntervalMs),
      );
    }, delayMs);
  }

  /** Returns whether some stream has more to send right away. */
  async #pass(): Promise<boolean> {
    let streams: EventStreamState[];
    try {
      streams = await this.#deps.repository.list();
    } catch (error) {
      this.#storageTrouble(error);
      return false;
    }
    if (this.#storageFailing) {
      this.#storageFailing = false;
      this.#deps.logger.info({}, 'event stream delivery: the database answers again');
    }
    const listed = new Set<string>();
    for (const stream of streams) listed.add(this.#key(stream));
    for (const [key, state] of this.#states) {
      if (!listed.has(key)) {
        this.#states.delete(key);
        this.#deps.metrics.forget(state.appId);
      }
    }
    const now = this.#now().getTime();
    const due = streams.filter((stream) => this.#state(stream).retryAt <= now);
    let more = false;
    let next = 0;
    const worker = async () => {
      while (!this.#closed && next < due.length) {
        const stream = due[next++]!;
        if ((await this.#roundWithLease(stream)) === 'more') more = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#settings.concurrency, due.length) }, worker));
    return more && !this.#closed;
  }

  async #roundWithLease(stream: EventStreamState): Promise<RoundResult | undefined> {
    const state = this.#state(stream);
    try {
      // The common case, a healthy stream with nothing waiting, costs one indexed read and no
      // lease (on PostgreSQL a lease is a reserved connection and two more statements).
      if (stream.health === 'HEALTHY' && (await this.#deps.repository.claim(stream.tenant, stream.applicationId, 1)).length === 0) return 'idle';
      const lease = await this.#deps.repository.withDeliveryLease(stream.tenant, stream.applicationId, () => this.#round(stream, state));
      state.erroring = false;
      return lease.acquired ? lease.value : undefined;
    } catch (error) {
      if (error instanceof DeliveryStopped) return undefined;
      // The database (or the role's policies in it) could not be read: the records stay where
      // they are and the round is retried; one warning until a round goes through again.
      if (!state.erroring) {
        state.erroring = true;
        this.#deps.logger.warn({ err: error, appId: stream.applicationId, accountId: stream.tenant.accountId, region: stream.tenant.region }, 'event stream delivery round failed; retrying with backoff');
      }
      this.#backOff(state);
      return 'failed';
    }
  }

  async #round(stream: EventStreamState, state: StreamState): Promise<RoundResult> {
    const { repository, metrics } = this.#deps;
    const { tenant, applicationId: appId } = stream;
    const parsed = parseDestinationStreamArn(stream.destinationStreamArn);
    if (!parsed.ok) {
      // Only a hand-edited database gets here: PutEventStream refuses such ARNs.
      metrics.failed(appId, 'request');
      await this.#setHealth(stream, 'UNHEALTHY', parsed.problem);
      this.#backOff(state);
      return 'failed';
    }
    const destination = parsed.stream;
    if (!this.#settings.allowedAccounts.has(destination.accountId)) {
      metrics.failed(appId, 'request');
      await this.#setHealth(stream, 'UNHEALTHY', `streams of AWS account ${destination.accountId} are not allowed destinations (PINION_EVENT_STREAM_ACCOUNTS)`);
      this.#backOff(state);
      return 'failed';
    }
    await this.#pruneIfDue(stream, state);

    let rows = await repository.claim(tenant, appId, this.#settings.claimLimit);
    if (rows.length === 0 && stream.health === 'HEALTHY') return 'idle';

    const verdict = await this.#deps.serviceRoles.check({
      accountId: tenant.accountId,
      roleArn: stream.roleArn,
      sourceAccount: tenant.accountId,
      sourceArn: appArn(tenant, appId),
      action: ACTIONS[destination.kind],
      resource: destination.arn,
    });
    if (!verdict.ok) {
      metrics.failed(appId, 'role');
      await this.#setHealth(stream, 'UNHEALTHY', `role check failed: ${verdict.reason}`);
      this.#backOff(state);
      return 'failed';
    }

    const target = { tenant, appId, destination, sink: this.#deps.sinks[destination.kind] };
    const services = { repository, metrics, logger: this.#deps.logger, now: this.#now, signal: this.#abort.signal };
    for (let claims = 0; rows.length > 0; claims++) {
      if (claims === this.#settings.maxClaimsPerRound) {
        this.#succeeded(state);
        await this.#setHealth(stream, 'HEALTHY', undefined);
        return 'more';
      }
      const outcome = await deliverRecords(target, rows, services);
      if (outcome.failure) {
        metrics.failed(appId, outcome.failure.cause);
        this.#backOff(state);
        state.fruitless = outcome.delivered > 0 ? 0 : state.fruitless + 1;
        this.#deps.logger.debug({ appId, delivered: outcome.delivered, failures: state.failures, throttled: outcome.failure.throttled, reason: outcome.failure.reason }, 'event stream delivery failed; retrying later');
        if (outcome.delivered > 0) await this.#setHealth(stream, 'HEALTHY', undefined);
        else if (state.fruitless >= this.#settings.unhealthyAfterFailures) await this.#setHealth(stream, 'UNHEALTHY', outcome.failure.reason);
        return 'failed';
      }
      if (this.#closed) return 'done';
      rows = await repository.claim(tenant, appId, this.#settings.claimLimit);
    }
    this.#succeeded(state);
    await this.#setHealth(stream, 'HEALTHY', undefined);
    return 'done';
  }

  async #pruneIfDue(stream: EventStreamState, state: StreamState): Promise<void> {
    const now = this.#now();
    if (now.getTime() - state.lastPruneAt < this.#settings.pruneIntervalMs) return;
    state.lastPruneAt = now.getTime();
    const dropped = await this.#deps.repository.prune(stream.tenant, stream.applicationId, new Date(now.getTime() - this.#settings.retentionMs));
    if (dropped === 0) return;
    this.#deps.metrics.dropped(stream.applicationId, 'retention', dropped);
    this.#deps.logger.warn(
      { appId: stream.applicationId, accountId: stream.tenant.accountId, region: stream.tenant.region, destination: stream.destinationStreamArn, records: dropped, retentionHours: this.#settings.retentionMs / 3_600_000 },
      'event stream: undelivered records older than the retention were dropped',
    );
  }

  async #setHealth(stream: EventStreamState, health: EventStreamHealth, reason: string | undefined): Promise<void> {
    const change = await this.#deps.repository.setHealth(stream.tenant, stream.applicationId, health, reason, this.#now());
    if (!change?.changed) return;
    const fields = { appId: stream.applicationId, accountId: stream.tenant.accountId, region: stream.tenant.region, destination: stream.destinationStreamArn };
    if (health === 'UNHEALTHY') this.#deps.logger.warn({ ...fields, reason }, 'event stream unhealthy: its records are kept until it delivers again');
    else if (change.previous === 'UNHEALTHY') this.#deps.logger.info(fields, 'event stream healthy again: delivering its backlog');
  }

  #succeeded(state: StreamState): void {
    state.failures = 0;
    state.fruitless = 0;
    state.retryAt = 0;
  }

  #backOff(state: StreamState): void {
    state.failures += 1;
    state.retryAt = this.#now().getTime() + fullJitterDelay(state.failures, this.#settings.baseBackoffMs, this.#settings.maxBackoffMs, this.#random);
  }

  /** The stream list could not be read: one warning until it can again. */
  #storageTrouble(error: unknown): void {
    if (this.#storageFailing) return;
    this.#storageFailing = true;
    this.#deps.logger.warn({ err: error }, 'event stream delivery: cannot list the streams; retrying');
  }

  #key(stream: EventStreamState): string {
    return JSON.stringify([stream.tenant.accountId, stream.tenant.region, stream.applicationId]);
  }

  #state(stream: EventStreamState): StreamState {
    const key = this.#key(stream);
    let state = this.#states.get(key);
    if (!state || state.lastModifiedDate !== stream.lastModifiedDate) {
      state = { appId: stream.applicationId, lastModifiedDate: stream.lastModifiedDate, failures: 0, fruitless: 0, retryAt: 0, lastPruneAt: Number.NEGATIVE_INFINITY, erroring: false };
      this.#states.set(key, state);
    }
    return state;
  }
}

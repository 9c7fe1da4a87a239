import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import { createEventIdGenerator } from '../../observability/audit-event-id.ts';
import type { DialectSpecifics } from '../dialect.ts';
import type {
  EventStreamConfig,
  EventStreamHealth,
  EventStreamsRepository,
  EventStreamState,
  HealthChange,
  LeaseResult,
  OutboxBacklog,
  OutboxEntry,
  OutboxRecord,
} from '../event-streams-repository.ts';
import type { Database, EventStreamOutboxTable, EventStreamsTable } from '../schema.ts';
import { guard, StorageError } from '../storage-error.ts';
import type { Tenant } from '../tenant.ts';

/** Rows per INSERT (7 parameters each) and ids per IN list: well within both dialects' limits. */
const CHUNK = 200;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

function health(appId: string, value: string): EventStreamHealth {
  if (value === 'HEALTHY' || value === 'UNHEALTHY') return value;
  throw new StorageError('eventStreams.health', `stored health of the event stream of app ${appId} is '${value}', not HEALTHY or UNHEALTHY`);
}

function toState(row: Selectable<EventStreamsTable>): EventStreamState {
  return {
    tenant: { accountId: row.account_id, region: row.region },
    applicationId: row.app_id,
    destinationStreamArn: row.destination_stream_arn,
    roleArn: row.role_arn,
    externalId: row.external_id ?? undefined,
    lastModifiedDate: row.last_modified_date,
    lastUpdatedBy: row.last_updated_by,
    health: health(row.app_id, row.health),
    healthReason: row.health_reason ?? undefined,
    healthSince: row.health_since ?? undefined,
    lastDeliveryDate: row.last_delivery_date ?? undefined,
  };
}

function toOutboxRecord(row: Pick<Selectable<EventStreamOutboxTable>, 'id' | 'partition_key' | 'record' | 'enqueued_date' | 'attempts'>): OutboxRecord {
  return { id: row.id, partitionKey: row.partition_key, record: row.record, enqueuedDate: row.enqueued_date, attempts: Number(row.attempts) };
}

function limitProblem(what: string, limit: number): RangeError | undefined {
  return Number.isSafeInteger(limit) && limit >= 1 ? undefined : new RangeError(`${what}: limit must be a positive integer, got ${limit}`);
}

export class SqlEventStreamsRepository implements EventStreamsRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;
  /** Leases held by this process (both dialects; on PostgreSQL also the advisory lock). */
  readonly #leases = new Set<string>();
  readonly #newId = createEventIdGenerator();

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#db = db;
    this.#dialect = dialect;
  }

  /**
   * On PostgreSQL, a FOR SHARE lock on the row read (the app for put, the stream for enqueue): a
   * concurrent delete of that row waits for this transaction, then sees (and deletes) what it
   * wrote, so nothing is left orphaned. SQLite's BEGIN IMMEDIATE already serializes writers.
   */
  #shared<Q extends { forShare(): Q }>(query: Q): Q {
    return this.#dialect.name === 'postgres' ? query.forShare() : query;
  }

  put(tenant: Tenant, stream: EventStreamConfig): Promise<boolean> {
    return guard('eventStreams.put', () =>
      this.#db.transaction().execute(async (trx) => {
        const app = await this.#shared(
          trx.selectFrom('apps').select('id').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('id', '=', stream.applicationId),
        ).executeTakeFirst();
        if (!app) return false;
        const config = {
          destination_stream_arn: stream.destinationStreamArn,
          role_arn: stream.roleArn,
          external_id: stream.externalId ?? null,
          last_modified_date: stream.lastModifiedDate,
          last_updated_by: stream.lastUpdatedBy,
        };
        const reset = { health: 'HEALTHY', health_reason: null, health_since: null };
        await trx
          .insertInto('event_streams')
          .values({ account_id: tenant.accountId, region: tenant.region, app_id: stream.applicationId, ...config, ...reset })
          .onConflict((conflict) => conflict.columns(['account_id', 'region', 'app_id']).doUpdateSet({ ...config, ...reset }))
          .execute();
        return true;
      }),
    );
  }

  get(tenant: Tenant, appId: string): Promise<EventStreamState | undefined> {
    return guard('eventStreams.get', async () => {
      const row = await this.#db
        .selectFrom('event_streams')
        .selectAll()
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .executeTakeFirst();
      return row && toState(row);
    });
  }

  delete(tenant: Tenant, appId: string): Promise<EventStreamState | undefined> {
    return guard('eventStreams.delete', () =>
      this.#db.transaction().execute(async (trx) => {
        const row = await trx
          .deleteFrom('event_streams')
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('app_id', '=', appId)
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        await trx.deleteFrom('event_stream_outbox').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', appId).execute();
        return toState(row);
      }),
    );
  }

  list(): Promise<EventStreamState[]> {
    return guard('eventStreams.list', async () => {
      const rows = await this.#db.selectFrom('event_streams').selectAll().orderBy('account_id').orderBy('region').orderBy('app_id').execute();
      return rows.map(toState);
    });
  }

  setHealth(tenant: Tenant, appId: string, next: EventStreamHealth, reason: string | undefined, at: Date): Promise<HealthChange | undefined> {
    return guard('eventStreams.setHealth', () =>
      this.#db.transaction().execute(async (trx) => {
        let query = trx
          .selectFrom('event_streams')
          .select(['health', 'health_reason'])
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('app_id', '=', appId);
        if (this.#dialect.name === 'postgres') query = query.forUpdate();
        const row = await query.executeTakeFirst();
        if (!row) return undefined;
        const previous = health(appId, row.health);
        const storedReason = next === 'HEALTHY' ? null : (reason ?? null);
        const changed = previous !== next || row.health_reason !== storedReason;
        if (changed) {
          await trx
            .updateTable('event_streams')
            .set({ health: next, health_reason: storedReason, ...(previous !== next ? { health_since: at.toISOString() } : {}) })
            .where('account_id', '=', tenant.accountId)
            .where('region', '=', tenant.region)
            .where('app_id', '=', appId)
            .execute();
        }
        return { changed, previous };
      }),
    );
  }

  enqueue(tenant: Tenant, appId: string, entries: readonly OutboxEntry[]): Promise<number> {
    for (const entry of entries) {
      if (typeof entry.partitionKey !== 'string' || entry.partitionKey === '') return Promise.reject(new RangeError('eventStreams.enqueue: every entry needs a non-empty partitionKey (the endpoint id)'));
      if (typeof entry.record !== 'string') return Promise.reject(new RangeError('eventStreams.enqueue: every entry needs its record as JSON text'));
    }
    if (entries.length === 0) return Promise.resolve(0);
    const now = new Date().toISOString();
    const rows: Insertable<EventStreamOutboxTable>[] = entries.map((entry) => ({
      id: entry.id ?? this.#newId(),
      account_id: tenant.accountId,
      region: tenant.region,
      app_id: appId,
      partition_key: entry.partitionKey,
      record: entry.record,
      enqueued_date: entry.enqueuedDate ?? now,
      attempts: 0,
    }));
    return guard('eventStreams.enqueue', () =>
      this.#db.transaction().execute(async (trx) => {
        const stream = await this.#shared(
          trx.selectFrom('event_streams').select('app_id').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', appId),
        ).executeTakeFirst();
        if (!stream) return 0;
        for (const chunk of chunks(rows)) await trx.insertInto('event_stream_outbox').values(chunk).execute();
        return rows.length;
      }),
    );
  }

  claim(tenant: Tenant, appId: string, limit: number): Promise<OutboxRecord[]> {
    const problem = limitProblem('eventStreams.claim', limit);
    if (problem) return Promise.reject(problem);
    return guard('eventStreams.claim', async () => {
      const rows = await this.#db
        .selectFrom('event_stream_outbox')
        .select(['id', 'partition_key', 'record', 'enqueued_date', 'attempts'])
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toOutboxRecord);
    });
  }

  acknowledge(tenant: Tenant, appId: string, ids: readonly string[], deliveredAt: Date): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return guard('eventStreams.acknowledge', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#deleteIds(trx, tenant, appId, ids);
        await trx
          .updateTable('event_streams')
          .set({ last_delivery_date: deliveredAt.toISOString() })
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('app_id', '=', appId)
          .execute();
      }),
    );
  }

  bumpAttempts(tenant: Tenant, appId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return guard('eventStreams.bumpAttempts', () =>
      this.#db.transaction().execute(async (trx) => {
        for (const chunk of chunks(ids)) {
          await trx
            .updateTable('event_stream_outbox')
            .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
            .where('account_id', '=', tenant.accountId)
            .where('region', '=', tenant.region)
            .where('app_id', '=', appId)
            .where('id', 'in', chunk)
            .execute();
        }
      }),
    );
  }

  discard(tenant: Tenant, appId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return guard('eventStreams.discard', () => this.#db.transaction().execute((trx) => this.#deleteIds(trx, tenant, appId, ids)));
  }

  async #deleteIds(trx: Transaction<Database>, tenant: Tenant, appId: string, ids: readonly string[]): Promise<void> {
    for (const chunk of chunks(ids)) {
      await trx
        .deleteFrom('event_stream_outbox')
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('id', 'in', chunk)
        .execute();
    }
  }

  backlog(tenant: Tenant, appId: string): Promise<OutboxBacklog> {
    return guard('eventStreams.backlog', async () => {
      const scope = this.#db
        .selectFrom('event_stream_outbox')
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId);
      const counted = await scope.select((eb) => eb.fn.countAll<number | string | bigint>().as('count')).executeTakeFirst();
      const count = Number(counted?.count ?? 0);
      if (count === 0) return { count: 0, oldestEnqueuedDate: undefined };
      // The first in id order, through the (tenant, app, id) index: no scan for the minimum.
      const oldest = await scope.select('enqueued_date').orderBy('id').limit(1).executeTakeFirst();
      return { count, oldestEnqueuedDate: oldest?.enqueued_date };
    });
  }

  prune(tenant: Tenant, appId: string, olderThan: Date): Promise<number> {
    if (!(olderThan instanceof Date) || Number.isNaN(olderThan.getTime())) return Promise.reject(new RangeError('eventStreams.prune: olderThan must be a valid Date'));
    return guard('eventStreams.prune', async () => {
      const result = await this.#db
        .deleteFrom('event_stream_outbox')
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('enqueued_date', '<', olderThan.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  async withDeliveryLease<T>(tenant: Tenant, appId: string, fn: () => Promise<T>): Promise<LeaseResult<T>> {
    const key = JSON.stringify(['event-stream-delivery', tenant.accountId, tenant.region, appId]);
    if (this.#leases.has(key)) return { acquired: false };
    this.#leases.add(key);
    try {
      if (this.#dialect.name !== 'postgres') return { acquired: true, value: await fn() };
      // A session-level advisory lock lives as long as the connection that took it: the reserved
      // connection is held until fn ends, and a crashed process's lock goes with its connection.
      return await this.#db.connection().execute(async (connection) => {
        const locked = await guard('eventStreams.lease', () =>
          sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as locked`.execute(connection),
        );
        if (locked.rows[0]?.locked !== true) return { acquired: false } as const;
        try {
          return { acquired: true, value: await fn() } as const;
        } finally {
          await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(connection).catch(() => undefined);
        }
      });
    } finally {
      this.#leases.delete(key);
    }
  }
}

import type { Kysely, Selectable } from 'kysely';
import type { AttributeType, StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { DialectSpecifics } from '../dialect.ts';
import { LIST_SCAN_LIMIT } from '../endpoints-repository.ts';
import type { EndpointFilter, EndpointsRepository, EndpointWrite } from '../endpoints-repository.ts';
import { PreparedQuery } from '../prepared-query.ts';
import type { Database, EndpointsTable } from '../schema.ts';
import { prunePerProject } from '../prune-per-project.ts';
import { guard } from '../storage-error.ts';
import type { Tenant } from '../tenant.ts';
import { AttributeRegistry } from './attribute-registry.ts';
import { ENDPOINT_READ_COLUMNS, endpointLockKey, toEndpointRow, toStoredEndpoint } from './endpoint-rows.ts';
import type { EndpointReadRow } from './endpoint-rows.ts';
import { BulkSql } from './bulk-sql.ts';
import { writeEndpoints } from './write-endpoints.ts';
import type { WriteTools } from './write-endpoints.ts';

/** Events deleted per statement while pruning, so a prune never holds the write lock for long. */
const EVENT_PRUNE_CHUNK = 1_000;

/** Endpoints rewritten per transaction when attributes are removed from a whole project. */
const REMOVE_PAGE = 500;

export class SqlEndpointsRepository implements EndpointsRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;
  readonly #registry: AttributeRegistry;
  readonly #tools: WriteTools;
  readonly #getById: PreparedQuery<[string, string, string, string], EndpointReadRow>;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#db = db;
    this.#dialect = dialect;
    this.#registry = new AttributeRegistry(dialect);
    this.#tools = { dialect, registry: this.#registry, sql: new BulkSql(dialect) };
    this.#getById = new PreparedQuery(
      db as unknown as Kysely<never>,
      (accountId: string, region: string, appId: string, id: string) =>
        db
          .selectFrom('endpoints')
          .select(ENDPOINT_READ_COLUMNS)
          .where('account_id', '=', accountId)
          .where('region', '=', region)
          .where('app_id', '=', appId)
          .where('id', '=', id),
      dialect,
    );
  }

  /** Errors thrown by the caller's callbacks (a refusal) leave as they are, not as StorageErrors. */
  async write(tenant: Tenant, write: EndpointWrite): Promise<StoredEndpoint[]> {
    let refusal: { error: unknown } | undefined;
    const callbacks: EndpointWrite = {
      ...write,
      merge: (existing) => this.#refusable(() => write.merge(existing), (error) => (refusal = { error })),
      enforceUserLimit: (...args) => this.#refusable(() => write.enforceUserLimit(...args), (error) => (refusal = { error })),
      ...(write.events ? { events: (merged, existing) => this.#refusable(() => write.events!(merged, existing), (error) => (refusal = { error })) } : {}),
    };
    try {
      const modifiedDate = new Date().toISOString();
      const stored = await guard('endpoints.write', () => this.#db.transaction().execute((trx) => writeEndpoints(trx, this.#tools, tenant, callbacks, modifiedDate)));
      this.#dialect.noteWrites(this.#db, 'endpoints', stored.length);
      return stored;
    } catch (error) {
      if (refusal) throw refusal.error;
      throw error;
    }
  }

  #refusable<T>(fn: () => T, keep: (error: unknown) => void): T {
    try {
      return fn();
    } catch (error) {
      keep(error);
      throw error;
    }
  }

  get(tenant: Tenant, appId: string, id: string): Promise<StoredEndpoint | undefined> {
    return guard('endpoints.get', async () => {
      const [row] = await this.#getById.execute(tenant.accountId, tenant.region, appId, id);
      return row && toStoredEndpoint(row);
    });
  }

  delete(tenant: Tenant, appId: string, id: string): Promise<StoredEndpoint | undefined> {
    return guard('endpoints.delete', async () => {
      const row = await this.#db
        .deleteFrom('endpoints')
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('id', '=', id)
        .returning(ENDPOINT_READ_COLUMNS)
        .executeTakeFirst();
      return row && toStoredEndpoint(row);
    });
  }

  listByUser(tenant: Tenant, appId: string, userId: string): Promise<StoredEndpoint[]> {
    return guard('endpoints.listByUser', async () => {
      const rows = await this.#db
        .selectFrom('endpoints')
        .select(ENDPOINT_READ_COLUMNS)
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('user_id', '=', userId)
        .orderBy('creation_date')
        .orderBy('id')
        .execute();
      return rows.map(toStoredEndpoint);
    });
  }

  markInactive(tenant: Tenant, appId: string, ids: readonly string[], modifiedDate: string): Promise<string[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return guard('endpoints.markInactive', async () => {
      const rows = await this.#db
        .updateTable('endpoints')
        .set({ endpoint_status: 'INACTIVE', modified_date: modifiedDate })
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('id', 'in', [...ids])
        .where('endpoint_status', '=', 'ACTIVE')
        .returning('id')
        .execute();
      return rows.map((row) => row.id);
    });
  }

  setAddressOptOut(tenant: Tenant, channelTypes: readonly string[], address: string, optOut: 'ALL' | 'NONE', modifiedDate: string, appId?: string): Promise<{ appId: string; id: string }[]> {
    if (channelTypes.length === 0) return Promise.resolve([]);
    return guard('endpoints.setAddressOptOut', async () => {
      let query = this.#db.updateTable('endpoints');
      if (appId !== undefined) query = query.where('app_id', '=', appId);
      const rows = await query
        .set({ opt_out: optOut, modified_date: modifiedDate })
        .where('address', '=', address)
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('channel_type', 'in', [...channelTypes])
        .where('opt_out', '<>', optOut)
        .returning(['app_id', 'id'])
        .execute();
      return rows.map((row) => ({ appId: row.app_id, id: row.id }));
    });
  }

  deleteByUser(tenant: Tenant, appId: string, userId: string): Promise<StoredEndpoint[]> {
    return guard('endpoints.deleteByUser', async () => {
      const rows = await this.#db
        .deleteFrom('endpoints')
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('user_id', '=', userId)
        .returning([...ENDPOINT_READ_COLUMNS, 'creation_date'])
        .execute();
      return rows
        .sort((a, b) => (a.creation_date < b.creation_date ? -1 : a.creation_date > b.creation_date ? 1 : a.id < b.id ? -1 : 1))
        .map(toStoredEndpoint);
    });
  }

  list(tenant: Tenant, appId: string, filter: EndpointFilter, page: { limit: number; after?: string }): Promise<{ endpoints: StoredEndpoint[]; scannedThrough?: string }> {
    if (!Number.isSafeInteger(page.limit) || page.limit < 1) {
      return Promise.reject(new RangeError(`endpoints.list: limit must be a positive integer, got ${page.limit}`));
    }
    return guard('endpoints.list', async () => {
      let query = this.#db
        .selectFrom('endpoints')
        .select(ENDPOINT_READ_COLUMNS)
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId);
      if (page.after !== undefined) query = query.where('id', '>', page.after);
      if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
      if (filter.channelType !== undefined) query = query.where('channel_type', '=', filter.channelType);
      if (filter.optOut !== undefined) query = query.where('opt_out', '=', filter.optOut);
      if (filter.endpointStatus !== undefined) query = query.where('endpoint_status', '=', filter.endpointStatus);
      if (filter.attribute === undefined) {
        const rows = await query.orderBy('id').limit(page.limit).execute();
        return { endpoints: rows.map(toStoredEndpoint) };
      }
      // The attribute filter reads the documents: scan in id order until the page is full or
      // LIST_SCAN_LIMIT endpoints were examined.
      const { name, values } = filter.attribute;
      const found: StoredEndpoint[] = [];
      let after = page.after;
      let scanned = 0;
      for (;;) {
        const scan = after === undefined ? query : query.where('id', '>', after);
        const rows = await scan.orderBy('id').limit(Math.min(REMOVE_PAGE, LIST_SCAN_LIMIT - scanned)).execute();
        for (const row of rows) {
          const endpoint = toStoredEndpoint(row);
          const attributes = endpoint.Attributes;
          // hasOwn: a filter on "constructor" or "__proto__" must not reach Object.prototype.
          if (attributes && Object.hasOwn(attributes, name) && attributes[name]!.some((value) => values.includes(value))) found.push(endpoint);
          if (found.length === page.limit) return { endpoints: found };
        }
        scanned += rows.length;
        if (rows.length === 0) return { endpoints: found };
        after = rows[rows.length - 1]!.id;
        if (scanned >= LIST_SCAN_LIMIT) return { endpoints: found, scannedThrough: after };
      }
    });
  }

  attributeNames(tenant: Tenant, appId: string, type: AttributeType): Promise<string[]> {
    return guard('endpoints.attributeNames', () => AttributeRegistry.names(this.#db, tenant, appId, type));
  }

  removeAttributes(tenant: Tenant, appId: string, type: AttributeType, names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return Promise.resolve([]);
    const remove = new Set(names);
    const strip = (endpoint: StoredEndpoint): boolean => {
      const map = type === 'endpoint-custom-attributes' ? endpoint.Attributes : type === 'endpoint-metric-attributes' ? endpoint.Metrics : endpoint.User?.UserAttributes;
      if (!map || !Object.keys(map).some((name) => remove.has(name))) return false;
      for (const name of remove) delete (map as Record<string, unknown>)[name];
      if (Object.keys(map).length > 0) return true;
      if (type === 'endpoint-custom-attributes') delete endpoint.Attributes;
      else if (type === 'endpoint-metric-attributes') delete endpoint.Metrics;
      else delete endpoint.User!.UserAttributes;
      return true;
    };
    return guard('endpoints.removeAttributes', async () => {
      // The names leave the registry first (see AttributeRegistry.remove), then every endpoint,
      // page by page, each in its own transaction: a large project is never held in memory or
      // behind one long write lock. After a crash half-way, calling RemoveAttributes again with the
      // exact names finishes the job (exact names are stripped even when no longer registered).
      const removed = await this.#db.transaction().execute((trx) => this.#registry.remove(trx, tenant, appId, type, names));
      let after = '';
      for (;;) {
        const done = await this.#db.transaction().execute(async (trx) => {
          const page = await trx
            .selectFrom('endpoints')
            .select('id')
            .where('account_id', '=', tenant.accountId)
            .where('region', '=', tenant.region)
            .where('app_id', '=', appId)
            .where('id', '>', after)
            .orderBy('id')
            .limit(REMOVE_PAGE)
            .execute();
          if (page.length === 0) return true;
          const ids = page.map((row) => row.id);
          // Concurrent endpoint writes take the same per-endpoint locks: no update is lost.
          await this.#dialect.lockKeys(trx, ids.map((id) => endpointLockKey(tenant, appId, id)));
          const rows = await trx
            .selectFrom('endpoints')
            .select([...ENDPOINT_READ_COLUMNS, 'modified_date'])
            .where('account_id', '=', tenant.accountId)
            .where('region', '=', tenant.region)
            .where('app_id', '=', appId)
            .where('id', 'in', ids)
            .execute();
          for (const row of rows) {
            const endpoint = toStoredEndpoint(row);
            if (!strip(endpoint)) continue;
            const { document } = toEndpointRow(tenant, appId, endpoint, row.modified_date) as Pick<Selectable<EndpointsTable>, 'document'>;
            await trx
              .updateTable('endpoints')
              .set({ document })
              .where('account_id', '=', tenant.accountId)
              .where('region', '=', tenant.region)
              .where('app_id', '=', appId)
              .where('id', '=', row.id)
              .execute();
          }
          after = ids[ids.length - 1]!;
          return page.length < REMOVE_PAGE;
        });
        if (done) break;
      }
      return removed;
    });
  }

  pruneEvents(olderThan: Date): Promise<number> {
    const ms = olderThan.getTime();
    if (!Number.isFinite(ms) || ms < 0) return Promise.reject(new RangeError('endpoints.pruneEvents: olderThan must be a valid date'));
    // Event ids are UUID v7: their text sorts by arrival time, so "arrived before" is an id range
    // of each project's primary key; no index on arrival time is kept for this hourly job.
    const time = ms.toString(16).padStart(12, '0');
    const cutoff = `${time.slice(0, 8)}-${time.slice(8, 12)}-0000-0000-000000000000`;
    return guard('endpoints.pruneEvents', () =>
      prunePerProject(this.#db, { table: 'event_log', arrival: 'id' }, cutoff, EVENT_PRUNE_CHUNK),
    );
  }
}

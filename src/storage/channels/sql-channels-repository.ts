import type { Kysely, Selectable, Transaction } from 'kysely';
import { CHANNEL_KINDS, isChannelKind } from '../channels-repository.ts';
import type { ChannelKind, ChannelRecord, ChannelsRepository, ChannelWrite, SealedChannelCredentials } from '../channels-repository.ts';
import type { DialectSpecifics } from '../dialect.ts';
import { ProjectMissingError } from '../endpoints-repository.ts';
import type { ChannelsTable, Database } from '../schema.ts';
import { guard, StorageError } from '../storage-error.ts';
import type { Tenant } from '../tenant.ts';

type Queryable = Kysely<Database> | Transaction<Database>;

function kindOf(row: Pick<Selectable<ChannelsTable>, 'app_id' | 'channel_type'>): ChannelKind {
  if (isChannelKind(row.channel_type)) return row.channel_type;
  throw new StorageError('channels.read', `stored channel of app ${row.app_id} has unknown type '${row.channel_type}'`);
}

function toRecord(row: Selectable<ChannelsTable>): ChannelRecord {
  let settings: unknown;
  try {
    settings = JSON.parse(row.settings);
  } catch (error) {
    throw new StorageError('channels.read', `stored settings of the ${row.channel_type} channel of app ${row.app_id} are not valid JSON`, { cause: error });
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new StorageError('channels.read', `stored settings of the ${row.channel_type} channel of app ${row.app_id} are not a JSON object`);
  }
  return {
    appId: row.app_id,
    kind: kindOf(row),
    enabled: Number(row.enabled) === 1,
    settings: settings as Record<string, unknown>,
    ...(row.credentials_sealed === null ? {} : { credentialsSealed: row.credentials_sealed }),
    version: Number(row.version),
    creationDate: row.creation_date,
    lastModifiedDate: row.last_modified_date,
    lastModifiedBy: row.last_modified_by,
  };
}

function channelLockKey(tenant: Tenant, appId: string, kind: ChannelKind): string {
  return JSON.stringify(['channel', tenant.accountId, tenant.region, appId, kind]);
}

export class SqlChannelsRepository implements ChannelsRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#db = db;
    this.#dialect = dialect;
  }

  get(tenant: Tenant, appId: string, kind: ChannelKind): Promise<ChannelRecord | undefined> {
    return guard('channels.get', async () => {
      const row = await this.#scoped(this.#db, tenant, appId).where('channel_type', '=', kind).executeTakeFirst();
      return row && toRecord(row);
    });
  }

  list(tenant: Tenant, appId: string): Promise<ChannelRecord[]> {
    return guard('channels.list', async () => {
      const rows = await this.#scoped(this.#db, tenant, appId).execute();
      return rows.map(toRecord).sort((a, b) => CHANNEL_KINDS.indexOf(a.kind) - CHANNEL_KINDS.indexOf(b.kind));
    });
  }

  async put(tenant: Tenant, appId: string, kind: ChannelKind, next: (current: ChannelRecord | undefined) => ChannelWrite, now: string): Promise<ChannelRecord> {
    // A refusal thrown by `next` leaves as it is, not wrapped as a StorageError.
    let refusal: { error: unknown } | undefined;
    try {
      return await guard('channels.put', () =>
        this.#db.transaction().execute(async (trx) => {
          await this.#requireApp(trx, tenant, appId);
          await this.#dialect.lockKey(trx, channelLockKey(tenant, appId, kind));
          const row = await this.#scoped(trx, tenant, appId).where('channel_type', '=', kind).executeTakeFirst();
          const current = row && toRecord(row);
          let write: ChannelWrite;
          try {
            write = next(current);
          } catch (error) {
            refusal = { error };
            throw error;
          }
          const record: ChannelRecord = {
            appId,
            kind,
            enabled: write.enabled,
            settings: write.settings,
            ...(write.credentialsSealed === undefined ? {} : { credentialsSealed: write.credentialsSealed }),
            version: (current?.version ?? 0) + 1,
            creationDate: current?.creationDate ?? now,
            lastModifiedDate: now,
            lastModifiedBy: write.lastModifiedBy,
          };
          const columns = {
            enabled: record.enabled ? 1 : 0,
            settings: JSON.stringify(record.settings),
            credentials_sealed: record.credentialsSealed ?? null,
            version: record.version,
            creation_date: record.creationDate,
            last_modified_date: record.lastModifiedDate,
            last_modified_by: record.lastModifiedBy,
          };
          if (current) {
            await trx
              .updateTable('channels')
              .set(columns)
              .where('account_id', '=', tenant.accountId)
              .where('region', '=', tenant.region)
              .where('app_id', '=', appId)
              .where('channel_type', '=', kind)
              .execute();
          } else {
            await trx.insertInto('channels').values({ account_id: tenant.accountId, region: tenant.region, app_id: appId, channel_type: kind, ...columns }).execute();
          }
          return record;
        }),
      );
    } catch (error) {
      if (refusal) throw refusal.error;
      throw error;
    }
  }

  delete(tenant: Tenant, appId: string, kind: ChannelKind): Promise<ChannelRecord | undefined> {
    return guard('channels.delete', async () => {
      const row = await this.#db
        .deleteFrom('channels')
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('channel_type', '=', kind)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    });
  }

  sealedCredentials(): Promise<SealedChannelCredentials[]> {
    return guard('channels.sealedCredentials', async () => {
      const rows = await this.#db
        .selectFrom('channels')
        .select(['account_id', 'region', 'app_id', 'channel_type', 'credentials_sealed'])
        .where('credentials_sealed', 'is not', null)
        .orderBy('account_id')
        .orderBy('region')
        .orderBy('app_id')
        .orderBy('channel_type')
        .execute();
      return rows.map((row) => ({
        tenant: { accountId: row.account_id, region: row.region },
        appId: row.app_id,
        kind: kindOf(row),
        credentialsSealed: row.credentials_sealed!,
      }));
    });
  }

  /** A compare-and-set: one UPDATE … WHERE credentials_sealed = expected, atomic on both dialects. */
  resealCredentials(tenant: Tenant, appId: string, kind: ChannelKind, expected: string, replacement: string): Promise<boolean> {
    return guard('channels.resealCredentials', async () => {
      const result = await this.#db
        .updateTable('channels')
        .set({ credentials_sealed: replacement })
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('channel_type', '=', kind)
        .where('credentials_sealed', '=', expected)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  #scoped(db: Queryable, tenant: Tenant, appId: string) {
    return db.selectFrom('channels').selectAll().where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', appId);
  }

  async #requireApp(trx: Transaction<Database>, tenant: Tenant, appId: string): Promise<void> {
    // The project must exist and stay until this commits (PostgreSQL: a row share lock that a
    // concurrent DeleteApp waits for; SQLite: the single write lock).
    let query = trx.selectFrom('apps').select('id').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('id', '=', appId);
    if (this.#dialect.name === 'postgres') query = query.forShare();
    if (!(await query.executeTakeFirst())) throw new ProjectMissingError(appId);
  }
}

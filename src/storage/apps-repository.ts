import type { Kysely, Selectable } from 'kysely';
import type { DialectSpecifics } from './dialect.ts';
import type { AppCursor, AppRecord, AppSettingsRecord, AppsRepository } from './repositories.ts';
import type { AppsTable, Database } from './schema.ts';
import { PreparedQuery } from './prepared-query.ts';
import { guard, StorageError } from './storage-error.ts';
import { upsertTags } from './tags-repository.ts';
import type { Tenant } from './tenant.ts';

type SettingsPatch = Omit<AppSettingsRecord, 'applicationId' | 'lastModifiedDate'>;

const APP_COLUMNS = ['id', 'name', 'arn', 'creation_date'] as const;

function toAppRecord(row: Pick<Selectable<AppsTable>, (typeof APP_COLUMNS)[number]>): AppRecord {
  return { id: row.id, name: row.name, arn: row.arn, creationDate: row.creation_date };
}

function parseSettings(id: string, text: string): SettingsPatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StorageError('apps.settings', `stored settings of app ${id} are not valid JSON`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StorageError('apps.settings', `stored settings of app ${id} are not a JSON object`);
  }
  return parsed as SettingsPatch;
}

function toSettingsRecord(id: string, text: string, lastModifiedDate: string): AppSettingsRecord {
  return { ...parseSettings(id, text), applicationId: id, lastModifiedDate };
}

/** The number of Unicode code points, which is what substr() counts on both dialects. */
function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export class SqlAppsRepository implements AppsRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;

  /** The hot read (every request naming an app), compiled once. */
  readonly #getById: PreparedQuery<[string, string, string], Pick<Selectable<AppsTable>, (typeof APP_COLUMNS)[number]>>;

  /** The app with its tags in one statement (GetApp and friends answer with both). */
  readonly #getWithTags: PreparedQuery<[string, string, string], Pick<Selectable<AppsTable>, (typeof APP_COLUMNS)[number]> & { tag_key: string | null; tag_value: string | null }>;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#getWithTags = new PreparedQuery(
      db as unknown as Kysely<never>,
      (accountId: string, region: string, id: string) =>
        db
          .selectFrom('apps as a')
          .leftJoin('resource_tags as t', (join) =>
            join.onRef('t.account_id', '=', 'a.account_id').onRef('t.region', '=', 'a.region').onRef('t.resource_arn', '=', 'a.arn'),
          )
          .select(['a.id', 'a.name', 'a.arn', 'a.creation_date', 't.tag_key', 't.tag_value'])
          .where('a.account_id', '=', accountId)
          .where('a.region', '=', region)
          .where('a.id', '=', id)
          .orderBy('t.tag_key'),
      dialect,
    );
    this.#db = db;
    this.#dialect = dialect;
    this.#getById = new PreparedQuery(db as unknown as Kysely<never>, (accountId: string, region: string, id: string) =>
      db
        .selectFrom('apps')
        .select(APP_COLUMNS)
        .where('account_id', '=', accountId)
        .where('region', '=', region)
        .where('id', '=', id),
      dialect,
    );
  }

  /** The initial settings are empty, with lastModifiedDate equal to the app's creationDate. */
  create(tenant: Tenant, app: AppRecord, tags: Record<string, string>): Promise<void> {
    return guard('apps.create', () =>
      this.#db.transaction().execute(async (trx) => {
        await trx
          .insertInto('apps')
          .values({
            account_id: tenant.accountId,
            region: tenant.region,
            id: app.id,
            name: app.name,
            arn: app.arn,
            creation_date: app.creationDate,
            settings: '{}',
            settings_last_modified: app.creationDate,
          })
          .execute();
        await upsertTags(trx, tenant, app.arn, tags);
      }),
    );
  }

  get(tenant: Tenant, id: string): Promise<AppRecord | undefined> {
    return guard('apps.get', async () => {
      const [row] = await this.#getById.execute(tenant.accountId, tenant.region, id);
      return row && toAppRecord(row);
    });
  }

  getWithTags(tenant: Tenant, id: string): Promise<{ app: AppRecord; tags: Record<string, string> } | undefined> {
    return guard('apps.getWithTags', async () => {
      const rows = await this.#getWithTags.execute(tenant.accountId, tenant.region, id);
      const first = rows[0];
      if (!first) return undefined;
      // fromEntries defines own properties, so a tag key such as "__proto__" stays a plain key.
      const tags = Object.fromEntries(rows.filter((row) => row.tag_key !== null).map((row) => [row.tag_key!, row.tag_value!]));
      return { app: toAppRecord(first), tags };
    });
  }

  list(tenant: Tenant, options: { limit: number; after?: AppCursor }): Promise<AppRecord[]> {
    const { limit, after } = options;
    if (!Number.isSafeInteger(limit) || limit < 1) {
      return Promise.reject(new RangeError(`apps.list: limit must be a positive integer, got ${limit}`));
    }
    return guard('apps.list', async () => {
      let query = this.#db
        .selectFrom('apps')
        .select(APP_COLUMNS)
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region);
      if (after) {
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('creation_date', 'id'), '>', tuple(after.creationDate, after.id)),
        );
      }
      const rows = await query.orderBy('creation_date').orderBy('id').limit(limit).execute();
      return rows.map(toAppRecord);
    });
  }

  delete(tenant: Tenant, id: string): Promise<AppRecord | undefined> {
    return guard('apps.delete', () =>
      this.#db.transaction().execute(async (trx) => {
        const row = await trx
          .deleteFrom('apps')
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('id', '=', id)
          .returning(APP_COLUMNS)
          .executeTakeFirst();
        if (!row) return undefined;
        // Everything kept per project: its audience, attribute registry, events, event stream,
        // segments, jobs, message log, channels and one-time passwords.
        for (const table of ['endpoints', 'endpoint_attribute_keys', 'event_log', 'event_streams', 'event_stream_outbox', 'segments', 'segment_versions', 'segment_members', 'jobs', 'job_pieces', 'messages', 'channels', 'otp_codes'] as const) {
          await trx.deleteFrom(table).where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', id).execute();
        }
        // Tags of the app and of every ARN under "<arn>/". A prefix comparison with substr() is
        // exact on both dialects: no LIKE wildcards to escape, no collation-dependent ranges.
        const childPrefix = `${row.arn}/`;
        const prefixLength = codePointLength(childPrefix);
        await trx
          .deleteFrom('resource_tags')
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where((eb) =>
            eb.or([
              eb('resource_arn', '=', row.arn),
              eb(eb.fn<string>('substr', ['resource_arn', eb.lit(1), eb.lit(prefixLength)]), '=', childPrefix),
            ]),
          )
          .execute();
        return toAppRecord(row);
      }),
    );
  }

  getSettings(tenant: Tenant, id: string): Promise<AppSettingsRecord | undefined> {
    return guard('apps.getSettings', async () => {
      const row = await this.#db
        .selectFrom('apps')
        .select(['settings', 'settings_last_modified'])
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toSettingsRecord(id, row.settings, row.settings_last_modified);
    });
  }

  /** A shallow merge: each defined top-level field of `patch` replaces the stored one whole. */
  updateSettings(
    tenant: Tenant,
    id: string,
    patch: SettingsPatch,
    lastModifiedDate: string,
  ): Promise<AppSettingsRecord | undefined> {
    return guard('apps.updateSettings', () =>
      this.#db.transaction().execute(async (trx) => {
        // Read-merge-write: serialize concurrent updates of this app so none is lost.
        await this.#dialect.lockKey(trx, JSON.stringify(['app', tenant.accountId, tenant.region, id]));
        const row = await trx
          .selectFrom('apps')
          .select('settings')
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('id', '=', id)
          .executeTakeFirst();
        if (!row) return undefined;
        const merged: Record<string, unknown> = { ...parseSettings(id, row.settings) };
        for (const [field, value] of Object.entries(patch)) {
          if (value === undefined || field === 'applicationId' || field === 'lastModifiedDate') continue;
          merged[field] = value;
        }
        const settings = JSON.stringify(merged);
        await trx
          .updateTable('apps')
          .set({ settings, settings_last_modified: lastModifiedDate })
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('id', '=', id)
          .execute();
        return toSettingsRecord(id, settings, lastModifiedDate);
      }),
    );
  }
}

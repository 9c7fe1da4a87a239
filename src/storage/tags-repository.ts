import type { Kysely, Transaction } from 'kysely';
import type { DialectSpecifics } from './dialect.ts';
import type { TagsRepository } from './repositories.ts';
import { TagLimitExceededError } from './repositories.ts';
import type { Database } from './schema.ts';
import { PreparedQuery } from './prepared-query.ts';
import { guard } from './storage-error.ts';
import type { Tenant } from './tenant.ts';

/** Rows per multi-row statement: 5 parameters a row stays far below every driver's limit. */
const CHUNK = 200;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Inserts or overwrites tags of one resource (no limit check); used by apps.create too. */
export async function upsertTags(
  trx: Transaction<Database>,
  tenant: Tenant,
  resourceArn: string,
  tags: Record<string, string>,
): Promise<void> {
  const rows = Object.entries(tags).map(([tagKey, tagValue]) => ({
    account_id: tenant.accountId,
    region: tenant.region,
    resource_arn: resourceArn,
    tag_key: tagKey,
    tag_value: tagValue,
  }));
  for (const chunk of chunks(rows)) {
    await trx
      .insertInto('resource_tags')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['account_id', 'region', 'resource_arn', 'tag_key'])
          .doUpdateSet((eb) => ({ tag_value: eb.ref('excluded.tag_value') })),
      )
      .execute();
  }
}

export class SqlTagsRepository implements TagsRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;

  /** The hot read (tags come with every app response), compiled once. */
  readonly #listByArn: PreparedQuery<[string, string, string], { tag_key: string; tag_value: string }>;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#db = db;
    this.#dialect = dialect;
    this.#listByArn = new PreparedQuery(db as unknown as Kysely<never>, (accountId: string, region: string, resourceArn: string) =>
      db
        .selectFrom('resource_tags')
        .select(['tag_key', 'tag_value'])
        .where('account_id', '=', accountId)
        .where('region', '=', region)
        .where('resource_arn', '=', resourceArn)
        .orderBy('tag_key'),
      dialect,
    );
  }

  list(tenant: Tenant, resourceArn: string): Promise<Record<string, string>> {
    return guard('tags.list', async () => {
      const rows = await this.#listByArn.execute(tenant.accountId, tenant.region, resourceArn);
      // fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
      return Object.fromEntries(rows.map((row) => [row.tag_key, row.tag_value]));
    });
  }

  put(tenant: Tenant, resourceArn: string, tags: Record<string, string>, limit: number): Promise<void> {
    const newKeys = Object.keys(tags);
    if (newKeys.length === 0) return Promise.resolve();
    return guard('tags.put', () =>
      this.#db.transaction().execute(async (trx) => {
        // Serialize concurrent puts on this resource so the count below stays true until commit.
        await this.#dialect.lockKey(trx, JSON.stringify(['tags', tenant.accountId, tenant.region, resourceArn]));
        const existing = await trx
          .selectFrom('resource_tags')
          .select('tag_key')
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('resource_arn', '=', resourceArn)
          .execute();
        const keys = new Set(existing.map((row) => row.tag_key));
        for (const key of newKeys) keys.add(key);
        if (keys.size > limit) throw new TagLimitExceededError(resourceArn, keys.size, limit);
        await upsertTags(trx, tenant, resourceArn, tags);
      }),
    );
  }

  remove(tenant: Tenant, resourceArn: string, keys: readonly string[]): Promise<void> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return Promise.resolve();
    return guard('tags.remove', () =>
      this.#db.transaction().execute(async (trx) => {
        for (const chunk of chunks(unique)) {
          await trx
            .deleteFrom('resource_tags')
            .where('account_id', '=', tenant.accountId)
            .where('region', '=', tenant.region)
            .where('resource_arn', '=', resourceArn)
            .where('tag_key', 'in', chunk)
            .execute();
        }
      }),
    );
  }
}

import type { Kysely } from 'kysely';
import type { MetaRepository } from './repositories.ts';
import type { Database } from './schema.ts';
import { guard, StorageError } from './storage-error.ts';

export class SqlMetaRepository implements MetaRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  get(key: string): Promise<string | undefined> {
    return guard('meta.get', () => this.#get(key));
  }

  putIfAbsent(key: string, value: string): Promise<string> {
    return guard('meta.putIfAbsent', async () => {
      // ON CONFLICT DO NOTHING waits for a concurrent inserter of the same key to commit, so the
      // read below sees whichever value won on both dialects.
      await this.#db
        .insertInto('pinion_meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const stored = await this.#get(key);
      if (stored === undefined) {
        throw new StorageError('meta.putIfAbsent', `meta key ${key} vanished right after it was written`);
      }
      return stored;
    });
  }

  replace(key: string, expected: string, value: string): Promise<boolean> {
    return guard('meta.replace', async () => {
      const result = await this.#db.updateTable('pinion_meta').set({ value }).where('key', '=', key).where('value', '=', expected).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }

  async #get(key: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('pinion_meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }
}

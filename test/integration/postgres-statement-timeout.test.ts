// PINION_DATABASE_STATEMENT_TIMEOUT_MS on a real PostgreSQL database: the server cancels a
// statement that runs longer (SQLSTATE 57014), shorter ones are untouched, and migrations run on
// connections of their own without the limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openStorage } from '../../src/storage/open-storage.ts';
import { openPostgres } from '../../src/storage/postgres-dialect.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import type { TestDatabase } from '../helpers/postgres.ts';

describe('PostgreSQL statement timeout', () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  test('a statement running past the timeout is cancelled; a shorter one completes', async () => {
    const { db } = openPostgres(database.url, undefined, 300);
    try {
      await sql`select pg_sleep(0.01)`.execute(db);
      await assert.rejects(sql`select pg_sleep(2)`.execute(db), (error: { code?: string }) => {
        assert.equal(error.code, '57014');
        return true;
      });
      // The connection is still usable.
      assert.deepEqual((await sql<{ one: number }>`select 1 as one`.execute(db)).rows, [{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  test('without a timeout nothing is cancelled', async () => {
    const { db } = openPostgres(database.url);
    try {
      await sql`select pg_sleep(0.5)`.execute(db);
    } finally {
      await db.destroy();
    }
  });

  test('a fresh database is migrated even with a 1 ms limit: migrations are not limited', async () => {
    // openStorage resolves only once every migration has been applied (a cancelled one rejects).
    const storage = await openStorage({ kind: 'postgres', url: database.url, statementTimeoutMs: 1 });
    await storage.close();
  });
});

// Long reads on SQLite run on a connection in a thread of their own (DialectSpecifics
// readInBackground), on a real database file: they answer while the event loop's connection is
// held by an open write transaction, they see committed data only, and a failing statement
// rejects with SQLite's own error. An in-memory database has no file for another thread to open,
// so it has no background reader.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openSqlite } from '../../src/storage/sqlite-dialect.ts';

describe('SQLite reads in the background', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-background-read-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('answers while the main connection holds a write transaction, with committed rows only', async () => {
    const { db, specifics } = openSqlite(join(dir, 'held.sqlite'));
    try {
      assert.ok(specifics.readInBackground, 'a file database has a background reader');
      await sql`create table counted (n integer not null)`.execute(db);
      await sql`insert into counted (n) values (1), (2), (3)`.execute(db);
      await db.transaction().execute(async (trx) => {
        await sql`insert into counted (n) values (4)`.execute(trx);
        // The main connection is inside this transaction: a read through it would wait for it
        // (or see the uncommitted row). The background reader does neither.
        const rows = await specifics.readInBackground!('select count(*) as c, sum(n) as s from counted where n > ?', [0]);
        assert.deepEqual(rows, [{ c: 3, s: 6 }]);
      });
      assert.deepEqual(await specifics.readInBackground!('select count(*) as c from counted', []), [{ c: 4 }]);
    } finally {
      specifics.dispose?.();
      await db.destroy();
    }
  });

  test("a failing statement rejects with SQLite's error; a closed database refuses", async () => {
    const { db, specifics } = openSqlite(join(dir, 'errors.sqlite'));
    try {
      await assert.rejects(specifics.readInBackground!('select * from no_such_table', []), (error: Error & { code?: string }) => {
        assert.match(error.message, /no such table: no_such_table/);
        assert.equal(error.code, 'SQLITE_ERROR');
        return true;
      });
      // The reader is read-only: it cannot be used to write.
      await sql`create table t (x integer)`.execute(db);
      await assert.rejects(specifics.readInBackground!('insert into t (x) values (1) returning x', []), /readonly|read-only/i);
    } finally {
      specifics.dispose?.();
      await db.destroy();
    }
    await assert.rejects(specifics.readInBackground!('select 1', []), /not open/);
  });

  test('an in-memory database has no background reader', async () => {
    const { db, specifics } = openSqlite(':memory:');
    try {
      assert.equal(specifics.readInBackground, undefined);
    } finally {
      specifics.dispose?.();
      await db.destroy();
    }
  });
});

// Migration 0006 rewrites endpoints.effective_date as the canonical UTC instant for rows written
// before it (the column used to keep the client's text). Run on a real SQLite file and a real
// PostgreSQL database: the rows are written as an older version left them, the database is
// taken back to just before the migration, and opening the storage applies it (and the later ones).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrations } from '../../src/storage/migrations/index.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import { openPostgres } from '../../src/storage/postgres-dialect.ts';
import { openSqlite } from '../../src/storage/sqlite-dialect.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';

const MIGRATION = '0006-canonical-effective-date';

/**
 * Takes the database back to just before MIGRATION: the migrations after it are undone (their
 * down(), newest first) and all are marked unapplied, since the migrator only applies a
 * migration that comes after every applied one.
 */
async function rewindTo(options: StorageOptions): Promise<void> {
  const opened = options.kind === 'sqlite' ? openSqlite(options.file) : openPostgres(options.url);
  try {
    const names = Object.keys(migrations).filter((name) => name >= MIGRATION).sort().reverse();
    for (const name of names) {
      if (name !== MIGRATION) await migrations[name]!.down!(opened.db);
      await sql`delete from kysely_migration where name = ${name}`.execute(opened.db);
    }
  } finally {
    opened.specifics.dispose?.();
    await opened.db.destroy();
  }
}

function suite(target: StorageTarget): void {
  describe(`migration ${MIGRATION} on ${target.kind}`, () => {
    after(() => target.cleanup());

    test('rewrites client texts with offsets, keeps canonical ones and texts that are not instants', async () => {
      const options = await target.fresh();
      await (await openStorage(options)).close();
      const rows: [string, string][] = [
        ['offset', '2026-11-23T10:00:00+02:00'],
        ['no-offset', '2026-11-23T10:00'],
        ['date', '2026-11-23'],
        ['canonical', '2026-11-23T10:00:00.000Z'],
        ['odd', 'not a date'],
      ];
      for (const [id, date] of rows) {
        await target.exec(
          options,
          `insert into endpoints (account_id, region, app_id, id, channel_type, address, user_id, opt_out, endpoint_status, creation_date, effective_date, modified_date, document)
           values ('123456789012', 'us-east-1', 'app', '${id}', 'SMS', null, null, 'NONE', 'ACTIVE', '2026-01-01T00:00:00.000Z', '${date}', '2026-01-01T00:00:00.000Z', '{"Id":"${id}"}')`,
        );
      }
      await rewindTo(options);
      const reopened = await openStorage(options);
      await reopened.close();
      const stored = Object.fromEntries((await target.query(options, 'select id, effective_date from endpoints order by id')).map((row) => [row.id, row.effective_date]));
      assert.deepEqual(stored, {
        canonical: '2026-11-23T10:00:00.000Z',
        date: '2026-11-23T00:00:00.000Z',
        'no-offset': '2026-11-23T10:00:00.000Z',
        odd: 'not a date',
        offset: '2026-11-23T08:00:00.000Z',
      });
      const applied = await target.query(options, `select name from kysely_migration where name = '${MIGRATION}'`);
      assert.equal(applied.length, 1);
    });
  });
}

const { sqlite, postgres } = storageTargets('migration-effective-date');
suite(sqlite);
suite(postgres);

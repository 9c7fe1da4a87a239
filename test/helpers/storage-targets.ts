// The two places the storage suites run on: a real SQLite file in a fresh temporary directory and a
// real PostgreSQL database created for the run (test/helpers/postgres.ts). PostgreSQL being
// unreachable makes fresh() reject, which fails the suite; nothing is skipped.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import { createTestDatabase } from './postgres.ts';

export type SqliteStorageOptions = Extract<StorageOptions, { kind: 'sqlite' }>;
export type PostgresStorageOptions = Extract<StorageOptions, { kind: 'postgres' }>;
export type Row = Record<string, unknown>;

/** A place to open storages on: a fresh database/file per call, plus raw SQL outside the storage layer. */
export interface StorageTarget<Options extends StorageOptions = StorageOptions> {
  readonly kind: Options['kind'];
  /** A new, empty database of this target (not yet migrated: openStorage does that). */
  fresh(): Promise<Options>;
  /** Runs a read-only query (SQLite opens the file read-only). */
  query(options: StorageOptions, text: string): Promise<Row[]>;
  /** Runs any statement, writes included; returns the rows of a query, [] otherwise. */
  exec(options: StorageOptions, text: string): Promise<Row[]>;
  /** Removes every database fresh() made. */
  cleanup(): Promise<void>;
}

export interface StorageTargets {
  readonly sqlite: StorageTarget<SqliteStorageOptions>;
  readonly postgres: StorageTarget<PostgresStorageOptions>;
}

function withSqlite(options: StorageOptions, readonly: boolean, fn: (db: BetterSqlite3.Database) => Row[]): Row[] {
  assert.equal(options.kind, 'sqlite');
  const db = new BetterSqlite3(options.file, readonly ? { readonly: true } : { timeout: 5_000 });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function sqliteTarget(name: string): StorageTarget<SqliteStorageOptions> {
  let dir: Promise<string> | undefined;
  let n = 0;
  return {
    kind: 'sqlite',
    async fresh() {
      dir ??= mkdtemp(join(tmpdir(), `pinion-${name}-`));
      n += 1;
      // A parent directory that does not exist yet: openStorage must create it.
      return { kind: 'sqlite', file: join(await dir, `db-${n}`, 'nested', 'pinion.sqlite') };
    },
    async query(options, text) {
      return withSqlite(options, true, (db) => db.prepare(text).all() as Row[]);
    },
    async exec(options, text) {
      return withSqlite(options, false, (db) => {
        const statement = db.prepare(text);
        if (statement.reader) return statement.all() as Row[];
        statement.run();
        return [];
      });
    },
    async cleanup() {
      if (dir) await rm(await dir, { recursive: true, force: true });
    },
  };
}

async function postgresSql(options: StorageOptions, text: string): Promise<Row[]> {
  assert.equal(options.kind, 'postgres');
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Row[];
  } finally {
    await client.end();
  }
}

function postgresTarget(): StorageTarget<PostgresStorageOptions> {
  const drops: (() => Promise<void>)[] = [];
  return {
    kind: 'postgres',
    async fresh() {
      const database = await createTestDatabase();
      drops.push(() => database.drop());
      return { kind: 'postgres', url: database.url };
    },
    query: postgresSql,
    exec: postgresSql,
    async cleanup() {
      for (const drop of drops) await drop();
    },
  };
}

/**
 * Both targets; `name` names the SQLite temporary directory (pinion-<name>-XXXXXX). Each suite
 * calls cleanup() of the targets it used once it is done.
 */
export function storageTargets(name: string): StorageTargets {
  return { sqlite: sqliteTarget(name), postgres: postgresTarget() };
}

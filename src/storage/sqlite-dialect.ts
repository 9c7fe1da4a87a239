import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, SqliteDatabase, SqliteDialectConfig } from 'kysely';
import type { DialectSpecifics, OpenedDatabase } from './dialect.ts';
import type { Database } from './schema.ts';

/** How long a connection waits for another process's write lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * Write transactions start with BEGIN IMMEDIATE: the write lock is taken up front (waiting up to
 * busy_timeout for another process), so a transaction never fails half-way when it upgrades from
 * reading to writing, and a read-check-write (the tag limit) cannot interleave with another process.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * SQLite does run DDL inside transactions; saying so makes Kysely's Migrator read the migration
 * state and apply pending migrations inside one BEGIN IMMEDIATE transaction, which serializes two
 * processes starting at once on the same file.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class PinionSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** The single-row INSERT that appendRows runs once per row, skipping rows already present. */
function appendSql(table: string, columns: readonly string[], conflictColumns: readonly string[]): string {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')}) on conflict (${conflictColumns.map(quote).join(', ')}) do nothing`;
}

/**
 * A thread of its own with its own connection to the database file (the scripts beside this
 * file): each request is posted to it, and its answer settles the request's promise. An idle
 * thread does not keep the process alive.
 */
class SqliteThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  #next = 0;

  constructor(script: string, name: string, file: string) {
    this.#worker = new Worker(new URL(script, import.meta.url), { workerData: { file, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS } });
    this.#worker.unref();
    this.#worker.on('message', (reply: { id: number; ok: boolean; result?: unknown; message?: string; code?: string }) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(Object.assign(new Error(reply.message ?? `the SQLite ${name} failed`), { code: reply.code }));
    });
    this.#worker.on('error', (error) => this.#failAll(error));
    this.#worker.on('exit', (code) => this.#failAll(new Error(`the SQLite ${name} exited (${code})`)));
  }

  request(message: Record<string, unknown>): Promise<unknown> {
    const id = this.#next++;
    return new Promise<unknown>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.ref();
      this.#worker.postMessage({ ...message, id });
    }).finally(() => {
      if (this.#pending.size === 0) this.#worker.unref();
    });
  }

  close(): void {
    this.#worker.postMessage({ type: 'close' });
  }

  #failAll(error: Error): void {
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}

function sqliteSpecifics(database: BetterSqlite3.Database, file: string | undefined, reader: BetterSqlite3.Database | undefined): DialectSpecifics {
  const readStatements = new Map<string, BetterSqlite3.Statement>();
  // The append-only write path (one audit row per API request) runs on its own thread and
  // connection: SQLite's work for it then never holds up requests on the event loop. Long reads
  // get a thread of their own too, so that neither waits for the other.
  let appender: SqliteThread | undefined;
  let backgroundReader: SqliteThread | undefined;
  let disposed = false;
  const inlineInserts = new Map<string, (rows: readonly (readonly unknown[])[]) => void>();
  return {
    name: 'sqlite',
    lockKey: async () => {
      // The transaction already holds the database write lock (BEGIN IMMEDIATE).
    },
    lockKeys: async () => {
      // As lockKey.
    },
    lockKeyShared: async () => {
      // As lockKey.
    },
    tryLockKey: async () => true,
    noteWrites: () => {
      // SQLite's planner needs no statistics for these lookups.
    },
    ...(reader
      ? {
          readNow: (sql: string, parameters: readonly unknown[]) => {
            let statement = readStatements.get(sql);
            if (!statement) {
              statement = reader.prepare(sql);
              if (readStatements.size >= 128) readStatements.delete(readStatements.keys().next().value!);
              readStatements.set(sql, statement);
            }
            return statement.all(...parameters);
          },
        }
      : {}),
    ...(file !== undefined
      ? {
          readInBackground: async (sql: string, parameters: readonly unknown[]) => {
            if (disposed) throw new Error('The database connection is not open');
            backgroundReader ??= new SqliteThread('./sqlite-read-worker.mjs', 'read worker', file);
            return (await backgroundReader.request({ type: 'read', sql, parameters })) as unknown[];
          },
        }
      : {}),
    dispose: () => {
      disposed = true;
      reader?.close();
      appender?.close();
      backgroundReader?.close();
    },
    appendRows: async (db, table, columns, conflictColumns, rows) => {
      if (disposed) throw new Error('The database connection is not open');
      if (file !== undefined) {
        appender ??= new SqliteThread('./sqlite-append-worker.mjs', 'append worker', file);
        await appender.request({ type: 'append', sql: appendSql(table, columns, conflictColumns), rows });
        return;
      }
      // An in-memory database has no file another connection could open: write inline.
      const sql = appendSql(table, columns, conflictColumns);
      let insertAll = inlineInserts.get(sql);
      if (!insertAll) {
        const statement = database.prepare(sql);
        insertAll = database.transaction((all: readonly (readonly unknown[])[]) => {
          for (const row of all) statement.run(...row);
        }).immediate;
        inlineInserts.set(sql, insertAll);
      }
      const run = insertAll;
      // Holding Kysely's connection keeps this transaction from starting inside another one.
      await db.connection().execute(async () => run(rows));
    },
  };
}

function isBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && String(error.code).startsWith('SQLITE_BUSY');
}

/**
 * Switching a fresh file to WAL needs an exclusive lock, and SQLite does not always run the busy
 * handler for it: a process starting while another one creates the same file can get SQLITE_BUSY
 * at once. Retry (blocking; this runs once, at startup) until the busy timeout has passed.
 */
function enableWal(database: BetterSqlite3.Database): void {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/**
 * Kysely prepares every query anew; compiling the SQL is a large share of a simple lookup. The
 * same SQL text gets the same prepared statement back, unless that one is busy (a streamed query
 * still iterating), in which case a fresh one is prepared for this use.
 */
export function withStatementCache(database: BetterSqlite3.Database, maxStatements = 512): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare: (sql: string) => {
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (!cached) {
        if (cache.size >= maxStatements) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Opens (creating if needed, with its parent directory) a SQLite database file. */
export function openSqlite(file: string): OpenedDatabase {
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    if (!inMemory) enableWal(database);
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PinionSqliteDialect({ database: withStatementCache(database) }) });
  // A second connection for the hot reads (see DialectSpecifics.readNow); it never writes.
  let reader: BetterSqlite3.Database | undefined;
  if (!inMemory) {
    reader = new BetterSqlite3(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    reader.pragma('query_only = 1');
  }
  return { db, specifics: sqliteSpecifics(database, inMemory ? undefined : file, reader) };
}

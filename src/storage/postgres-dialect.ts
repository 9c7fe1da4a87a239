import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Transaction } from 'kysely';
import type { DialectSpecifics, OpenedDatabase } from './dialect.ts';
import type { Database } from './schema.ts';

/** Rows per INSERT: far below PostgreSQL's 65,535 parameters for any of our tables. */
const APPEND_CHUNK = 500;

/** When to analyze a table after writes (see DialectSpecifics.noteWrites). */
const ANALYZE_AFTER_ROWS = 1_000;
const ANALYZE_MIN_INTERVAL_MS = 10_000;

function statisticsKeeper(): DialectSpecifics['noteWrites'] {
  const state = new Map<string, { written: number; knownRows: number; lastRun: number; running: boolean }>();
  return (db, table, rows) => {
    const entry = state.get(table) ?? { written: 0, knownRows: 0, lastRun: 0, running: false };
    state.set(table, entry);
    entry.written += rows;
    const now = Date.now();
    if (entry.running || entry.written < Math.max(ANALYZE_AFTER_ROWS, entry.knownRows / 10) || now - entry.lastRun < ANALYZE_MIN_INTERVAL_MS) return;
    entry.running = true;
    entry.lastRun = now;
    entry.knownRows += entry.written;
    entry.written = 0;
    // Fire and forget: a failed ANALYZE only leaves the planner with older statistics.
    void sql`analyze ${sql.table(table)}`
      .execute(db)
      .catch(() => undefined)
      .finally(() => {
        entry.running = false;
      });
  };
}

const postgresSpecifics: Omit<DialectSpecifics, 'noteWrites'> = {
  name: 'postgres',
  appendRows: async (db, table, columns, conflictColumns, rows) => {
    const insert = async (executor: typeof db | Transaction<Database>, chunk: readonly (readonly unknown[])[]) => {
      await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(
        chunk.map((row) => sql`(${sql.join(row as unknown[])})`),
      )} on conflict (${sql.join(conflictColumns.map((c) => sql.ref(c)))}) do nothing`.execute(executor);
    };
    if (rows.length <= APPEND_CHUNK) return insert(db, rows);
    await db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += APPEND_CHUNK) await insert(trx, rows.slice(start, start + APPEND_CHUNK));
    });
  },
  // A transaction-scoped advisory lock on a 64-bit hash of the key: released at commit/rollback.
  // A hash collision only makes two unrelated keys wait for each other.
  lockKey: async (trx, key) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  },
  lockKeyShared: async (trx, key) => {
    await sql`select pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`.execute(trx);
  },
  tryLockKey: async (trx, key) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as locked`.execute(trx);
    return rows[0]?.locked === true;
  },
  // unnest() yields the array in order and the lock function runs row by row in that order.
  lockKeys: async (trx, keys) => {
    if (keys.length === 0) return;
    const sorted = [...new Set(keys)].sort();
    await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${sorted}::text[]) as k`.execute(trx);
  },
};

/**
 * Opens a pool on a PostgreSQL database (`postgres://user@host:port/db`). With
 * `statementTimeoutMs`, the server cancels any statement of these connections that runs longer
 * (SQLSTATE 57014): a runaway query, or a wait on a lock, cannot hold a connection for ever.
 */
export function openPostgres(
  url: string,
  logger?: { info(obj: object, msg?: string): void },
  statementTimeoutMs?: number,
): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: 30_000,
    ...(statementTimeoutMs !== undefined && statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash the
  // process. The pool discards that client and the next query opens a new one.
  pool.on('error', (error) => {
    logger?.info({ err: error }, 'postgres: idle client error');
  });
  // A checked-out client losing its connection between statements (an event-stream delivery
  // lease held across a network call, a transaction awaiting JavaScript) emits 'error' on the
  // client itself, where nothing listens: that would crash the process. Its next statement fails
  // with the error instead, and the pool drops the client when it comes back.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, specifics: { ...postgresSpecifics, noteWrites: statisticsKeeper() } };
}

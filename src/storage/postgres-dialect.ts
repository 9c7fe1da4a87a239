import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DialectSpecifics, OpenedDatabase } from './dialect.ts';
import type { Database } from './schema.ts';

const postgresSpecifics: DialectSpecifics = {
  name: 'postgres',
  // A transaction-scoped advisory lock on a 64-bit hash of the key: released at commit/rollback.
  // A hash collision only makes two unrelated keys wait for each other.
  lockKey: async (trx, key) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  },
};

/** Opens a pool on a PostgreSQL database (`postgres://user@host:port/db`). */
export function openPostgres(
  url: string,
  logger?: { info(obj: object, msg?: string): void },
): OpenedDatabase {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 30_000 });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash the
  // process. The pool discards that client and the next query opens a new one.
  pool.on('error', (error) => {
    logger?.info({ err: error }, 'postgres: idle client error');
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, specifics: postgresSpecifics };
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The few things that differ between SQLite and PostgreSQL. Everything else (queries,
 * migrations) is the same code for both; sqlite-dialect.ts and postgres-dialect.ts implement this.
 */
export interface DialectSpecifics {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Serializes transactions that work on the same logical key: holds an exclusive lock on `key`
   * until `trx` commits or rolls back. On SQLite every write transaction already holds the
   * database's single write lock (BEGIN IMMEDIATE), so this is a no-op there.
   */
  lockKey(trx: Transaction<Database>, key: string): Promise<void>;
  /**
   * lockKey for many keys at once, taken in sorted order (so two transactions locking overlapping
   * sets cannot deadlock), in one round trip.
   */
  lockKeys(trx: Transaction<Database>, keys: readonly string[]): Promise<void>;
  /**
   * Tells the dialect that `rows` rows were written to `table`. PostgreSQL's planner goes wrong on
   * tables it has not analyzed lately (it takes the tenant prefix of an index for very selective
   * and scans a whole project), and autovacuum looks only once a minute: after enough writes
   * (1,000 rows and a tenth of the table) PostgreSQL runs ANALYZE on the table in the
   * background, one at a time, at most every 10 seconds. SQLite plans without statistics.
   */
  noteWrites(db: Kysely<Database>, table: 'endpoints', rows: number): void;
  /** lockKey in shared mode: many holders at once, none while lockKey holds the key. */
  lockKeyShared(trx: Transaction<Database>, key: string): Promise<void>;
  /** lockKey without waiting: whether the lock was taken (always true on SQLite). */
  tryLockKey(trx: Transaction<Database>, key: string): Promise<boolean>;
  /**
   * Inserts many rows into one table in one transaction, skipping rows whose `conflictColumns`
   * (the primary key) already exist. The write-heavy path (one audit record per API request):
   * SQLite runs one prepared single-row statement per row inside BEGIN IMMEDIATE, several times
   * cheaper there than a many-row INSERT built by the query builder; PostgreSQL gets many-row
   * INSERTs. Table and column names are the schema's own constants, never input.
   */
  /**
   * Runs a read-only statement at once, outside Kysely, when the database can do that safely:
   * SQLite, on a second connection of its own (so it never runs inside another request's open
   * transaction and sees only committed data). Undefined on PostgreSQL, where Kysely's pool does
   * the job. The hot reads of every request (credentials, the app) go this way.
   */
  readonly readNow?: (sql: string, parameters: readonly unknown[]) => unknown[];
  /**
   * Runs a long read-only statement off the event loop, when the database would otherwise run it
   * on it: SQLite (a file), on a connection in a thread of its own; the rows come back as plain
   * objects. Undefined on PostgreSQL, whose driver never blocks the event loop. A segment counted
   * over a million endpoints takes about a second and a half on SQLite: without this, every other
   * request would wait that long.
   */
  readonly readInBackground?: (sql: string, parameters: readonly unknown[]) => Promise<unknown[]>;
  /** Releases what the specifics hold of their own (the SQLite read connection). */
  readonly dispose?: () => void;
  appendRows(
    db: Kysely<Database>,
    table: keyof Database & string,
    columns: readonly string[],
    conflictColumns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void>;
}

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly specifics: DialectSpecifics;
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Admin connection used to create and drop per-run databases. */
export const adminUrl = process.env.PINION_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  /** Drops the database (WITH (FORCE): open sessions are terminated). Safe to call twice. */
  drop(): Promise<void>;
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is unreachable at ${redacted(adminUrl)} (set PINION_TEST_POSTGRES_URL to an admin URL)`,
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh database named pinion_test_<pid>_<random> on the server of
 * PINION_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres). Rejects, never
 * skips, when PostgreSQL is unreachable.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `pinion_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

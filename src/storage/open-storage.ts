import { Migrator, sql } from 'kysely';
import { SqlAppsRepository } from './apps-repository.ts';
import { SqlAuditRepository } from './audit-repository.ts';
import { SqlChannelsRepository } from './channels/sql-channels-repository.ts';
import { SqlEndpointsRepository } from './audience/sql-endpoints-repository.ts';
import { SqlJobsRepository } from './segments/sql-jobs-repository.ts';
import { SqlMessagesRepository } from './messages/sql-messages-repository.ts';
import { SqlSegmentsRepository } from './segments/sql-segments-repository.ts';
import { SqlSmsOptOutsRepository } from './sms/sql-sms-opt-outs-repository.ts';
import { SqlEventStreamsRepository } from './audience/sql-event-streams-repository.ts';
import type { OpenedDatabase } from './dialect.ts';
import { SqlIamRepository } from './iam/sql-iam-repository.ts';
import { SqlMetaRepository } from './meta-repository.ts';
import { SqlOtpRepository } from './otp/sql-otp-repository.ts';
import { migrations } from './migrations/index.ts';
import { openPostgres } from './postgres-dialect.ts';
import type { Storage } from './repositories.ts';
import { openSqlite } from './sqlite-dialect.ts';
import { StorageError } from './storage-error.ts';
import { SqlTagsRepository } from './tags-repository.ts';
import { SqlTemplatesRepository } from './templates/sql-templates-repository.ts';

/**
 * `statementTimeoutMs` (PostgreSQL): statements running longer are cancelled; 0 or absent: no
 * limit. Migrations run on connections of their own without it (an index build on a large table
 * may take long, and the Migrator waits for another process's migration lock).
 */
export type StorageOptions = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; statementTimeoutMs?: number };

export interface StorageLogger {
  info(obj: object, msg?: string): void;
}

/**
 * Opens the database, applies pending migrations and returns the Storage. Safe to call on every
 * start (applied migrations are skipped) and from several processes at once: on PostgreSQL
 * Kysely's Migrator holds a session advisory lock while it reads the migration state and runs
 * pending migrations in one transaction; on SQLite the same happens inside one BEGIN IMMEDIATE
 * transaction. Failures (unreachable database, failed migration) reject with a StorageError.
 */
export async function openStorage(options: StorageOptions, logger?: StorageLogger): Promise<Storage> {
  let opened: OpenedDatabase;
  try {
    opened = options.kind === 'sqlite' ? openSqlite(options.file) : openPostgres(options.url, logger, options.statementTimeoutMs);
  } catch (error) {
    const where = options.kind === 'sqlite' ? options.file : 'postgres';
    throw new StorageError('open', `cannot open the ${options.kind} database (${where})`, { cause: error });
  }
  const { db, specifics } = opened;

  try {
    if (options.kind === 'postgres' && (options.statementTimeoutMs ?? 0) > 0) {
      const migrating = openPostgres(options.url, logger);
      try {
        await migrate(migrating, logger);
      } finally {
        await migrating.db.destroy().catch(() => undefined);
      }
    } else {
      await migrate(opened, logger);
    }
  } catch (error) {
    specifics.dispose?.();
    await db.destroy().catch(() => undefined);
    throw error;
  }

  let closed = false;
  const storage: Storage = {
    dialect: specifics.name,
    repositories: Object.freeze({
      apps: new SqlAppsRepository(db, specifics),
      tags: new SqlTagsRepository(db, specifics),
      meta: new SqlMetaRepository(db),
      iam: new SqlIamRepository(db, specifics),
      audit: new SqlAuditRepository(db, specifics),
      endpoints: new SqlEndpointsRepository(db, specifics),
      eventStreams: new SqlEventStreamsRepository(db, specifics),
      segments: new SqlSegmentsRepository(db, specifics),
      jobs: new SqlJobsRepository(db, specifics),
      channels: new SqlChannelsRepository(db, specifics),
      messages: new SqlMessagesRepository(db, specifics),
      templates: new SqlTemplatesRepository(db, specifics),
      smsOptOuts: new SqlSmsOptOutsRepository(db),
      otp: new SqlOtpRepository(db, specifics),
    }),
    async ping() {
      if (closed) return false;
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      specifics.dispose?.();
      await db.destroy();
    },
  };
  return Object.freeze(storage);
}

async function migrate({ db, specifics }: OpenedDatabase, logger?: StorageLogger): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const result of results) {
    if (result.status === 'Success') {
      logger?.info({ dialect: specifics.name, migration: result.migrationName }, 'storage: migration applied');
    }
  }
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    throw new StorageError(
      'migrate',
      failed === undefined
        ? `cannot migrate the ${specifics.name} database: ${detail}`
        : `migration ${failed} failed on ${specifics.name}: ${detail}`,
      { cause: error },
    );
  }
}

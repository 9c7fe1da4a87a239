import type { Kysely } from 'kysely';

/**
 * The audit trail (see observability/audit-trail.ts and audit-repository.ts). One row per API
 * call; `record` holds the CloudTrail record as JSON text, the other columns copy the fields the
 * CLI filters on. Every API request writes a row, so the table has a single index: its primary
 * key (time, then id, which breaks ties: event ids are time-ordered UUIDs), which is also the
 * newest-first listing order and the pruning order. Other filters scan that order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('event_time', 'text', (col) => col.notNull())
    .addColumn('event_name', 'text', (col) => col.notNull())
    .addColumn('user_name', 'text')
    .addColumn('user_arn', 'text')
    .addColumn('error_code', 'text')
    .addColumn('record', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('audit_events_pk', ['event_time', 'event_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
}

import type { Kysely } from 'kysely';

/**
 * The audit trail (see observability/audit-trail.ts and audit-repository.ts). One row per API
 * call; `record` holds the CloudTrail record as JSON text, the other columns copy the fields the
 * CLI filters on. Listing is newest first, so both indexes end in the time (and the id, which
 * breaks ties: event ids are time-ordered UUIDs).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('event_id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('event_time', 'text', (col) => col.notNull())
    .addColumn('event_name', 'text', (col) => col.notNull())
    .addColumn('user_name', 'text')
    .addColumn('user_arn', 'text')
    .addColumn('error_code', 'text')
    .addColumn('record', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('audit_events_time_idx').on('audit_events').columns(['event_time', 'event_id']).execute();
  await db.schema
    .createIndex('audit_events_name_idx')
    .on('audit_events')
    .columns(['event_name', 'event_time', 'event_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_events_name_idx').execute();
  await db.schema.dropIndex('audit_events_time_idx').execute();
  await db.schema.dropTable('audit_events').execute();
}

import type { Kysely } from 'kysely';

/**
 * Message templates (account and region wide, not per project), keyed by (name, type), and their
 * versions. Version numbers are never reused: `latest_version` is the highest number ever given,
 * so a version deleted at the top is not handed out again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('templates')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    /** Case-sensitive, as Pinpoint's template names are. */
    .addColumn('name', 'text', (col) => col.notNull())
    /** EMAIL | SMS | PUSH | VOICE | INAPP */
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('active_version', 'integer', (col) => col.notNull())
    /** The highest version number given so far (the next new version gets this + 1). */
    .addColumn('latest_version', 'integer', (col) => col.notNull())
    .addColumn('creation_date', 'text', (col) => col.notNull())
    /** When the template last changed in any way (a version written or deleted, the active version changed). */
    .addColumn('last_modified_date', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('templates_pk', ['account_id', 'region', 'name', 'type'])
    .execute();
  await db.schema.createIndex('templates_listing_idx').on('templates').columns(['account_id', 'region', 'creation_date', 'name', 'type']).execute();

  await db.schema
    .createTable('template_versions')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    /** JSON text: the type's request shape (EmailTemplateRequest, …) less tags, as the API wrote it. */
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('creation_date', 'text', (col) => col.notNull())
    .addColumn('last_modified_date', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('template_versions_pk', ['account_id', 'region', 'name', 'type', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('template_versions').execute();
  await db.schema.dropTable('templates').execute();
}

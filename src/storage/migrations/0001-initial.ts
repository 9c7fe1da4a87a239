import type { Kysely } from 'kysely';

/**
 * Initial schema. JSON is stored as text on both dialects in these tables so that one code path
 * reads and writes them; later migrations may add jsonb-backed tables for queryable attributes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pinion_meta')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('apps')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('arn', 'text', (col) => col.notNull())
    .addColumn('creation_date', 'text', (col) => col.notNull())
    .addColumn('settings', 'text', (col) => col.notNull())
    .addColumn('settings_last_modified', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('apps_pk', ['account_id', 'region', 'id'])
    .execute();

  await db.schema
    .createIndex('apps_listing_idx')
    .on('apps')
    .columns(['account_id', 'region', 'creation_date', 'id'])
    .execute();

  await db.schema
    .createTable('resource_tags')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('resource_arn', 'text', (col) => col.notNull())
    .addColumn('tag_key', 'text', (col) => col.notNull())
    .addColumn('tag_value', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('resource_tags_pk', ['account_id', 'region', 'resource_arn', 'tag_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('resource_tags').execute();
  await db.schema.dropIndex('apps_listing_idx').execute();
  await db.schema.dropTable('apps').execute();
  await db.schema.dropTable('pinion_meta').execute();
}

import type { Kysely } from 'kysely';

/**
 * The identity store (see iam-repository.ts and iam/). IAM data is per account, not per region.
 * Dates are ISO-8601 UTC text with milliseconds (they sort lexicographically), JSON is text, as in
 * 0001. `name_key` is the name lower-cased by the repository: it carries the case-insensitive
 * uniqueness and the listing order. Child rows reference ids, never names, so a rename touches one
 * row. No foreign keys: the repository checks what is still attached before it deletes (IAM's
 * DeleteConflict), under a per-account lock, and says what is in the way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('iam_entities')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('name_key', 'text', (col) => col.notNull())
    .addColumn('path', 'text', (col) => col.notNull())
    .addColumn('arn', 'text', (col) => col.notNull())
    .addColumn('create_date', 'text', (col) => col.notNull())
    .addColumn('details', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('iam_entities_pk', ['account_id', 'id'])
    .addUniqueConstraint('iam_entities_name_uq', ['account_id', 'kind', 'name_key'])
    .execute();

  await db.schema
    .createTable('iam_entity_tags')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'text', (col) => col.notNull())
    .addColumn('tag_key', 'text', (col) => col.notNull())
    .addColumn('tag_value', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('iam_entity_tags_pk', ['account_id', 'entity_id', 'tag_key'])
    .execute();

  await db.schema
    .createTable('iam_group_members')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('group_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('iam_group_members_pk', ['account_id', 'group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('iam_group_members_user_idx').on('iam_group_members').columns(['account_id', 'user_id']).execute();

  await db.schema
    .createTable('iam_inline_policies')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'text', (col) => col.notNull())
    .addColumn('name_key', 'text', (col) => col.notNull())
    .addColumn('policy_name', 'text', (col) => col.notNull())
    .addColumn('document', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('iam_inline_policies_pk', ['account_id', 'entity_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('iam_managed_policies')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('name_key', 'text', (col) => col.notNull())
    .addColumn('path', 'text', (col) => col.notNull())
    .addColumn('arn', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('default_version_id', 'text', (col) => col.notNull())
    .addColumn('next_version', 'integer', (col) => col.notNull())
    .addColumn('create_date', 'text', (col) => col.notNull())
    .addColumn('update_date', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('iam_managed_policies_pk', ['account_id', 'id'])
    .addUniqueConstraint('iam_managed_policies_arn_uq', ['account_id', 'arn'])
    .addUniqueConstraint('iam_managed_policies_name_uq', ['account_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('iam_policy_versions')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('policy_id', 'text', (col) => col.notNull())
    .addColumn('version_id', 'text', (col) => col.notNull())
    .addColumn('version_number', 'integer', (col) => col.notNull())
    .addColumn('document', 'text', (col) => col.notNull())
    .addColumn('create_date', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('iam_policy_versions_pk', ['account_id', 'policy_id', 'version_id'])
    .execute();

  await db.schema
    .createTable('iam_policy_attachments')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'text', (col) => col.notNull())
    .addColumn('policy_id', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('iam_policy_attachments_pk', ['account_id', 'entity_id', 'policy_id'])
    .execute();
  await db.schema
    .createIndex('iam_policy_attachments_policy_idx')
    .on('iam_policy_attachments')
    .columns(['account_id', 'policy_id'])
    .execute();

  await db.schema
    .createTable('iam_access_keys')
    .addColumn('access_key_id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('secret_sealed', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('create_date', 'text', (col) => col.notNull())
    .addColumn('last_used_date', 'text')
    .addColumn('last_used_region', 'text')
    .addColumn('last_used_service', 'text')
    .execute();
  await db.schema.createIndex('iam_access_keys_user_idx').on('iam_access_keys').columns(['account_id', 'user_id']).execute();

  await db.schema
    .createTable('iam_sessions')
    .addColumn('access_key_id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('secret_sealed', 'text', (col) => col.notNull())
    .addColumn('session_token_hash', 'text', (col) => col.notNull())
    .addColumn('principal', 'text', (col) => col.notNull())
    .addColumn('session_policy', 'text')
    .addColumn('issued_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('iam_sessions_expires_idx').on('iam_sessions').column('expires_at').execute();

  await db.schema
    .createTable('iam_state')
    .addColumn('account_id', 'text', (col) => col.primaryKey())
    .addColumn('generation', 'integer', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('iam_state').execute();
  await db.schema.dropIndex('iam_sessions_expires_idx').execute();
  await db.schema.dropTable('iam_sessions').execute();
  await db.schema.dropIndex('iam_access_keys_user_idx').execute();
  await db.schema.dropTable('iam_access_keys').execute();
  await db.schema.dropIndex('iam_policy_attachments_policy_idx').execute();
  await db.schema.dropTable('iam_policy_attachments').execute();
  await db.schema.dropTable('iam_policy_versions').execute();
  await db.schema.dropTable('iam_managed_policies').execute();
  await db.schema.dropTable('iam_inline_policies').execute();
  await db.schema.dropIndex('iam_group_members_user_idx').execute();
  await db.schema.dropTable('iam_group_members').execute();
  await db.schema.dropTable('iam_entity_tags').execute();
  await db.schema.dropTable('iam_entities').execute();
}

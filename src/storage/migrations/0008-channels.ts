import type { Kysely } from 'kysely';

/**
 * The channels of a project (Update/Get/Delete<Kind>Channel): one row per (project, channel kind).
 * Non-secret settings are JSON text; the credentials (API keys, private keys, certificates,
 * service-account JSON) are one sealed value (security/secret-box.ts), bound to the row's
 * account, region, project and kind, and never stored in clear.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channels')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    /** email | sms | voice | apns | apns_sandbox | apns_voip | apns_voip_sandbox | gcm | baidu | adm */
    .addColumn('channel_type', 'text', (col) => col.notNull())
    /** 1 when enabled, 0 when not (an integer: SQLite has no boolean to bind). */
    .addColumn('enabled', 'integer', (col) => col.notNull())
    /** JSON text: the channel's non-secret settings (FromAddress, SenderId, BundleId, …). */
    .addColumn('settings', 'text', (col) => col.notNull())
    /** Sealed JSON object of the secret fields; null for channels without credentials. */
    .addColumn('credentials_sealed', 'text')
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('creation_date', 'text', (col) => col.notNull())
    .addColumn('last_modified_date', 'text', (col) => col.notNull())
    .addColumn('last_modified_by', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('channels_pk', ['account_id', 'region', 'app_id', 'channel_type'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('channels').execute();
}

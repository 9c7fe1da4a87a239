import type { Kysely } from 'kysely';

/**
 * The message log: one row per message Pinion handed to a transport (or refused before that), so
 * results can be traced, opens, clicks and unsubscribes can be tied back to their project,
 * endpoint and address, and the simulator outbox can be listed and read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('messages')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    /** EMAIL | SMS | VOICE | APNS … (Pinpoint's ChannelType). */
    .addColumn('channel', 'text', (col) => col.notNull())
    /** simulator | smtp | … : which transport took the message. */
    .addColumn('transport', 'text', (col) => col.notNull())
    .addColumn('address', 'text', (col) => col.notNull())
    /** The transport's own id (SMPP message id, relay queue id), which its receipts name. */
    .addColumn('provider_message_id', 'text')
    .addColumn('endpoint_id', 'text')
    .addColumn('delivery_status', 'text', (col) => col.notNull())
    .addColumn('status_code', 'integer', (col) => col.notNull())
    .addColumn('status_message', 'text', (col) => col.notNull())
    .addColumn('trace_id', 'text')
    .addColumn('created_date', 'text', (col) => col.notNull())
    /** JSON text of the rendered message; kept only for the simulator outbox. */
    .addColumn('content', 'text')
    .addPrimaryKeyConstraint('messages_pk', ['account_id', 'region', 'app_id', 'id'])
    .execute();
  await db.schema.createIndex('messages_provider_idx').on('messages').columns(['transport', 'provider_message_id']).execute();
  await db.schema.createIndex('messages_listing_idx').on('messages').columns(['account_id', 'region', 'app_id', 'created_date', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('messages').execute();
}

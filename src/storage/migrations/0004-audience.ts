import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Audience and events: endpoints, the per-project attribute-name registry, the event log, event
 * stream configuration and the event stream outbox.
 *
 * Endpoints keep the whole record in `document` (jsonb on PostgreSQL so segment dimensions can
 * be compiled to jsonb operators; JSON text on SQLite, read with its JSON functions) and copy the
 * fields that are looked up or filtered on most into plain columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const jsonType = isPostgres ? sql`jsonb` : sql`text`;

  await db.schema
    .createTable('endpoints')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('channel_type', 'text')
    .addColumn('address', 'text')
    .addColumn('user_id', 'text')
    .addColumn('opt_out', 'text', (col) => col.notNull())
    .addColumn('endpoint_status', 'text', (col) => col.notNull())
    .addColumn('creation_date', 'text', (col) => col.notNull())
    .addColumn('effective_date', 'text', (col) => col.notNull())
    /** When the endpoint was last written (ISO-8601): "the oldest endpoint of a user" is by this. */
    .addColumn('modified_date', 'text', (col) => col.notNull())
    .addColumn('document', jsonType, (col) => col.notNull())
    .addPrimaryKeyConstraint('endpoints_pk', ['account_id', 'region', 'app_id', 'id'])
    .execute();
  // Secondary indexes lead with the column they are for, not with the tenant prefix the primary
  // key starts with: on a table PostgreSQL has not analyzed yet (a new database filling up) the
  // planner cannot tell indexes with the same leading columns apart, and it scanned a whole
  // project through the user index to find 100 ids. "Another endpoint with the same address goes
  // INACTIVE" looks endpoints up by address; the per-user limit and user operations by user id.
  await db.schema.createIndex('endpoints_address_idx').on('endpoints').columns(['address', 'app_id', 'region', 'account_id']).execute();
  await db.schema.createIndex('endpoints_user_idx').on('endpoints').columns(['user_id', 'app_id', 'region', 'account_id']).execute();

  await db.schema
    .createTable('endpoint_attribute_keys')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    /** endpoint-custom-attributes | endpoint-metric-attributes | endpoint-user-attributes */
    .addColumn('attribute_type', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('endpoint_attribute_keys_pk', ['account_id', 'region', 'app_id', 'attribute_type', 'name'])
    .execute();

  await db.schema
    .createTable('event_log')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    /** Time-ordered (UUID v7): the log's order of arrival. */
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('endpoint_id', 'text', (col) => col.notNull())
    .addColumn('event_type', 'text', (col) => col.notNull())
    /** Milliseconds since the epoch. */
    .addColumn('event_timestamp', 'bigint', (col) => col.notNull())
    .addColumn('arrival_timestamp', 'bigint', (col) => col.notNull())
    /** The event-stream record (JSON text), exactly as it is delivered to Kinesis or Firehose. */
    .addColumn('record', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('event_log_pk', ['account_id', 'region', 'app_id', 'id'])
    .execute();

  await db.schema
    .createTable('event_streams')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    .addColumn('destination_stream_arn', 'text', (col) => col.notNull())
    .addColumn('role_arn', 'text', (col) => col.notNull())
    .addColumn('external_id', 'text')
    .addColumn('last_modified_date', 'text', (col) => col.notNull())
    .addColumn('last_updated_by', 'text', (col) => col.notNull())
    /** HEALTHY | UNHEALTHY, as the delivery worker last found it. */
    .addColumn('health', 'text', (col) => col.notNull().defaultTo('HEALTHY'))
    .addColumn('health_reason', 'text')
    .addColumn('health_since', 'text')
    .addColumn('last_delivery_date', 'text')
    .addPrimaryKeyConstraint('event_streams_pk', ['account_id', 'region', 'app_id'])
    .execute();

  await db.schema
    .createTable('event_stream_outbox')
    /** Time-ordered (UUID v7): delivery order. */
    .addColumn('id', 'text', (col) => col.notNull().primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    /** The endpoint id: Kinesis's partition key, so one endpoint's events stay in order. */
    .addColumn('partition_key', 'text', (col) => col.notNull())
    .addColumn('record', 'text', (col) => col.notNull())
    .addColumn('enqueued_date', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('event_stream_outbox_app_idx').on('event_stream_outbox').columns(['account_id', 'region', 'app_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('event_stream_outbox').execute();
  await db.schema.dropTable('event_streams').execute();
  await db.schema.dropTable('event_log').execute();
  await db.schema.dropTable('endpoint_attribute_keys').execute();
  await db.schema.dropTable('endpoints').execute();
}

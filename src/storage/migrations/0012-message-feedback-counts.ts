import type { Kysely } from 'kysely';

/**
 * How many bounce and complaint reports were recorded for each message, kept with the message so
 * that the cap on replayed reports (one hard bounce and one complaint a message, at most five
 * soft bounces) holds across restarts: JSON text such as {"hardbounce":1,"softbounce":2}; null
 * while none was recorded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('feedback_counts', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('feedback_counts').execute();
}

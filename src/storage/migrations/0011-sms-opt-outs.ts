import type { Kysely } from 'kysely';

/**
 * Phone numbers that opted out by replying STOP (or a synonym) to the deployment's SMS number:
 * one row per tenant and number, kept whether or not any endpoint has the number, so a later
 * SendMessages to the bare address is refused with OPT_OUT too. START removes the row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sms_opt_outs')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    /** E.164, with the +. */
    .addColumn('phone_number', 'text', (col) => col.notNull())
    /** ISO-8601 UTC with milliseconds. */
    .addColumn('opted_out_date', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('sms_opt_outs_pk', ['account_id', 'region', 'phone_number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sms_opt_outs').execute();
}

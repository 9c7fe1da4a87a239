import type { Kysely } from 'kysely';

/**
 * One-time passwords of SendOTPMessage / VerifyOTPMessage: at most one live code per (project,
 * ReferenceId, DestinationIdentity). The code itself is never stored: `code_hash` is an
 * HMAC-SHA-256 of it (and of the row's key) under the deployment's OTP pepper, which is kept
 * sealed with the master key (operations/otp/otp-pepper.ts). Rows are short-lived: the hourly
 * pruner deletes expired and exhausted ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('otp_codes')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    .addColumn('reference_id', 'text', (col) => col.notNull())
    /** The E.164 phone number the code was sent to. */
    .addColumn('destination', 'text', (col) => col.notNull())
    /** Lowercase hex HMAC-SHA-256 (64 characters). */
    .addColumn('code_hash', 'text', (col) => col.notNull())
    /** Verification attempts still allowed; a code with none left never verifies. */
    .addColumn('attempts_left', 'integer', (col) => col.notNull())
    /** ISO-8601 UTC with milliseconds: the code verifies only before this instant. */
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('created_date', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('otp_codes_pk', ['account_id', 'region', 'app_id', 'reference_id', 'destination'])
    .execute();
  await db.schema.createIndex('otp_codes_expiry_idx').on('otp_codes').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('otp_codes').execute();
}

import type { Kysely, Transaction } from 'kysely';
import type { DialectSpecifics } from '../dialect.ts';
import { ProjectMissingError } from '../endpoints-repository.ts';
import type { OtpCode, OtpKey, OtpRepository, OtpVerification } from '../otp-repository.ts';
import type { Database } from '../schema.ts';
import { guard } from '../storage-error.ts';
import type { Tenant } from '../tenant.ts';

/**
 * The OTP repository on both dialects. Verification needs no explicit lock: the attempt is one
 * conditional `UPDATE … SET attempts_left = attempts_left - 1 WHERE attempts_left > 0 AND
 * expires_at > now RETURNING code_hash` (PostgreSQL serializes concurrent updates of the row and
 * re-checks the condition on the newest version; SQLite has a single writer), and consuming a
 * right code is one `DELETE … WHERE code_hash = <the hash just compared>` whose row count says
 * which of several concurrent right attempts won.
 */
export class SqlOtpRepository implements OtpRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#db = db;
    this.#dialect = dialect;
  }

  put(tenant: Tenant, appId: string, key: OtpKey, code: OtpCode): Promise<void> {
    return guard('otp.put', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#requireApp(trx, tenant, appId);
        const replaced = {
          code_hash: code.codeHash,
          attempts_left: code.attemptsLeft,
          expires_at: code.expiresAt,
          created_date: code.createdDate,
        };
        await trx
          .insertInto('otp_codes')
          .values({ account_id: tenant.accountId, region: tenant.region, app_id: appId, reference_id: key.referenceId, destination: key.destination, ...replaced })
          .onConflict((oc) => oc.columns(['account_id', 'region', 'app_id', 'reference_id', 'destination']).doUpdateSet(replaced))
          .execute();
      }),
    );
  }

  verify(tenant: Tenant, appId: string, key: OtpKey, now: string, matches: (storedHash: string) => boolean): Promise<OtpVerification> {
    return guard('otp.verify', async () => {
      const attempt = await this.#db
        .updateTable('otp_codes')
        .set((eb) => ({ attempts_left: eb('attempts_left', '-', 1) }))
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('reference_id', '=', key.referenceId)
        .where('destination', '=', key.destination)
        .where('attempts_left', '>', 0)
        .where('expires_at', '>', now)
        .returning('code_hash')
        .executeTakeFirst();
      if (!attempt) return 'none';
      if (!matches(attempt.code_hash)) return 'invalid';
      const consumed = await this.#db
        .deleteFrom('otp_codes')
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('reference_id', '=', key.referenceId)
        .where('destination', '=', key.destination)
        .where('code_hash', '=', attempt.code_hash)
        .executeTakeFirst();
      // Zero rows: a concurrent right attempt consumed it first, or a new code replaced it.
      return consumed.numDeletedRows > 0n ? 'valid' : 'invalid';
    });
  }

  pruneExpired(now: string): Promise<number> {
    return guard('otp.pruneExpired', async () => {
      const result = await this.#db
        .deleteFrom('otp_codes')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('attempts_left', '<=', 0)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  async #requireApp(trx: Transaction<Database>, tenant: Tenant, appId: string): Promise<void> {
    // The project must stay until this commits (PostgreSQL: a row share lock that DeleteApp waits
    // for; SQLite: the single write lock), so no code outlives its project.
    let query = trx.selectFrom('apps').select('id').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('id', '=', appId);
    if (this.#dialect.name === 'postgres') query = query.forShare();
    if (!(await query.executeTakeFirst())) throw new ProjectMissingError(appId);
  }
}

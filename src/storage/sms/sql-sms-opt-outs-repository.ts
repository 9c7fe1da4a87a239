import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SmsOptOutsRepository } from '../sms-opt-outs-repository.ts';
import { guard } from '../storage-error.ts';
import type { Tenant } from '../tenant.ts';

/** Numbers per lookup statement (well under both dialects' parameter limits). */
const LOOKUP_CHUNK = 500;

export class SqlSmsOptOutsRepository implements SmsOptOutsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  add(tenant: Tenant, phoneNumber: string, optedOutDate: string): Promise<boolean> {
    return guard('smsOptOuts.add', async () => {
      const result = await this.#db
        .insertInto('sms_opt_outs')
        .values({ account_id: tenant.accountId, region: tenant.region, phone_number: phoneNumber, opted_out_date: optedOutDate })
        .onConflict((conflict) => conflict.columns(['account_id', 'region', 'phone_number']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    });
  }

  remove(tenant: Tenant, phoneNumber: string): Promise<boolean> {
    return guard('smsOptOuts.remove', async () => {
      const result = await this.#db
        .deleteFrom('sms_opt_outs')
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('phone_number', '=', phoneNumber)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  find(tenant: Tenant, phoneNumbers: readonly string[]): Promise<Set<string>> {
    const wanted = [...new Set(phoneNumbers)];
    if (wanted.length === 0) return Promise.resolve(new Set());
    return guard('smsOptOuts.find', async () => {
      const found = new Set<string>();
      for (let start = 0; start < wanted.length; start += LOOKUP_CHUNK) {
        const rows = await this.#db
          .selectFrom('sms_opt_outs')
          .select('phone_number')
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('phone_number', 'in', wanted.slice(start, start + LOOKUP_CHUNK))
          .execute();
        for (const row of rows) found.add(row.phone_number);
      }
      return found;
    });
  }
}

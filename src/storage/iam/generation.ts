import type { Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { guard } from '../storage-error.ts';
import type { IamStore, Queryable } from './rows.ts';

/**
 * Every IAM write runs in one transaction that
 *  1. takes the account's IAM lock first (an advisory transaction lock on PostgreSQL; on SQLite
 *     the transaction already holds the database write lock, BEGIN IMMEDIATE), so every check it
 *     makes (name free, under a limit, nothing attached) stays true until it commits;
 *  2. bumps the account's generation last, in the same transaction.
 * All writes of one account bump the same iam_state row, so on PostgreSQL they would serialize
 * on that row lock anyway; taking the lock up front only moves the wait before the checks. One
 * lock taken first, one row locked last: no lock-order cycles, no deadlocks.
 */
export function iamWrite<T>(
  store: IamStore,
  operation: string,
  accountId: string,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return guard(operation, () =>
    store.db.transaction().execute(async (trx) => {
      await store.dialect.lockKey(trx, JSON.stringify(['iam', accountId]));
      const result = await work(trx);
      await bumpGeneration(trx, accountId);
      return result;
    }),
  );
}

async function bumpGeneration(trx: Transaction<Database>, accountId: string): Promise<void> {
  await trx
    .insertInto('iam_state')
    .values({ account_id: accountId, generation: 1 })
    .onConflict((oc) => oc.column('account_id').doUpdateSet((eb) => ({ generation: eb('iam_state.generation', '+', 1) })))
    .execute();
}

/** The account's generation: 0 before its first IAM write. */
export async function readGeneration(db: Queryable, accountId: string): Promise<number> {
  const row = await db.selectFrom('iam_state').select('generation').where('account_id', '=', accountId).executeTakeFirst();
  return row === undefined ? 0 : Number(row.generation);
}

import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { effectiveInstant } from '../../domain/endpoints/effective-instant.ts';

/**
 * endpoints.effective_date now holds the canonical UTC instant of the EffectiveDate (the document
 * keeps the client's text), so recency windows compare it as text. Rows written before kept the
 * client's text: rewrite those, a keyset page at a time (never the whole table in memory).
 */
const PAGE = 1_000;

interface Row {
  account_id: string;
  region: string;
  app_id: string;
  id: string;
  effective_date: string;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  let after: Row | undefined;
  for (;;) {
    const keyset = after ? sql`and (account_id, region, app_id, id) > (${after.account_id}, ${after.region}, ${after.app_id}, ${after.id})` : sql``;
    const { rows } = await sql<Row>`select account_id, region, app_id, id, effective_date from endpoints where 1 = 1 ${keyset} order by account_id, region, app_id, id limit ${PAGE}`.execute(db);
    for (const row of rows) {
      const canonical = effectiveInstant(row.effective_date);
      if (canonical === row.effective_date) continue;
      await sql`update endpoints set effective_date = ${canonical} where account_id = ${row.account_id} and region = ${row.region} and app_id = ${row.app_id} and id = ${row.id}`.execute(db);
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1];
  }
}

export async function down(): Promise<void> {
  // The canonical form is a valid EffectiveDate text: nothing to undo.
}

import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The per-project logs the hourly pruners trim, each with the column that orders its rows by
 * arrival: the event log's UUID v7 ids (a range of the primary key), the message log's indexed
 * creation date. Rows below the cutoff there are expired.
 */
export type PrunedLog = { readonly table: 'event_log'; readonly arrival: 'id' } | { readonly table: 'messages'; readonly arrival: 'created_date' };

/**
 * The retention loop the hourly pruners share: project by project, one DELETE removes at most
 * `chunk` of that project's rows whose `arrival` is below `cutoff`, again until a chunk comes back
 * short, so no statement holds the write lock for long. Returns the rows removed.
 */
export async function prunePerProject(db: Kysely<Database>, log: PrunedLog, cutoff: string, chunk: number): Promise<number> {
  const projects = await db.selectFrom('apps').select(['account_id', 'region', 'id']).execute();
  let total = 0;
  for (const project of projects) {
    for (;;) {
      const result = await db
        .deleteFrom(log.table)
        .where('account_id', '=', project.account_id)
        .where('region', '=', project.region)
        .where('app_id', '=', project.id)
        .where('id', 'in', (eb) =>
          eb
            .selectFrom(log.table)
            .select('id')
            .where('account_id', '=', project.account_id)
            .where('region', '=', project.region)
            .where('app_id', '=', project.id)
            .where(log.arrival, '<', cutoff)
            .limit(chunk),
        )
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      total += deleted;
      if (deleted < chunk) break;
    }
  }
  return total;
}

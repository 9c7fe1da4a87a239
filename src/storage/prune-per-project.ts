import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface ProjectKey {
  readonly account_id: string;
  readonly region: string;
  readonly id: string;
}

/**
 * The retention loop the hourly pruners share: project by project, `deleteChunk` removes at most
 * `chunk` expired rows of that project and says how many it removed, and is called again until a
 * chunk comes back short, so no statement holds the write lock for long. Returns the rows removed.
 */
export async function prunePerProject(db: Kysely<Database>, chunk: number, deleteChunk: (project: ProjectKey, chunk: number) => Promise<number>): Promise<number> {
  const projects = await db.selectFrom('apps').select(['account_id', 'region', 'id']).execute();
  let total = 0;
  for (const project of projects) {
    for (;;) {
      const deleted = await deleteChunk(project, chunk);
      total += deleted;
      if (deleted < chunk) break;
    }
  }
  return total;
}

import type { ImportRow } from '../../../domain/imports/import-row.ts';
import { ProjectMissingError } from '../../../storage/endpoints-repository.ts';
import { UserEndpointsBusyError } from '../../../storage/endpoints-repository.ts';
import { JobFailedError } from '../job-runner.ts';
import type { JobContext } from '../job-runner.ts';
import { importWrite, isRowRefusal, refusalProblem } from './import-write.ts';
import type { ImportedEndpoint } from './import-write.ts';

/** A row that was not imported, and why. */
export interface RowFailure {
  readonly line: number;
  readonly problem: string;
}

export interface BatchOutcome {
  /** The endpoints the rows imported (or, for user-ID rows, named): the segment's new members. */
  readonly memberIds: string[];
  /** In line order. */
  readonly failures: RowFailure[];
}

type EndpointRow = Extract<ImportRow, { kind: 'endpoint' }> & ImportedEndpoint;
type UsersRow = Extract<ImportRow, { kind: 'users' }>;

/** Tries of a single row that another request's writes to the same user keep refusing. */
const BUSY_TRIES = 3;

/**
 * Writes the rows of one progress step: endpoint rows in groups of at most `writeRows` (one
 * transaction each, an id at most once per group so that each failure belongs to one row), then
 * user-ID rows resolved to the users' endpoints.
 */
export async function writeBatch(context: JobContext, rows: readonly ImportRow[], writeRows: number, hasSegment: boolean): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { memberIds: [], failures: [] };
  const users: UsersRow[] = [];
  let group: EndpointRow[] = [];
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.kind === 'invalid') outcome.failures.push(row);
    else if (row.kind === 'users') users.push(row);
    else {
      if (ids.has(row.id) || group.length >= writeRows) {
        await writeGroup(context, group, outcome);
        group = [];
        ids.clear();
      }
      group.push(row);
      ids.add(row.id);
    }
  }
  if (group.length > 0) await writeGroup(context, group, outcome);
  if (users.length > 0) await resolveUsers(context, users, hasSegment, outcome);
  outcome.failures.sort((a, b) => a.line - b.line);
  return outcome;
}

async function writeGroup(context: JobContext, group: readonly EndpointRow[], outcome: BatchOutcome, tries = 1): Promise<void> {
  const { tenant, job, repositories } = context;
  const problems = new Map<string, string>();
  try {
    await repositories.endpoints.write(tenant, importWrite(job.appId, group, context.now().toISOString(), job.id, problems));
  } catch (error) {
    if (error instanceof ProjectMissingError) throw new JobFailedError(`project ${job.appId} no longer exists`, { cause: error });
    if (!isRowRefusal(error)) throw error;
    if (group.length > 1) {
      // Refused as a whole (the per-user limit, the attribute-name quota): a row at a time, so
      // that only the rows that cause the refusal fail.
      for (const row of group) await writeGroup(context, [row], outcome);
      return;
    }
    if (error instanceof UserEndpointsBusyError && tries < BUSY_TRIES) return writeGroup(context, group, outcome, tries + 1);
    outcome.failures.push({ line: group[0]!.line, problem: refusalProblem(error) });
    return;
  }
  for (const row of group) {
    const problem = problems.get(row.id);
    if (problem === undefined) outcome.memberIds.push(row.id);
    else outcome.failures.push({ line: row.line, problem });
  }
}

async function resolveUsers(context: JobContext, rows: readonly UsersRow[], hasSegment: boolean, outcome: BatchOutcome): Promise<void> {
  if (!hasSegment) {
    for (const row of rows) {
      outcome.failures.push({ line: row.line, problem: "the row gives only User.UserId: such a row adds the users' endpoints to the job's segment, and this job has none (DefineSegment or SegmentId)" });
    }
    return;
  }
  const { tenant, job, repositories } = context;
  const userIds = [...new Set(rows.flatMap((row) => row.userIds))];
  const found = await Promise.all(userIds.map(async (userId) => [userId, (await repositories.endpoints.listByUser(tenant, job.appId, userId)).map((endpoint) => endpoint.Id)] as const));
  const byUser = new Map(found);
  for (const row of rows) {
    const endpointIds = row.userIds.flatMap((userId) => byUser.get(userId) ?? []);
    if (endpointIds.length === 0) outcome.failures.push({ line: row.line, problem: 'no endpoint belongs to the users the row names (a row of user ids only adds existing endpoints)' });
    else outcome.memberIds.push(...endpointIds);
  }
}

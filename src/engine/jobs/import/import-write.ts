import { endpointLimits } from '../../../domain/endpoints/endpoint-limits.ts';
import type { EndpointPatch } from '../../../domain/endpoints/endpoint-patch.ts';
import { decideUserLimit } from '../../../domain/endpoints/user-limit.ts';
import { withoutPath } from '../../../domain/imports/import-row.ts';
import { mergeChanges } from '../../../domain/endpoints/merge-changes.ts';
import type { EndpointChange } from '../../../domain/endpoints/merge-changes.ts';
import { AttributeKeyLimitError, UserEndpointsBusyError } from '../../../storage/endpoints-repository.ts';
import type { EndpointWrite } from '../../../storage/endpoints-repository.ts';

/**
 * The EndpointWrite of a group of import rows: UpdateEndpointsBatch's (endpoint-write-plan.ts),
 * with the same merge, the same checks of each merged endpoint, the same-address rule, the
 * per-user limit and the project's attribute-name quota, except that a row whose endpoint has a
 * problem is left out of the write and reported, instead of refusing every row with it.
 */

export interface ImportedEndpoint {
  readonly id: string;
  readonly patch: EndpointPatch;
}

/** The per-user limit refused the group (a row of it would be the user's sixteenth endpoint). */
export class UserLimitRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserLimitRefusal';
  }
}

/**
 * Refusals of a whole write that concern some of its rows only: the group is written again a row
 * at a time, so that only the rows that cause them fail.
 */
export function isRowRefusal(error: unknown): boolean {
  return error instanceof UserLimitRefusal || error instanceof AttributeKeyLimitError || error instanceof UserEndpointsBusyError;
}

/** A refusal as the failure of the one row that caused it. */
export function refusalProblem(error: unknown): string {
  if (error instanceof AttributeKeyLimitError) {
    const names = error.newNames.slice(0, 5).join(', ');
    return `a project can have at most ${error.limit} attribute names across Attributes, Metrics and User.UserAttributes; this row would make it ${error.wouldHave} (names it adds: ${names}${error.newNames.length > 5 ? ', …' : ''})`;
  }
  if (error instanceof UserEndpointsBusyError) return 'endpoints of the same user were being updated by another request at the same time';
  return error instanceof Error ? error.message : String(error);
}

/**
 * `problems` receives, by endpoint id, what is wrong with the rows left out; it is filled when the
 * write runs (inside its transaction) and is meaningful once the write has returned.
 */
export function importWrite(appId: string, rows: readonly ImportedEndpoint[], now: string, jobId: string, problems: Map<string, string>): EndpointWrite {
  return {
    appId,
    ids: rows.map((row) => row.id),
    merge: (existing) => {
      problems.clear();
      let changes: EndpointChange[] = [];
      for (const row of rows) {
        const stored = existing.has(row.id);
        // Pinpoint: "If you're importing new endpoints, the Address and ChannelType attributes are required."
        if (!stored && (row.patch.ChannelType === undefined || row.patch.Address === undefined)) {
          problems.set(row.id, 'no endpoint has this Id yet, and a new endpoint needs ChannelType and Address');
        } else {
          changes.push({ id: row.id, patch: row.patch, path: '' });
        }
      }
      // The job's id stands for the request id the API would record ("the most recent request to
      // update the endpoint"). Leaving an endpoint out can change which of two endpoints with one
      // address stays ACTIVE, so the merge is made again without it.
      for (;;) {
        const { merged, problems: found } = mergeChanges(changes, existing, now, jobId);
        if (found.size === 0) return merged;
        for (const [id, list] of found) problems.set(id, list.map(withoutPath).join('; '));
        changes = changes.filter((change) => !found.has(change.id));
      }
    },
    deactivateSameAddress: true,
    enforceUserLimit: (userId, others, incoming, joining) => {
      const decision = decideUserLimit(userId, others, incoming, joining);
      if ('refuse' in decision) throw new UserLimitRefusal(decision.refuse);
      return decision;
    },
    attributeKeyLimit: endpointLimits.attributeKeysPerProject,
  };
}

import { SegmentReferenceError, buildSelection } from '../../../domain/segments/build-selection.ts';
import type { SegmentSelection } from '../../../domain/segments/segment-selection.ts';
import { JobFailedError } from '../job-runner.ts';
import type { JobContext } from '../job-runner.ts';
import type { ExportTarget } from './export-target.ts';

/**
 * The endpoints an export writes: the whole project, or the pinned segment version with its
 * source segments resolved now. Resolved again on every (resumed) run: the tree is not stored,
 * and the stored version it comes from does not change.
 */
export async function exportSelection(context: JobContext, target: ExportTarget): Promise<SegmentSelection> {
  if (target.segment === undefined) return { kind: 'all' };
  const { tenant, job, repositories } = context;
  const { id, version } = target.segment;
  const record = await repositories.segments.get(tenant, job.appId, id, version);
  if (!record) throw new JobFailedError(`segment ${id} version ${version} does not exist (deleted after the export job was created?)`);
  try {
    return await buildSelection(record, (ref) => repositories.segments.get(tenant, job.appId, ref.Id, ref.Version));
  } catch (error) {
    // A source segment (or the version it names) is gone: the segment cannot be evaluated.
    if (error instanceof SegmentReferenceError) throw new JobFailedError(error.message, { cause: error });
    throw error;
  }
}

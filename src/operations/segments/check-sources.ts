import { buildSelection, SegmentReferenceError } from '../../domain/segments/build-selection.ts';
import type { SegmentDefinition, SegmentVersionRecord } from '../../domain/segments/segment-record.ts';
import type { OperationContext } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';

/**
 * A definition is refused at write time when its source segments do not resolve (a segment or
 * version that does not exist, a cycle, nesting too deep), so a stored segment always evaluates
 * unless a source is deleted later.
 */
export async function checkSources(context: OperationContext, appId: string, definition: SegmentDefinition, self?: SegmentVersionRecord): Promise<void> {
  await requireApp(context, appId);
  const candidate: SegmentVersionRecord = self
    ? { ...self, version: self.version + 1, definition }
    : { segmentId: '', version: 1, segmentType: 'DIMENSIONAL', creationDate: '', lastModifiedDate: '', definition };
  try {
    await buildSelection(candidate, (ref) =>
      // The segment being written refers to its own new version only through a cycle.
      self && ref.Id === self.segmentId && ref.Version === undefined ? Promise.resolve(candidate) : context.repositories.segments.get(context.tenant, appId, ref.Id, ref.Version),
    );
  } catch (error) {
    if (error instanceof SegmentReferenceError) throw pinpointErrors.badRequest(error.message);
    throw error;
  }
}

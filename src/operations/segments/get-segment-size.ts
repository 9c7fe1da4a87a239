import { buildSelection, SegmentReferenceError } from '../../domain/segments/build-selection.ts';
import type { OperationHandler } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { parseVersion, requireSegment } from './segment-response.ts';

/** GetSegmentSize (spec/pinion-extensions-pinpoint.json): not in the SDK, so its types are ours. */
interface GetSegmentSizeInput {
  ApplicationId: string;
  SegmentId: string;
  Version?: string;
}

interface GetSegmentSizeOutput {
  SegmentSize: { ApplicationId: string; SegmentId: string; Version: number; Size: number; ChannelCounts: Record<string, number>; EvaluationDate: string };
}

/**
 * Pinion extension: how many endpoints a segment version selects right now, per channel, counted
 * in the database (recency windows are anchored at the evaluation date the answer carries).
 */
export const getSegmentSize: OperationHandler<GetSegmentSizeInput, GetSegmentSizeOutput> = async (input, context) => {
  const appId = input.ApplicationId;
  const record = await requireSegment(context, appId, input.SegmentId, input.Version === undefined ? undefined : parseVersion(input.Version));
  let selection;
  try {
    selection = await buildSelection(record, (ref) => context.repositories.segments.get(context.tenant, appId, ref.Id, ref.Version));
  } catch (error) {
    if (error instanceof SegmentReferenceError) throw pinpointErrors.badRequest(error.message);
    throw error;
  }
  const now = context.now();
  const ChannelCounts = await context.repositories.segments.countByChannel(context.tenant, appId, selection, now);
  const Size = Object.values(ChannelCounts).reduce((sum, n) => sum + n, 0);
  return { SegmentSize: { ApplicationId: appId, SegmentId: record.segmentId, Version: record.version, Size, ChannelCounts, EvaluationDate: now.toISOString() } };
};

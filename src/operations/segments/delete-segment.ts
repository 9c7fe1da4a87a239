import type { DeleteSegmentCommandInput, DeleteSegmentCommandOutput } from '@aws-sdk/client-pinpoint';
import { segmentArn } from '../../domain/arn.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';
import { segmentTags, toSegmentResponse } from './segment-response.ts';

/** Answers the deleted segment's latest version, as Pinpoint does. */
export const deleteSegment: OperationHandler<DeleteSegmentCommandInput, Output<DeleteSegmentCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const segmentId = input.SegmentId!;
  const tags = await segmentTags(context, appId, segmentId);
  const current = await context.repositories.segments.get(context.tenant, appId, segmentId);
  // Counted before the members go: the answer describes the segment as it was.
  const response = current ? await toSegmentResponse(context, appId, current, tags) : undefined;
  const deleted = await context.repositories.segments.delete(context.tenant, appId, segmentId, segmentArn(context.tenant, appId, segmentId));
  if (!deleted || !response) {
    await requireApp(context, appId);
    throw pinpointErrors.notFound('Segment not found');
  }
  return { SegmentResponse: response };
};

import type { GetSegmentCommandInput, GetSegmentCommandOutput, GetSegmentVersionCommandInput, GetSegmentVersionCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { parseVersion, requireSegment, segmentTags, toSegmentResponse } from './segment-response.ts';

export const getSegment: OperationHandler<GetSegmentCommandInput, Output<GetSegmentCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const record = await requireSegment(context, appId, input.SegmentId!);
  return { SegmentResponse: await toSegmentResponse(context, appId, record, await segmentTags(context, appId, record.segmentId)) };
};

export const getSegmentVersion: OperationHandler<GetSegmentVersionCommandInput, Output<GetSegmentVersionCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const record = await requireSegment(context, appId, input.SegmentId!, parseVersion(input.Version!));
  return { SegmentResponse: await toSegmentResponse(context, appId, record, await segmentTags(context, appId, record.segmentId)) };
};

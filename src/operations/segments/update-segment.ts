import type { UpdateSegmentCommandInput, UpdateSegmentCommandOutput } from '@aws-sdk/client-pinpoint';
import { segmentArn } from '../../domain/arn.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { putTags } from '../tags/tag-resource.ts';
import { checkSources } from './check-sources.ts';
import { requireSegment, segmentTags, toSegmentResponse } from './segment-response.ts';
import { segmentDefinitionOf } from './write-segment-request.ts';

/**
 * Every update writes a new version (versions are immutable; GetSegmentVersion answers old
 * ones). The request replaces the definition: what it leaves out is gone from the new version,
 * as Pinpoint's PUT does. An imported segment keeps its endpoints and import definition; only its
 * name (and tags) can change, since dimensions would not select among imported endpoints.
 */
export const updateSegment: OperationHandler<UpdateSegmentCommandInput, Output<UpdateSegmentCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const segmentId = input.SegmentId!;
  const request = input.WriteSegmentRequest!;
  const definition = segmentDefinitionOf(request);
  const current = await requireSegment(context, appId, segmentId);
  if (current.segmentType === 'IMPORT' && (definition.Dimensions !== undefined || definition.SegmentGroups !== undefined)) {
    throw pinpointErrors.badRequest(`Segment ${segmentId} is an imported segment: its endpoints come from its import, so Dimensions and SegmentGroups cannot be set; only Name and tags can change`);
  }
  await checkSources(context, appId, definition, current);
  const record = await context.repositories.segments.addVersion(context.tenant, appId, segmentId, context.now().toISOString(), (latest) =>
    latest.segmentType === 'IMPORT'
      ? { ...latest.definition, ...(definition.Name !== undefined ? { Name: definition.Name } : {}), MembersVersion: latest.definition.MembersVersion ?? latest.version }
      : definition,
  );
  if (!record) throw pinpointErrors.notFound('Segment not found');
  if (request.tags !== undefined && Object.keys(request.tags).length > 0) {
    await putTags(context, segmentArn(context.tenant, appId, segmentId), request.tags);
  }
  return { SegmentResponse: await toSegmentResponse(context, appId, record, await segmentTags(context, appId, segmentId)) };
};

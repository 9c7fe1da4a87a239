import type { SegmentResponse } from '@aws-sdk/client-pinpoint';
import { segmentArn } from '../../domain/arn.ts';
import type { SegmentVersionRecord } from '../../domain/segments/segment-record.ts';
import type { OperationContext } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';

/**
 * A stored segment version as Pinpoint answers it. An imported segment's ImportDefinition gets
 * its Size and ChannelCounts counted from the endpoints it holds now (deleted endpoints drop out).
 */
export async function toSegmentResponse(context: OperationContext, appId: string, record: SegmentVersionRecord, tags: Record<string, string>): Promise<SegmentResponse> {
  const { Name, Dimensions, SegmentGroups, ImportDefinition } = record.definition;
  const response: SegmentResponse = {
    ApplicationId: appId,
    Arn: segmentArn(context.tenant, appId, record.segmentId),
    CreationDate: record.creationDate,
    Id: record.segmentId,
    LastModifiedDate: record.lastModifiedDate,
    SegmentType: record.segmentType,
    Version: record.version,
    tags,
    ...(Name !== undefined ? { Name } : {}),
    ...(Dimensions !== undefined ? { Dimensions } : {}),
    ...(SegmentGroups !== undefined ? { SegmentGroups } : {}),
  };
  if (ImportDefinition !== undefined) {
    const selection = { kind: 'members', segmentId: record.segmentId, version: record.definition.MembersVersion ?? record.version } as const;
    const ChannelCounts = await context.repositories.segments.countByChannel(context.tenant, appId, selection, context.now());
    const Size = Object.values(ChannelCounts).reduce((sum, n) => sum + n, 0);
    response.ImportDefinition = { ...ImportDefinition, Size, ChannelCounts };
  }
  return response;
}

/** The segment (latest version, or `version`) of an existing project, or Pinpoint's 404. */
export async function requireSegment(context: OperationContext, appId: string, segmentId: string, version?: number): Promise<SegmentVersionRecord> {
  const segment = await context.repositories.segments.get(context.tenant, appId, segmentId, version);
  if (segment) return segment;
  await requireApp(context, appId);
  if (version !== undefined && (await context.repositories.segments.get(context.tenant, appId, segmentId))) {
    throw pinpointErrors.notFound(`Segment ${segmentId} has no version ${version}`);
  }
  throw pinpointErrors.notFound('Segment not found');
}

/** A version number from a path label: a whole number from 1. */
export function parseVersion(text: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text)) throw pinpointErrors.badRequest(`Version must be a whole number from 1, got '${text.slice(0, 32)}'`);
  return Number(text);
}

export async function segmentTags(context: OperationContext, appId: string, segmentId: string): Promise<Record<string, string>> {
  return context.repositories.tags.list(context.tenant, segmentArn(context.tenant, appId, segmentId));
}

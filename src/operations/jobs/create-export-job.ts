import type { CreateExportJobCommandInput, CreateExportJobCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { inExistingApp, requireApp } from '../apps/app-response.ts';
import { requireSegment } from '../segments/segment-response.ts';
import { newJob, requireJobQuota, requirePassRole, requireS3Location, toJobResponse } from './job-response.ts';

/**
 * Creates an export job of the project's endpoints or of one segment version; the job worker
 * runs it (engine/jobs/export). A segment without SegmentVersion is exported at the version that
 * is latest now, which the answer's Definition says: an update made while the job runs does not
 * change what it exports.
 */
export const createExportJob: OperationHandler<CreateExportJobCommandInput, Output<CreateExportJobCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const request = input.ExportJobRequest!;
  requireS3Location(context, 'S3UrlPrefix', request.S3UrlPrefix!);
  if (request.SegmentVersion !== undefined && request.SegmentId === undefined) throw pinpointErrors.badRequest('SegmentVersion needs a SegmentId');
  if (request.SegmentVersion !== undefined && request.SegmentVersion < 1) throw pinpointErrors.badRequest(`SegmentVersion must be 1 or more, got ${request.SegmentVersion}`);
  await requireApp(context, appId);
  await requirePassRole(context, request.RoleArn!);
  await requireJobQuota(context, 'EXPORT');
  const segment = request.SegmentId === undefined ? undefined : await requireSegment(context, appId, request.SegmentId, request.SegmentVersion);
  const job = newJob(context, {
    id: context.newId(),
    appId,
    jobType: 'EXPORT',
    segmentId: segment?.segmentId,
    definition: {
      RoleArn: request.RoleArn,
      S3UrlPrefix: request.S3UrlPrefix,
      ...(segment ? { SegmentId: segment.segmentId, SegmentVersion: segment.version } : {}),
    },
  });
  await inExistingApp(() => context.repositories.jobs.create(context.tenant, job));
  context.jobs.jobCreated();
  return { ExportJobResponse: toJobResponse(job) };
};

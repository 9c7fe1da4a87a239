import type { CreateImportJobCommandInput, CreateImportJobCommandOutput } from '@aws-sdk/client-pinpoint';
import { segmentArn } from '../../domain/arn.ts';
import { characterCount, isStorableText } from '../../domain/storable-text.ts';
import type { OperationContext, OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { inExistingApp, requireApp } from '../apps/app-response.ts';
import { maxSegmentNameLength } from '../segments/write-segment-request.ts';
import { newJob, requireJobQuota, requirePassRole, requireS3Location, toJobResponse } from './job-response.ts';

type ImportJobRequest = NonNullable<CreateImportJobCommandInput['ImportJobRequest']>;

/**
 * Creates an import job; the job worker runs it (engine/jobs/import). When the job defines a
 * segment (DefineSegment, or SegmentId naming an imported segment), the segment version it fills
 * is made now, so its id is in the answer and GetSegmentImportJobs finds the job at once:
 * - SegmentId: that imported segment gets a new version holding only this import's endpoints
 *   (SegmentName, when given, renames it);
 * - DefineSegment without SegmentId: a new imported segment named SegmentName (or after the job).
 * Endpoints are always stored (a segment selects stored endpoints); RegisterEndpoints is kept in
 * the definition as given.
 */
export const createImportJob: OperationHandler<CreateImportJobCommandInput, Output<CreateImportJobCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const request = input.ImportJobRequest!;
  requireS3Location(context, 'S3Url', request.S3Url!);
  for (const [member, value] of [['SegmentName', request.SegmentName], ['ExternalId', request.ExternalId], ['SegmentId', request.SegmentId]] as const) {
    if (value !== undefined && (!isStorableText(value) || characterCount(value) > maxSegmentNameLength)) {
      throw pinpointErrors.badRequest(`${member} must be at most ${maxSegmentNameLength} characters, without NUL characters or unpaired surrogates`);
    }
  }
  await requireApp(context, appId);
  await requirePassRole(context, request.RoleArn!);
  await requireJobQuota(context, 'IMPORT');
  const id = context.newId();
  const creationDate = context.now().toISOString();
  const target = await importSegment(context, appId, request, id, creationDate);
  const job = newJob(context, {
    id,
    appId,
    jobType: 'IMPORT',
    segmentId: target?.segmentId,
    definition: {
      Format: request.Format,
      RoleArn: request.RoleArn,
      S3Url: request.S3Url,
      ...(request.DefineSegment !== undefined ? { DefineSegment: request.DefineSegment } : {}),
      ...(request.ExternalId !== undefined ? { ExternalId: request.ExternalId } : {}),
      ...(request.RegisterEndpoints !== undefined ? { RegisterEndpoints: request.RegisterEndpoints } : {}),
      ...(request.SegmentName !== undefined ? { SegmentName: request.SegmentName } : {}),
      ...(target ? { SegmentId: target.segmentId, SegmentVersion: target.version } : {}),
    },
  });
  await inExistingApp(() => context.repositories.jobs.create(context.tenant, job));
  context.jobs.jobCreated();
  return { ImportJobResponse: toJobResponse(job) };
};

async function importSegment(context: OperationContext, appId: string, request: ImportJobRequest, jobId: string, now: string): Promise<{ segmentId: string; version: number } | undefined> {
  const importDefinition = { ExternalId: request.ExternalId ?? '', Format: request.Format!, RoleArn: request.RoleArn!, S3Url: request.S3Url!, Size: 0 };
  if (request.SegmentId !== undefined) {
    const segmentId = request.SegmentId;
    const existing = await context.repositories.segments.get(context.tenant, appId, segmentId);
    if (!existing) throw pinpointErrors.notFound(`SegmentId ${segmentId}: segment not found`);
    if (existing.segmentType !== 'IMPORT') {
      throw pinpointErrors.badRequest(`SegmentId ${segmentId} is a dimensional segment; an import job can only add a version to an imported segment`);
    }
    const record = await context.repositories.segments.addVersion(context.tenant, appId, segmentId, now, (latest) => ({
      Name: request.SegmentName ?? latest.definition.Name ?? '',
      ImportDefinition: importDefinition,
      MembersVersion: latest.version + 1,
    }));
    if (!record) throw pinpointErrors.notFound(`SegmentId ${segmentId}: segment not found`);
    return { segmentId, version: record.version };
  }
  if (request.DefineSegment !== true) return undefined;
  const segmentId = context.newId();
  await inExistingApp(() =>
    context.repositories.segments.create(
      context.tenant,
      appId,
      {
        id: segmentId,
        arn: segmentArn(context.tenant, appId, segmentId),
        segmentType: 'IMPORT',
        creationDate: now,
        definition: { Name: request.SegmentName ?? `Import ${jobId}`, ImportDefinition: importDefinition, MembersVersion: 1 },
      },
      {},
    ),
  );
  return { segmentId, version: 1 };
}


import type { JobType } from '../../storage/jobs-repository.ts';
import { decodeListingToken, encodeListingToken, parsePageSize } from '../apps/page-token.ts';
import { requireApp } from '../apps/app-response.ts';
import type { OperationContext } from '../operation-context.ts';
import { requireSegment } from '../segments/segment-response.ts';
import { toJobResponse } from './job-response.ts';

interface ListJobsInput {
  ApplicationId?: string;
  SegmentId?: string;
  PageSize?: string;
  Token?: string;
}

/** A page of a project's (or one segment's) import or export jobs, newest first. */
export async function listJobs(context: OperationContext, jobType: JobType, input: ListJobsInput) {
  const appId = input.ApplicationId!;
  const limit = parsePageSize(input.PageSize);
  const listing = `${jobType.toLowerCase()}-jobs${input.SegmentId !== undefined ? `:${input.SegmentId}` : ''}`;
  const after = input.Token === undefined || input.Token === '' ? undefined : decodeListingToken(listing, input.Token);
  if (input.SegmentId !== undefined) await requireSegment(context, appId, input.SegmentId);
  else await requireApp(context, appId);
  const rows = await context.repositories.jobs.list(context.tenant, appId, jobType, {
    limit: limit + 1,
    ...(after ? { after } : {}),
    ...(input.SegmentId !== undefined ? { segmentId: input.SegmentId } : {}),
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Item: page.map(toJobResponse),
    ...(rows.length > limit && last ? { NextToken: encodeListingToken(listing, { creationDate: last.creationDate, id: last.id }) } : {}),
  };
}

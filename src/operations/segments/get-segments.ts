import type { GetSegmentsCommandInput, GetSegmentsCommandOutput, GetSegmentVersionsCommandInput, GetSegmentVersionsCommandOutput } from '@aws-sdk/client-pinpoint';
import { decodeListingToken, encodeListingToken, parsePageSize } from '../apps/page-token.ts';
import { requireApp } from '../apps/app-response.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireSegment, segmentTags, toSegmentResponse } from './segment-response.ts';

/** The project's segments (latest versions) in creation order, a page at a time. */
export const getSegments: OperationHandler<GetSegmentsCommandInput, Output<GetSegmentsCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const limit = parsePageSize(input.PageSize);
  const after = input.Token === undefined || input.Token === '' ? undefined : decodeListingToken('segments', input.Token);
  await requireApp(context, appId);
  const rows = await context.repositories.segments.list(context.tenant, appId, { limit: limit + 1, ...(after ? { after } : {}) });
  const page = rows.slice(0, limit);
  const Item = [];
  for (const record of page) Item.push(await toSegmentResponse(context, appId, record, await segmentTags(context, appId, record.segmentId)));
  const last = page[page.length - 1];
  return {
    SegmentsResponse: {
      Item,
      ...(rows.length > limit && last ? { NextToken: encodeListingToken('segments', { creationDate: last.creationDate, id: last.segmentId }) } : {}),
    },
  };
};

/** A segment's versions, newest first; the token carries the last version answered. */
export const getSegmentVersions: OperationHandler<GetSegmentVersionsCommandInput, Output<GetSegmentVersionsCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const segmentId = input.SegmentId!;
  const limit = parsePageSize(input.PageSize);
  let before: number | undefined;
  if (input.Token !== undefined && input.Token !== '') {
    // The cursor's date part names the segment: a token of another segment's versions is refused.
    const cursor = decodeListingToken('segment-versions', input.Token);
    if (cursor.creationDate !== segmentId || !/^[1-9]\d{0,8}$/.test(cursor.id)) throw pinpointErrors.badRequest(`The token '${input.Token.slice(0, 64)}' is not a token this listing returned`);
    before = Number(cursor.id);
  }
  await requireSegment(context, appId, segmentId);
  const rows = await context.repositories.segments.listVersions(context.tenant, appId, segmentId, { limit: limit + 1, ...(before !== undefined ? { before } : {}) });
  const page = rows.slice(0, limit);
  const tags = await segmentTags(context, appId, segmentId);
  const Item = [];
  for (const record of page) Item.push(await toSegmentResponse(context, appId, record, tags));
  const last = page[page.length - 1];
  return {
    SegmentsResponse: {
      Item,
      ...(rows.length > limit && last ? { NextToken: encodeListingToken('segment-versions', { creationDate: segmentId, id: String(last.version) }) } : {}),
    },
  };
};

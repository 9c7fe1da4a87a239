import type { CreateSegmentCommandInput, CreateSegmentCommandOutput } from '@aws-sdk/client-pinpoint';
import { segmentArn } from '../../domain/arn.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { inExistingApp } from '../apps/app-response.ts';
import { checkSources } from './check-sources.ts';
import { toSegmentResponse } from './segment-response.ts';
import { segmentDefinitionOf } from './write-segment-request.ts';

export const createSegment: OperationHandler<CreateSegmentCommandInput, Output<CreateSegmentCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const request = input.WriteSegmentRequest!;
  const definition = segmentDefinitionOf(request);
  await checkSources(context, appId, definition);
  const id = context.newId();
  const tags = request.tags ?? {};
  const record = await inExistingApp(() =>
    context.repositories.segments.create(
      context.tenant,
      appId,
      { id, arn: segmentArn(context.tenant, appId, id), segmentType: 'DIMENSIONAL', creationDate: context.now().toISOString(), definition },
      tags,
    ),
  );
  return { SegmentResponse: await toSegmentResponse(context, appId, record, tags) };
};

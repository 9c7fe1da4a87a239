import type { ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { resolveTaggableArn } from './resolve-taggable.ts';

export const listTagsForResource: OperationHandler<
  ListTagsForResourceCommandInput,
  Output<ListTagsForResourceCommandOutput>
> = async (input, context) => {
  const arn = await resolveTaggableArn(context, input.ResourceArn!);
  return { TagsModel: { tags: await context.repositories.tags.list(context.tenant, arn) } };
};

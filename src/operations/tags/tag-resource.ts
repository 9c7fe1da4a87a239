import type { TagResourceCommandInput } from '@aws-sdk/client-pinpoint';
import { maxTagsPerResource, tagProblems } from '../../domain/tags.ts';
import { TagLimitExceededError } from '../../storage/repositories.ts';
import type { OperationContext, OperationHandler } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { resolveTaggableArn } from './resolve-taggable.ts';

export const tagResource: OperationHandler<TagResourceCommandInput, Record<string, never>> = async (input, context) => {
  const tags = input.TagsModel!.tags!;
  const problems = tagProblems(tags);
  if (Object.keys(tags).length === 0) problems.push('At least one tag is required');
  if (problems.length > 0) throw pinpointErrors.badRequest(problems.join('; '));
  const arn = await resolveTaggableArn(context, input.ResourceArn!);
  await putTags(context, arn, tags);
  return {};
};

/** Adds or overwrites tags of a resource, refusing with 400 (nothing written) past the per-resource limit. */
export async function putTags(context: OperationContext, arn: string, tags: Record<string, string>): Promise<void> {
  try {
    await context.repositories.tags.put(context.tenant, arn, tags, maxTagsPerResource);
  } catch (error) {
    if (error instanceof TagLimitExceededError) {
      throw pinpointErrors.badRequest(`A resource can have at most ${maxTagsPerResource} tags; this request would give it ${error.wouldHave}`);
    }
    throw error;
  }
}

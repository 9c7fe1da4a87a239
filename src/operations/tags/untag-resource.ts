import type { UntagResourceCommandInput } from '@aws-sdk/client-pinpoint';
import { maxTagsPerResource, tagKeyProblem } from '../../domain/tags.ts';
import type { OperationHandler } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { resolveTaggableArn } from './resolve-taggable.ts';

export const untagResource: OperationHandler<UntagResourceCommandInput, Record<string, never>> = async (input, context) => {
  const keys = input.TagKeys!;
  if (keys.length === 0) throw pinpointErrors.badRequest('At least one tag key is required (tagKeys)');
  if (keys.length > maxTagsPerResource) throw pinpointErrors.badRequest(`At most ${maxTagsPerResource} tag keys may be removed at once; ${keys.length} were given`);
  const problems = keys.map(tagKeyProblem).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw pinpointErrors.badRequest(problems.join('; '));
  const arn = await resolveTaggableArn(context, input.ResourceArn!);
  await context.repositories.tags.remove(context.tenant, arn, keys);
  return {};
};

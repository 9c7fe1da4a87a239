import type { TemplateContent } from '../../domain/templates/template-content.ts';
import { templateContentProblems } from '../../domain/templates/validate-template.ts';
import { tagProblems } from '../../domain/tags.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import type { TemplateKind } from './template-response.ts';

/**
 * The content a Create/Update request writes (its template request, less tags) and its tags,
 * refused with 400 naming every member that is wrong. Updates ignore tags altogether, as Pinpoint
 * has done since 2023-05-22 ("any value in tags is not processed and an error code is not
 * returned"): tags of an existing template change through TagResource and UntagResource.
 */
export function templateWriteOf(kind: TemplateKind, input: Record<string, unknown>, withTags: boolean): { content: TemplateContent; tags: Record<string, string> } {
  const request = (input[kind.requestMember] ?? {}) as Record<string, unknown> & { tags?: Record<string, string> };
  const { tags = {}, ...content } = request;
  const problems = templateContentProblems(kind.type, kind.requestMember, content as TemplateContent);
  if (withTags) problems.push(...tagProblems(tags).map((problem) => `${kind.requestMember}.tags: ${problem}`));
  if (problems.length > 0) throw pinpointErrors.badRequest(problems.join('; '));
  return { content: content as TemplateContent, tags: withTags ? tags : {} };
}

import type { WriteSegmentRequest } from '@aws-sdk/client-pinpoint';
import type { SegmentDefinition } from '../../domain/segments/segment-record.ts';
import { segmentDefinitionProblem } from '../../domain/segments/validate-segment.ts';
import { characterCount, isStorableText } from '../../domain/storable-text.ts';
import { tagProblems } from '../../domain/tags.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

/** Longest segment name Pinion stores (Pinpoint documents none; the console shows about this much). */
export const maxSegmentNameLength = 255;

/**
 * The definition a CreateSegment/UpdateSegment request writes, checked beyond what the model
 * says: a name that can be stored, tags within limits, and dimensions and groups that mean
 * something (domain/segments/validate-segment.ts names the member that is wrong).
 */
export function segmentDefinitionOf(request: WriteSegmentRequest): SegmentDefinition {
  const problems: string[] = [];
  if (request.Name !== undefined && characterCount(request.Name) > maxSegmentNameLength) problems.push(`Name must be at most ${maxSegmentNameLength} characters`);
  const unstorable = unstorablePath(request, '');
  if (unstorable !== undefined) problems.push(`${unstorable} must not contain NUL characters or unpaired surrogates`);
  problems.push(...tagProblems(request.tags ?? {}));
  const definition: SegmentDefinition = {
    ...(request.Name !== undefined ? { Name: request.Name } : {}),
    ...(request.Dimensions !== undefined ? { Dimensions: request.Dimensions } : {}),
    ...(request.SegmentGroups !== undefined ? { SegmentGroups: request.SegmentGroups } : {}),
  };
  const definitionProblem = segmentDefinitionProblem(definition);
  if (definitionProblem) problems.push(definitionProblem);
  if (problems.length > 0) throw pinpointErrors.badRequest(problems.join('; '));
  return definition;
}

/** The path of the first text (key or value) in the request that neither database stores faithfully. */
function unstorablePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorablePath(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const here = path === '' ? key : `${path}.${key}`;
      if (!isStorableText(key)) return `${path === '' ? '' : `${path}.`}(a name)`;
      const found = unstorablePath(item, here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

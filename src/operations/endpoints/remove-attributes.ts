import type { RemoveAttributesCommandInput, RemoveAttributesCommandOutput } from '@aws-sdk/client-pinpoint';
import { endpointLimits } from '../../domain/endpoints/endpoint-limits.ts';
import { attributeTypes } from '../../domain/endpoints/stored-endpoint.ts';
import type { AttributeType } from '../../domain/endpoints/stored-endpoint.ts';
import { compileGlob } from '../../iam/policy/wildcard.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';

const MAX_PATTERN_LENGTH = 2 * endpointLimits.attributeNameLength;

/**
 * Removes attribute names (exact names, or glob patterns with * and ?) from the project's
 * registry and from every endpoint that has them; answers the names removed.
 */
export const removeAttributes: OperationHandler<RemoveAttributesCommandInput, Output<RemoveAttributesCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const type = input.AttributeType!;
  if (!(attributeTypes as readonly string[]).includes(type)) {
    throw pinpointErrors.badRequest(`AttributeType: must be one of ${attributeTypes.join(', ')}, got '${type}'`);
  }
  const patterns = input.UpdateAttributesRequest?.Blacklist ?? [];
  if (patterns.length === 0) throw pinpointErrors.badRequest('UpdateAttributesRequest.Blacklist: name at least one attribute (or a pattern such as "color*") to remove');
  if (patterns.some((pattern) => pattern === '')) throw pinpointErrors.badRequest('UpdateAttributesRequest.Blacklist: names must not be empty');
  // A project has at most 250 names of at most 50 characters; more or longer patterns than that
  // can only be a mistake (or a way to burn CPU).
  if (patterns.length > endpointLimits.attributeKeysPerProject) {
    throw pinpointErrors.badRequest(`UpdateAttributesRequest.Blacklist: at most ${endpointLimits.attributeKeysPerProject} names or patterns, got ${patterns.length}`);
  }
  if (patterns.some((pattern) => pattern.length > MAX_PATTERN_LENGTH)) {
    throw pinpointErrors.badRequest(`UpdateAttributesRequest.Blacklist: names and patterns can be at most ${MAX_PATTERN_LENGTH} characters`);
  }
  await requireApp(context, appId);
  const registered = await context.repositories.endpoints.attributeNames(context.tenant, appId, type as AttributeType);
  // Exact names are removed even when no longer registered: that finishes a removal a crash cut short.
  const exact = patterns.filter((pattern) => !/[*?]/.test(pattern));
  const tests = patterns.map((pattern) => compileGlob(pattern, 'plain'));
  const names = [...new Set([...registered.filter((name) => tests.some((test) => test(name))), ...exact])];
  const removed = await context.repositories.endpoints.removeAttributes(context.tenant, appId, type as AttributeType, names);
  return { AttributesResource: { ApplicationId: appId, AttributeType: type, Attributes: removed } };
};

import type { RemoveAttributesCommandInput, RemoveAttributesCommandOutput } from '@aws-sdk/client-pinpoint';
import { attributeTypes } from '../../domain/endpoints/stored-endpoint.ts';
import type { AttributeType } from '../../domain/endpoints/stored-endpoint.ts';
import { matchesGlob } from '../../iam/policy/wildcard.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from './endpoint-response.ts';

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
  await requireApp(context, appId);
  const registered = await context.repositories.endpoints.attributeNames(context.tenant, appId, type as AttributeType);
  const names = registered.filter((name) => patterns.some((pattern) => matchesGlob(pattern, name, 'plain')));
  const removed = await context.repositories.endpoints.removeAttributes(context.tenant, appId, type as AttributeType, names);
  return { AttributesResource: { ApplicationId: appId, AttributeType: type, Attributes: removed } };
};

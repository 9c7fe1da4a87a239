import { parseArn, parseTaggableResource, segmentArn, templateArn } from '../../domain/arn.ts';
import { isTemplateType } from '../../domain/templates/template-content.ts';
import type { OperationContext } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

/**
 * Checks that a tag request names an existing taggable resource of the caller's tenant.
 * Campaigns and journeys are not stored yet, so such ARNs are well-formed but name nothing:
 * 404, like any other missing resource.
 */
export async function resolveTaggableArn(context: OperationContext, resourceArn: string): Promise<string> {
  const arn = parseArn(resourceArn);
  if (!arn || arn.partition !== 'aws' || arn.service !== 'mobiletargeting') {
    throw pinpointErrors.badRequest(`'${resourceArn.slice(0, 256)}' is not an Amazon Pinpoint resource ARN`);
  }
  const resource = parseTaggableResource(arn.resource);
  if (!resource) throw pinpointErrors.badRequest(`Resource '${arn.resource.slice(0, 256)}' in ARN '${resourceArn.slice(0, 256)}' cannot be tagged`);
  if (arn.accountId !== context.tenant.accountId || arn.region !== context.tenant.region) {
    throw pinpointErrors.notFound(`Resource not found: ${resourceArn}`);
  }
  if (resource.kind === 'app') {
    const app = await context.repositories.apps.get(context.tenant, resource.appId);
    if (app) return app.arn;
  }
  if (resource.kind === 'segment') {
    const segment = await context.repositories.segments.get(context.tenant, resource.appId, resource.id);
    if (segment) return segmentArn(context.tenant, resource.appId, resource.id);
  }
  if (resource.kind === 'template' && isTemplateType(resource.type)) {
    const template = await context.repositories.templates.get(context.tenant, resource.name, resource.type);
    if (template) return templateArn(context.tenant, resource.name, resource.type);
  }
  throw pinpointErrors.notFound(`Resource not found: ${resourceArn}`);
}

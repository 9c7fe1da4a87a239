import type { Tenant } from '../storage/tenant.ts';

/** Pinpoint resource ARNs: arn:aws:mobiletargeting:<region>:<account>:<resource>. Pure. */

export const pinpointArnPrefix = 'arn:aws:mobiletargeting:';

export function appArn(tenant: Tenant, appId: string): string {
  return `${pinpointArnPrefix}${tenant.region}:${tenant.accountId}:apps/${appId}`;
}

export function segmentArn(tenant: Tenant, appId: string, segmentId: string): string {
  return `${appArn(tenant, appId)}/segments/${segmentId}`;
}

/** Message templates are account and region wide: arn:aws:mobiletargeting:<region>:<account>:templates/<name>/<TYPE>. */
export function templateArn(tenant: Tenant, name: string, type: string): string {
  return `${pinpointArnPrefix}${tenant.region}:${tenant.accountId}:templates/${name}/${type}`;
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

/** Splits an ARN into its six parts; undefined when it is not one. */
export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (partition === '' || service === '' || resource === '') return undefined;
  return { partition, service, region, accountId, resource };
}

/** The kinds of Pinpoint resources that carry tags. */
export type TaggableResource =
  | { kind: 'app'; appId: string }
  | { kind: 'campaign' | 'segment' | 'journey'; appId: string; id: string }
  | { kind: 'template'; name: string; type: string };

export function parseTaggableResource(resource: string): TaggableResource | undefined {
  const app = /^apps\/([^/]+)$/.exec(resource);
  if (app) return { kind: 'app', appId: app[1]! };
  const child = /^apps\/([^/]+)\/(campaigns|segments|journeys)\/([^/]+)$/.exec(resource);
  if (child) {
    const kind = child[2] === 'campaigns' ? 'campaign' : child[2] === 'segments' ? 'segment' : 'journey';
    return { kind, appId: child[1]!, id: child[3]! };
  }
  const template = /^templates\/([^/]+)\/(EMAIL|SMS|PUSH|VOICE|INAPP)$/.exec(resource);
  if (template) return { kind: 'template', name: template[1]!, type: template[2]! };
  return undefined;
}

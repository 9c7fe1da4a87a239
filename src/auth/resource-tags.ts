import type { Repositories } from '../storage/repositories.ts';
import type { Tenant } from '../storage/tenant.ts';
import type { ResourceTagLookup } from './authorizer.ts';

const iamEntityArn = /^arn:aws:iam::(\d{12}):(user|role)(?:\/.*)?\/([^/]+)$/;

/**
 * aws:ResourceTag/* for the resource a request targets: IAM users' and roles' tags from the
 * identity store (iam:PassRole, iam:GetUser…), everything else from the Pinpoint tag store.
 */
export function resourceTagLookup(repositories: Repositories): ResourceTagLookup {
  return async (tenant: Tenant, resourceArn: string) => {
    const iam = iamEntityArn.exec(resourceArn);
    if (!iam) return repositories.tags.list(tenant, resourceArn);
    if (iam[1] !== tenant.accountId) return {};
    const entity = await repositories.iam.getEntity(tenant.accountId, iam[2] as 'user' | 'role', iam[3]!);
    return entity && entity.arn === resourceArn ? repositories.iam.entityTags(tenant.accountId, entity.id) : {};
  };
}

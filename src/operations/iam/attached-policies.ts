import type { EntityKind } from '../../storage/iam-repository.ts';
import type { OperationHandler } from '../operation-context.ts';
import { iamCall } from './iam-errors.ts';
import { entityTitle } from './iam-naming.ts';
import { pageOutput, pageRequest } from './iam-shapes.ts';

/** Attach/Detach{User,Group,Role}Policy and ListAttached{User,Group,Role}Policies. */

type Input = Record<string, unknown> & { PolicyArn?: string; PathPrefix?: string; Marker?: string; MaxItems?: number };

/** IAM's default quota of managed policies attached to one user, group or role. */
export const maxAttachedPolicies = 10;

const nameMember = (kind: EntityKind) => `${entityTitle[kind]}Name`;

export function attachPolicy(kind: EntityKind): OperationHandler<Input, object> {
  return async (input, context) => {
    await iamCall(() =>
      context.repositories.iam.attachPolicy(context.tenant.accountId, kind, input[nameMember(kind)] as string, input.PolicyArn!, maxAttachedPolicies),
    );
    context.identityChanged();
    return {};
  };
}

export function detachPolicy(kind: EntityKind): OperationHandler<Input, object> {
  return async (input, context) => {
    await iamCall(() => context.repositories.iam.detachPolicy(context.tenant.accountId, kind, input[nameMember(kind)] as string, input.PolicyArn!));
    context.identityChanged();
    return {};
  };
}

export function listAttachedPolicies(kind: EntityKind): OperationHandler<Input, object> {
  return async (input, context) => {
    const page = await iamCall(() =>
      context.repositories.iam.attachedPolicies(context.tenant.accountId, kind, input[nameMember(kind)] as string, {
        ...pageRequest(input),
        ...(input.PathPrefix === undefined ? {} : { pathPrefix: input.PathPrefix }),
      }),
    );
    return { AttachedPolicies: page.items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })), ...pageOutput(page) };
  };
}

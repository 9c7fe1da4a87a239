import type {
  CreateRoleCommandInput,
  CreateRoleCommandOutput,
  DeleteRoleCommandInput,
  GetRoleCommandInput,
  GetRoleCommandOutput,
  ListRolesCommandInput,
  ListRolesCommandOutput,
  UpdateAssumeRolePolicyCommandInput,
} from '@aws-sdk/client-iam';
import type { OperationHandler, Output } from '../operation-context.ts';
import { iamCall, iamErrors } from './iam-errors.ts';
import { checkPath, entityArn, newUniqueId } from './iam-naming.ts';
import { checkTrustPolicy } from './policy-documents.ts';
import { pageOutput, pageRequest, refuseBoundary, tagsFromInput, toRole } from './iam-shapes.ts';

export const createRole: OperationHandler<CreateRoleCommandInput, Output<CreateRoleCommandOutput>> = async (input, context) => {
  const path = input.Path ?? '/';
  const pathProblem = checkPath(path);
  if (pathProblem) throw iamErrors.validation(pathProblem);
  checkTrustPolicy(input.AssumeRolePolicyDocument!);
  refuseBoundary(input.PermissionsBoundary);
  const tags = tagsFromInput(input.Tags);
  const accountId = context.tenant.accountId;
  const role = {
    kind: 'role' as const,
    id: newUniqueId('role'),
    name: input.RoleName!,
    path,
    arn: entityArn(accountId, 'role', path, input.RoleName!),
    createDate: new Date(Math.floor(context.now().getTime() / 1000) * 1000),
    details: {
      AssumeRolePolicyDocument: input.AssumeRolePolicyDocument!,
      MaxSessionDuration: input.MaxSessionDuration ?? 3600,
      ...(input.Description === undefined ? {} : { Description: input.Description }),
    },
  };
  await iamCall(() => context.repositories.iam.createEntity(accountId, role, tags));
  context.identityChanged();
  return { Role: toRole(role, tags) };
};

export const getRole: OperationHandler<GetRoleCommandInput, Output<GetRoleCommandOutput>> = async (input, context) => {
  const accountId = context.tenant.accountId;
  const role = await context.repositories.iam.getEntity(accountId, 'role', input.RoleName!);
  if (!role) throw iamErrors.noSuchEntity(`The role with name ${input.RoleName!} cannot be found.`);
  return { Role: toRole(role, await context.repositories.iam.entityTags(accountId, role.id)) };
};

export const listRoles: OperationHandler<ListRolesCommandInput, Output<ListRolesCommandOutput>> = async (input, context) => {
  const page = await context.repositories.iam.listEntities(context.tenant.accountId, 'role', {
    ...pageRequest(input),
    ...(input.PathPrefix === undefined ? {} : { pathPrefix: input.PathPrefix }),
  });
  return { Roles: page.items.map((role) => toRole(role)), ...pageOutput(page) };
};

export const updateAssumeRolePolicy: OperationHandler<UpdateAssumeRolePolicyCommandInput, object> = async (input, context) => {
  checkTrustPolicy(input.PolicyDocument!);
  await iamCall(() =>
    context.repositories.iam.updateEntity(context.tenant.accountId, 'role', input.RoleName!, { details: { AssumeRolePolicyDocument: input.PolicyDocument! } }),
  );
  context.identityChanged();
  return {};
};

export const deleteRole: OperationHandler<DeleteRoleCommandInput, object> = async (input, context) => {
  await iamCall(() => context.repositories.iam.deleteEntity(context.tenant.accountId, 'role', input.RoleName!));
  context.identityChanged();
  return {};
};

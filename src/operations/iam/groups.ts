import type {
  AddUserToGroupCommandInput,
  CreateGroupCommandInput,
  CreateGroupCommandOutput,
  DeleteGroupCommandInput,
  GetGroupCommandInput,
  GetGroupCommandOutput,
  ListGroupsCommandInput,
  ListGroupsCommandOutput,
  ListGroupsForUserCommandInput,
  ListGroupsForUserCommandOutput,
  RemoveUserFromGroupCommandInput,
} from '@aws-sdk/client-iam';
import type { OperationHandler, Output } from '../operation-context.ts';
import { iamCall, iamErrors } from './iam-errors.ts';
import { checkPath, entityArn, newUniqueId } from './iam-naming.ts';
import { pageOutput, pageRequest, toGroup, toUser } from './iam-shapes.ts';

export const createGroup: OperationHandler<CreateGroupCommandInput, Output<CreateGroupCommandOutput>> = async (input, context) => {
  const path = input.Path ?? '/';
  const pathProblem = checkPath(path);
  if (pathProblem) throw iamErrors.validation(pathProblem);
  const accountId = context.tenant.accountId;
  const group = {
    kind: 'group' as const,
    id: newUniqueId('group'),
    name: input.GroupName!,
    path,
    arn: entityArn(accountId, 'group', path, input.GroupName!),
    createDate: new Date(Math.floor(context.now().getTime() / 1000) * 1000),
    details: {},
  };
  await iamCall(() => context.repositories.iam.createEntity(accountId, group, {}));
  context.identityChanged();
  return { Group: toGroup(group) };
};

export const getGroup: OperationHandler<GetGroupCommandInput, Output<GetGroupCommandOutput>> = async (input, context) => {
  const accountId = context.tenant.accountId;
  const group = await context.repositories.iam.getEntity(accountId, 'group', input.GroupName!);
  if (!group) throw iamErrors.noSuchEntity(`The group with name ${input.GroupName!} cannot be found.`);
  const members = await iamCall(() => context.repositories.iam.groupMembers(accountId, input.GroupName!, pageRequest(input)));
  return { Group: toGroup(group), Users: members.items.map((user) => toUser(user)), ...pageOutput(members) };
};

export const listGroups: OperationHandler<ListGroupsCommandInput, Output<ListGroupsCommandOutput>> = async (input, context) => {
  const page = await context.repositories.iam.listEntities(context.tenant.accountId, 'group', {
    ...pageRequest(input),
    ...(input.PathPrefix === undefined ? {} : { pathPrefix: input.PathPrefix }),
  });
  return { Groups: page.items.map(toGroup), ...pageOutput(page) };
};

export const listGroupsForUser: OperationHandler<ListGroupsForUserCommandInput, Output<ListGroupsForUserCommandOutput>> = async (input, context) => {
  const page = await iamCall(() => context.repositories.iam.groupsForUser(context.tenant.accountId, input.UserName!, pageRequest(input)));
  return { Groups: page.items.map(toGroup), ...pageOutput(page) };
};

export const deleteGroup: OperationHandler<DeleteGroupCommandInput, object> = async (input, context) => {
  await iamCall(() => context.repositories.iam.deleteEntity(context.tenant.accountId, 'group', input.GroupName!));
  context.identityChanged();
  return {};
};

export const addUserToGroup: OperationHandler<AddUserToGroupCommandInput, object> = async (input, context) => {
  await iamCall(() => context.repositories.iam.addUserToGroup(context.tenant.accountId, input.GroupName!, input.UserName!));
  context.identityChanged();
  return {};
};

export const removeUserFromGroup: OperationHandler<RemoveUserFromGroupCommandInput, object> = async (input, context) => {
  await iamCall(() => context.repositories.iam.removeUserFromGroup(context.tenant.accountId, input.GroupName!, input.UserName!));
  context.identityChanged();
  return {};
};

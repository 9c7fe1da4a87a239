import type {
  CreateUserCommandInput,
  CreateUserCommandOutput,
  DeleteUserCommandInput,
  GetUserCommandInput,
  GetUserCommandOutput,
  ListUsersCommandInput,
  ListUsersCommandOutput,
  UpdateUserCommandInput,
} from '@aws-sdk/client-iam';
import type { OperationContext, OperationHandler, Output } from '../operation-context.ts';
import { iamCall, iamErrors } from './iam-errors.ts';
import { checkPath, entityArn, newUniqueId } from './iam-naming.ts';
import { pageOutput, pageRequest, refuseBoundary, tagsFromInput, toUser } from './iam-shapes.ts';

/** The user a request names, or the caller's own user when it names none (as IAM does). */
export function userNameOrCaller(name: string | undefined, context: OperationContext): string {
  if (name !== undefined) return name;
  const caller = context.caller;
  if (caller.kind === 'user') return caller.userName;
  throw iamErrors.validation(
    caller.kind === 'root'
      ? "Pinion's root credentials come from its configuration, not from IAM: name a user (UserName)"
      : 'Must specify userName when calling with non-User credentials',
  );
}

export const createUser: OperationHandler<CreateUserCommandInput, Output<CreateUserCommandOutput>> = async (input, context) => {
  const path = input.Path ?? '/';
  const pathProblem = checkPath(path);
  if (pathProblem) throw iamErrors.validation(pathProblem);
  refuseBoundary(input.PermissionsBoundary);
  const tags = tagsFromInput(input.Tags);
  const accountId = context.tenant.accountId;
  const user = {
    kind: 'user' as const,
    id: newUniqueId('user'),
    name: input.UserName!,
    path,
    arn: entityArn(accountId, 'user', path, input.UserName!),
    createDate: new Date(Math.floor(context.now().getTime() / 1000) * 1000),
    details: {},
  };
  await iamCall(() => context.repositories.iam.createEntity(accountId, user, tags));
  context.identityChanged();
  return { User: toUser(user, tags) };
};

export const getUser: OperationHandler<GetUserCommandInput, Output<GetUserCommandOutput>> = async (input, context) => {
  const accountId = context.tenant.accountId;
  if (input.UserName === undefined && context.caller.kind === 'root') {
    // IAM answers GetUser for the root user with the account's root identity and no user name.
    const root = { UserId: accountId, Arn: context.caller.arn, CreateDate: new Date(0) };
    return { User: root as Output<GetUserCommandOutput>['User'] & object };
  }
  const name = userNameOrCaller(input.UserName, context);
  const user = await context.repositories.iam.getEntity(accountId, 'user', name);
  if (!user) throw iamErrors.noSuchEntity(`The user with name ${name} cannot be found.`);
  const tags = await context.repositories.iam.entityTags(accountId, user.id);
  return { User: toUser(user, tags) };
};

export const listUsers: OperationHandler<ListUsersCommandInput, Output<ListUsersCommandOutput>> = async (input, context) => {
  const page = await context.repositories.iam.listEntities(context.tenant.accountId, 'user', {
    ...pageRequest(input),
    ...(input.PathPrefix === undefined ? {} : { pathPrefix: input.PathPrefix }),
  });
  return { Users: page.items.map((user) => toUser(user)), ...pageOutput(page) };
};

export const updateUser: OperationHandler<UpdateUserCommandInput, object> = async (input, context) => {
  const accountId = context.tenant.accountId;
  const name = input.UserName!;
  const pathProblem = checkPath(input.NewPath);
  if (pathProblem) throw iamErrors.validation(pathProblem);
  const current = await context.repositories.iam.getEntity(accountId, 'user', name);
  if (!current) throw iamErrors.noSuchEntity(`The user with name ${name} cannot be found.`);
  const newName = input.NewUserName ?? current.name;
  const newPath = input.NewPath ?? current.path;
  await iamCall(() =>
    context.repositories.iam.updateEntity(accountId, 'user', name, {
      newName,
      newPath,
      newArn: entityArn(accountId, 'user', newPath, newName),
    }),
  );
  context.identityChanged();
  return {};
};

export const deleteUser: OperationHandler<DeleteUserCommandInput, object> = async (input, context) => {
  await iamCall(() => context.repositories.iam.deleteEntity(context.tenant.accountId, 'user', input.UserName!));
  context.identityChanged();
  return {};
};

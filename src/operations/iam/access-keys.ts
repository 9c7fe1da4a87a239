import type {
  CreateAccessKeyCommandInput,
  CreateAccessKeyCommandOutput,
  DeleteAccessKeyCommandInput,
  GetAccessKeyLastUsedCommandInput,
  GetAccessKeyLastUsedCommandOutput,
  ListAccessKeysCommandInput,
  ListAccessKeysCommandOutput,
  UpdateAccessKeyCommandInput,
} from '@aws-sdk/client-iam';
import type { OperationHandler, Output } from '../operation-context.ts';
import { accessKeySecretContext } from '../../security/secret-contexts.ts';
import { iamCall, iamErrors } from './iam-errors.ts';
import { newAccessKeyId, newSecretAccessKey } from './iam-naming.ts';
import { userNameOrCaller } from './users.ts';

/** IAM's quota: two access keys per user. */
export const maxAccessKeysPerUser = 2;


export const createAccessKey: OperationHandler<CreateAccessKeyCommandInput, Output<CreateAccessKeyCommandOutput>> = async (input, context) => {
  const userName = userNameOrCaller(input.UserName, context);
  const accessKeyId = newAccessKeyId(false);
  const secret = newSecretAccessKey();
  const createDate = new Date(Math.floor(context.now().getTime() / 1000) * 1000);
  const key = await iamCall(() =>
    context.repositories.iam.createAccessKey(
      context.tenant.accountId,
      userName,
      { accessKeyId, secretSealed: context.secrets.seal(secret, accessKeySecretContext(accessKeyId)), createDate },
      maxAccessKeysPerUser,
    ),
  );
  context.identityChanged();
  // The one and only time the secret leaves Pinion.
  return { AccessKey: { UserName: key.userName, AccessKeyId: accessKeyId, Status: 'Active', SecretAccessKey: secret, CreateDate: createDate } };
};

export const listAccessKeys: OperationHandler<ListAccessKeysCommandInput, Output<ListAccessKeysCommandOutput>> = async (input, context) => {
  const keys = await iamCall(() => context.repositories.iam.listAccessKeys(context.tenant.accountId, userNameOrCaller(input.UserName, context)));
  // At most two keys per user: one page always holds them all.
  return {
    AccessKeyMetadata: keys.map((k) => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createDate })),
    IsTruncated: false,
  };
};

export const updateAccessKey: OperationHandler<UpdateAccessKeyCommandInput, object> = async (input, context) => {
  const status = input.Status!;
  if (status !== 'Active' && status !== 'Inactive') throw iamErrors.validation(`Status must be Active or Inactive, not ${status}`);
  await iamCall(() =>
    context.repositories.iam.updateAccessKeyStatus(context.tenant.accountId, userNameOrCaller(input.UserName, context), input.AccessKeyId!, status),
  );
  context.identityChanged();
  return {};
};

export const deleteAccessKey: OperationHandler<DeleteAccessKeyCommandInput, object> = async (input, context) => {
  await iamCall(() => context.repositories.iam.deleteAccessKey(context.tenant.accountId, userNameOrCaller(input.UserName, context), input.AccessKeyId!));
  context.identityChanged();
  return {};
};

export const getAccessKeyLastUsed: OperationHandler<GetAccessKeyLastUsedCommandInput, Output<GetAccessKeyLastUsedCommandOutput>> = async (input, context) => {
  const found = await context.repositories.iam.findAccessKey(input.AccessKeyId!);
  if (!found || found.accountId !== context.tenant.accountId) {
    throw iamErrors.noSuchEntity(`The Access Key with id ${input.AccessKeyId!} cannot be found`);
  }
  const { key } = found;
  return {
    UserName: key.userName,
    AccessKeyLastUsed: {
      ...(key.lastUsedDate ? { LastUsedDate: key.lastUsedDate } : {}),
      ServiceName: key.lastUsedService ?? 'N/A',
      Region: key.lastUsedRegion ?? 'N/A',
    },
  };
};

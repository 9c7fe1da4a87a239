import type {
  CreatePolicyCommandInput,
  CreatePolicyCommandOutput,
  CreatePolicyVersionCommandInput,
  CreatePolicyVersionCommandOutput,
  DeletePolicyCommandInput,
  DeletePolicyVersionCommandInput,
  GetPolicyCommandInput,
  GetPolicyCommandOutput,
  GetPolicyVersionCommandInput,
  GetPolicyVersionCommandOutput,
  ListPoliciesCommandInput,
  ListPoliciesCommandOutput,
  ListPolicyVersionsCommandInput,
  ListPolicyVersionsCommandOutput,
  SetDefaultPolicyVersionCommandInput,
} from '@aws-sdk/client-iam';
import type { OperationContext, OperationHandler, Output } from '../operation-context.ts';
import { iamCall, iamErrors } from './iam-errors.ts';
import { checkPath, entityArn, newUniqueId } from './iam-naming.ts';
import { pageOutput, pageRequest, toPolicy, toPolicyVersion } from './iam-shapes.ts';
import { checkManagedPolicy } from './policy-documents.ts';

/** IAM keeps at most five versions of a managed policy. */
export const maxPolicyVersions = 5;

function wholeSeconds(context: OperationContext): Date {
  return new Date(Math.floor(context.now().getTime() / 1000) * 1000);
}

async function requirePolicy(context: OperationContext, arn: string) {
  const policy = await context.repositories.iam.getManagedPolicy(context.tenant.accountId, arn);
  if (!policy) throw iamErrors.noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

export const createPolicy: OperationHandler<CreatePolicyCommandInput, Output<CreatePolicyCommandOutput>> = async (input, context) => {
  const path = input.Path ?? '/';
  const pathProblem = checkPath(path);
  if (pathProblem) throw iamErrors.validation(pathProblem);
  checkManagedPolicy(input.PolicyDocument!);
  // Tags on managed policies are not stored yet: refused rather than accepted and lost.
  if (input.Tags !== undefined && input.Tags.length > 0) throw iamErrors.invalidInput('Pinion does not support tags on managed policies yet (Tags)');
  const now = wholeSeconds(context);
  const accountId = context.tenant.accountId;
  const created = await iamCall(() =>
    context.repositories.iam.createManagedPolicy(
      accountId,
      {
        id: newUniqueId('policy'),
        name: input.PolicyName!,
        path,
        arn: entityArn(accountId, 'policy', path, input.PolicyName!),
        description: input.Description,
        createDate: now,
        updateDate: now,
      },
      input.PolicyDocument!,
    ),
  );
  context.identityChanged();
  return { Policy: toPolicy(created) };
};

export const getPolicy: OperationHandler<GetPolicyCommandInput, Output<GetPolicyCommandOutput>> = async (input, context) => ({
  Policy: toPolicy(await requirePolicy(context, input.PolicyArn!)),
});

export const listPolicies: OperationHandler<ListPoliciesCommandInput, Output<ListPoliciesCommandOutput>> = async (input, context) => {
  // Pinion has no AWS-managed policies: Scope=AWS lists nothing, All and Local list the account's.
  if (input.Scope === 'AWS') return { Policies: [], IsTruncated: false };
  const page = await context.repositories.iam.listManagedPolicies(context.tenant.accountId, {
    ...pageRequest(input),
    ...(input.PathPrefix === undefined ? {} : { pathPrefix: input.PathPrefix }),
    ...(input.OnlyAttached === undefined ? {} : { onlyAttached: input.OnlyAttached }),
  });
  return { Policies: page.items.map((p) => toPolicy(p)), ...pageOutput(page) };
};

export const deletePolicy: OperationHandler<DeletePolicyCommandInput, object> = async (input, context) => {
  await iamCall(() => context.repositories.iam.deleteManagedPolicy(context.tenant.accountId, input.PolicyArn!));
  context.identityChanged();
  return {};
};

export const createPolicyVersion: OperationHandler<CreatePolicyVersionCommandInput, Output<CreatePolicyVersionCommandOutput>> = async (input, context) => {
  checkManagedPolicy(input.PolicyDocument!);
  const version = await iamCall(() =>
    context.repositories.iam.createPolicyVersion(
      context.tenant.accountId,
      input.PolicyArn!,
      input.PolicyDocument!,
      input.SetAsDefault ?? false,
      wholeSeconds(context),
      maxPolicyVersions,
    ),
  );
  context.identityChanged();
  return { PolicyVersion: toPolicyVersion(version, false) };
};

export const getPolicyVersion: OperationHandler<GetPolicyVersionCommandInput, Output<GetPolicyVersionCommandOutput>> = async (input, context) => {
  await requirePolicy(context, input.PolicyArn!);
  const version = await context.repositories.iam.getPolicyVersion(context.tenant.accountId, input.PolicyArn!, input.VersionId!);
  if (!version) throw iamErrors.noSuchEntity(`Policy ${input.PolicyArn!} version ${input.VersionId!} does not exist or is not attachable.`);
  return { PolicyVersion: toPolicyVersion(version, true) };
};

export const listPolicyVersions: OperationHandler<ListPolicyVersionsCommandInput, Output<ListPolicyVersionsCommandOutput>> = async (input, context) => {
  await requirePolicy(context, input.PolicyArn!);
  const page = await iamCall(() => context.repositories.iam.listPolicyVersions(context.tenant.accountId, input.PolicyArn!, pageRequest(input)));
  return { Versions: page.items.map((v) => toPolicyVersion(v, false)), ...pageOutput(page) };
};

export const deletePolicyVersion: OperationHandler<DeletePolicyVersionCommandInput, object> = async (input, context) => {
  await iamCall(() => context.repositories.iam.deletePolicyVersion(context.tenant.accountId, input.PolicyArn!, input.VersionId!));
  context.identityChanged();
  return {};
};

export const setDefaultPolicyVersion: OperationHandler<SetDefaultPolicyVersionCommandInput, object> = async (input, context) => {
  await iamCall(() =>
    context.repositories.iam.setDefaultPolicyVersion(context.tenant.accountId, input.PolicyArn!, input.VersionId!, wholeSeconds(context)),
  );
  context.identityChanged();
  return {};
};

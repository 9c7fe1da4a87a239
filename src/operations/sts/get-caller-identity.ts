import type { GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { principalUserId } from '../../iam/principal.ts';
import type { OperationHandler, Output } from '../operation-context.ts';

/** Who the caller is. Needs no permission: AWS answers it even under an explicit deny. */
export const getCallerIdentity: OperationHandler<object, Output<GetCallerIdentityCommandOutput>> = async (_input, context) => ({
  UserId: principalUserId(context.caller),
  Account: context.caller.accountId,
  Arn: context.caller.arn,
});

import type { QueryServiceKey } from '../spec/service-model.ts';
import { iamHandlers } from './iam/iam-handlers.ts';
import type { OperationHandler } from './operation-context.ts';
import type { AssumeRoleDependencies } from './sts/assume-role.ts';
import { assumeRole } from './sts/assume-role.ts';
import { getCallerIdentity } from './sts/get-caller-identity.ts';
import { getSessionToken } from './sts/get-session-token.ts';

export type QueryHandlerTable = Readonly<Record<QueryServiceKey, Readonly<Record<string, OperationHandler>>>>;

/** The IAM and STS operations Pinion implements (query protocol). */
export function queryHandlerTable(deps: AssumeRoleDependencies): QueryHandlerTable {
  return {
    iam: iamHandlers,
    sts: {
      GetCallerIdentity: getCallerIdentity,
      GetSessionToken: getSessionToken,
      AssumeRole: assumeRole(deps),
    },
  };
}

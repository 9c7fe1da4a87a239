/**
 * GetContextKeysForPrincipalPolicy and GetContextKeysForCustomPolicy: the condition keys the
 * policies read — condition keys and policy variables — so a caller knows which ContextEntries a
 * simulation needs. Names come back as the policies spell them, each once (compared without
 * regard to case, first spelling kept), in order of appearance: stored policies first (in
 * effectivePolicies order), then PolicyInputList.
 */
import type {
  GetContextKeysForCustomPolicyCommandInput,
  GetContextKeysForPolicyResponse,
  GetContextKeysForPrincipalPolicyCommandInput,
} from '@aws-sdk/client-iam';
import type { OperationHandler } from '../../operation-context.ts';
import { uniqueKeys } from './policy-keys.ts';
import { sourceEntity, sourcePolicies } from './policy-source.ts';
import { policySourceArn } from './simulation-input.ts';
import type { SimulationPolicy } from './simulation-policies.ts';
import { inputPolicies } from './simulation-policies.ts';

function contextKeyNames(policies: readonly SimulationPolicy[]): GetContextKeysForPolicyResponse {
  return { ContextKeyNames: uniqueKeys(policies.flatMap((policy) => policy.keys.map((statement) => statement.keys))) };
}

export const getContextKeysForPrincipalPolicy: OperationHandler<GetContextKeysForPrincipalPolicyCommandInput, GetContextKeysForPolicyResponse> = async (
  input,
  context,
) => {
  const source = policySourceArn(input.PolicySourceArn!);
  const extra = inputPolicies(input.PolicyInputList);
  const entity = await sourceEntity(context, source);
  return contextKeyNames([...(await sourcePolicies(context, entity)), ...extra]);
};

export const getContextKeysForCustomPolicy: OperationHandler<GetContextKeysForCustomPolicyCommandInput, GetContextKeysForPolicyResponse> = async (input) =>
  contextKeyNames(inputPolicies(input.PolicyInputList));

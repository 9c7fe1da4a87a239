/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy (IAM's policy simulator; an extension beyond
 * Pinpoint): evaluate policies against hypothetical requests without performing them.
 *
 * Inputs are checked before anything is read (so a bad request fails the same way whatever the
 * store holds), then the policies are gathered, the request context built and every
 * action × resource pair evaluated; the results are paged with MaxItems/Marker.
 */
import type {
  SimulateCustomPolicyCommandInput,
  SimulateCustomPolicyCommandOutput,
  SimulatePrincipalPolicyCommandInput,
  SimulatePrincipalPolicyCommandOutput,
} from '@aws-sdk/client-iam';
import type { OperationContext, OperationHandler, Output } from '../../operation-context.ts';
import { iamErrors } from '../iam-errors.ts';
import { callerIdentity, entityIdentity, sourceEntity, sourcePolicies } from './policy-source.ts';
import { simulate } from './run-simulation.ts';
import type { SimulatedIdentity, SimulationKeys } from './simulation-context.ts';
import { contextEntryKeys, simulationKeys } from './simulation-context.ts';
import type { EntityArn } from './simulation-input.ts';
import { actionNames, callerArn, checkResourceOwner, pageOf, policySourceArn, refuseBoundaryPolicies, resourceArns } from './simulation-input.ts';
import type { SimulationPolicy } from './simulation-policies.ts';
import { inputPolicies, resourcePolicy } from './simulation-policies.ts';

type SimulateInput = SimulateCustomPolicyCommandInput | SimulatePrincipalPolicyCommandInput;
type SimulateOutput = Output<SimulatePrincipalPolicyCommandOutput>;

/** The most action × resource pairs one simulation evaluates. */
export const maxSimulatedRequests = 10_000;

/** What both operations take, checked. */
interface CheckedInput {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly caller: EntityArn | undefined;
  readonly inputPolicies: SimulationPolicy[];
  readonly resourcePolicy: SimulationPolicy | undefined;
  readonly entries: SimulationKeys;
}

function checkInput(input: SimulateInput, context: OperationContext): CheckedInput {
  refuseBoundaryPolicies(input.PermissionsBoundaryPolicyInputList);
  checkResourceOwner(input.ResourceOwner, context.tenant.accountId);
  // ResourceHandlingOption only chooses which EC2 resources a scenario involves; nothing to do here.
  const actions = actionNames(input.ActionNames ?? []);
  const resources = resourceArns(input.ResourceArns);
  // Every page re-runs the whole simulation: bound it, so one request cannot occupy the server.
  if (actions.length * resources.length > maxSimulatedRequests) {
    throw iamErrors.invalidInput(`A simulation covers at most ${maxSimulatedRequests} action and resource pairs; this one asks for ${actions.length} actions × ${resources.length} resources`);
  }
  return {
    actions,
    resources,
    caller: callerArn(input.CallerArn),
    inputPolicies: inputPolicies(input.PolicyInputList),
    resourcePolicy: resourcePolicy(input.ResourcePolicy),
    entries: contextEntryKeys(input.ContextEntries),
  };
}

function run(
  input: SimulateInput,
  checked: CheckedInput,
  stored: readonly SimulationPolicy[],
  identity: SimulatedIdentity | undefined,
  callerArnForPrincipal: string,
  accountId: string,
): SimulateOutput {
  const policies = [...stored, ...checked.inputPolicies, ...(checked.resourcePolicy ? [checked.resourcePolicy] : [])];
  const results = simulate({
    actions: checked.actions,
    resources: checked.resources,
    principal: { arn: callerArnForPrincipal, accountId: identity?.accountId ?? accountId },
    keys: simulationKeys(identity, checked.entries),
    policies,
  });
  const page = pageOf(results, input.MaxItems, input.Marker);
  return { EvaluationResults: page.items, IsTruncated: page.IsTruncated, ...(page.Marker === undefined ? {} : { Marker: page.Marker }) };
}

export const simulatePrincipalPolicy: OperationHandler<SimulatePrincipalPolicyCommandInput, SimulateOutput> = async (input, context) => {
  const source = policySourceArn(input.PolicySourceArn!);
  const checked = checkInput(input, context);
  // IAM: the resource policy's Principal needs a caller; only a user source can stand in for one.
  if (checked.resourcePolicy && !checked.caller && source.kind !== 'user') {
    throw iamErrors.invalidInput(
      `CallerArn is required when ResourcePolicy is given and PolicySourceArn is not a user (${source.arn}): the resource policy's Principal element needs an IAM user to match.`,
    );
  }
  const entity = await sourceEntity(context, source);
  const stored = await sourcePolicies(context, entity);
  // Simulating "as Bob with David's policies": the condition keys describe the caller when one is named.
  const identity = checked.caller ? await callerIdentity(context, checked.caller) : await entityIdentity(context, entity);
  return run(input, checked, stored, identity, checked.caller?.arn ?? entity.arn, context.tenant.accountId);
};

export const simulateCustomPolicy: OperationHandler<SimulateCustomPolicyCommandInput, Output<SimulateCustomPolicyCommandOutput>> = async (input, context) => {
  const checked = checkInput(input, context);
  if (checked.resourcePolicy && !checked.caller) {
    throw iamErrors.invalidInput("CallerArn is required when ResourcePolicy is given: the resource policy's Principal element needs an IAM user to match.");
  }
  const identity = checked.caller ? await callerIdentity(context, checked.caller) : undefined;
  // Without a resource policy the principal is never consulted; the account root is a neutral stand-in.
  const principalArn = checked.caller?.arn ?? `arn:aws:iam::${context.tenant.accountId}:root`;
  return run(input, checked, [], identity, principalArn, context.tenant.accountId);
};

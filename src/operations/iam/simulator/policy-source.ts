/**
 * The identity-store side of a simulation: the entity a PolicySourceArn names, its stored
 * policies (exactly what authorization uses: `effectivePolicies`, so a user's groups are included)
 * and what the simulator knows about the simulated caller.
 */
import type { IamEntityRecord } from '../../../storage/iam-repository.ts';
import type { OperationContext } from '../../operation-context.ts';
import { iamErrors } from '../iam-errors.ts';
import type { EntityArn } from './simulation-input.ts';
import type { SimulatedIdentity } from './simulation-context.ts';
import type { SimulationPolicy } from './simulation-policies.ts';
import { storedPolicies } from './simulation-policies.ts';

/** The entity an ARN names in this account. The path is part of the ARN, so a wrong path names no entity. */
async function lookup(context: OperationContext, arn: EntityArn): Promise<IamEntityRecord | undefined> {
  if (arn.accountId !== context.tenant.accountId) return undefined;
  const entity = await context.repositories.iam.getEntity(arn.accountId, arn.kind, arn.name);
  return entity && entity.path === arn.path ? entity : undefined;
}

/** PolicySourceArn's entity, or NoSuchEntity in IAM's words. */
export async function sourceEntity(context: OperationContext, arn: EntityArn): Promise<IamEntityRecord> {
  const entity = await lookup(context, arn);
  if (!entity) throw iamErrors.noSuchEntity(`The ${arn.kind} with name ${arn.name} cannot be found.`);
  return entity;
}

export async function sourcePolicies(context: OperationContext, entity: IamEntityRecord): Promise<SimulationPolicy[]> {
  const stored = await context.repositories.iam.effectivePolicies(context.tenant.accountId, entity.id);
  return storedPolicies(stored, (sourceId, problem) =>
    context.logger.error({ sourceId, problem }, 'stored policy does not parse; left out of the simulation'),
  );
}

export async function entityIdentity(context: OperationContext, entity: IamEntityRecord): Promise<SimulatedIdentity> {
  const tags = entity.kind === 'group' ? {} : await context.repositories.iam.entityTags(context.tenant.accountId, entity.id);
  return { kind: entity.kind, arn: entity.arn, accountId: context.tenant.accountId, name: entity.name, id: entity.id, tags };
}

/**
 * The CallerArn user. IAM does not require it to exist; when it does exist here its id and tags
 * are known too, otherwise only what its ARN says.
 */
export async function callerIdentity(context: OperationContext, arn: EntityArn): Promise<SimulatedIdentity> {
  const entity = await lookup(context, arn);
  if (entity) return entityIdentity(context, entity);
  return { kind: 'user', arn: arn.arn, accountId: arn.accountId, name: arn.name };
}

import type { EntityKind } from '../../storage/iam-repository.ts';
import type { OperationHandler } from '../operation-context.ts';
import { iamCall, iamErrors } from './iam-errors.ts';
import { entityTitle } from './iam-naming.ts';
import { encodeDocument, pageOutput, pageRequest } from './iam-shapes.ts';
import { checkInlinePolicy } from './policy-documents.ts';

/**
 * Put/Get/List/Delete{User,Group,Role}Policy: twelve operations that differ only in which entity
 * kind they address, so one implementation per verb, parameterized by kind.
 */

type Input = Record<string, unknown> & { PolicyName?: string; PolicyDocument?: string; Marker?: string; MaxItems?: number };

const nameMember = (kind: EntityKind) => `${entityTitle[kind]}Name`;

export function putInlinePolicy(kind: EntityKind): OperationHandler<Input, object> {
  return async (input, context) => {
    const entityName = input[nameMember(kind)] as string;
    const accountId = context.tenant.accountId;
    // The quota covers all of the entity's inline policies together (the one replaced excepted).
    const names = await iamCall(() => context.repositories.iam.listInlinePolicies(accountId, kind, entityName, { maxItems: 1000 }));
    const others: string[] = [];
    for (const name of names.items) {
      if (name.toLowerCase() === input.PolicyName!.toLowerCase()) continue;
      const other = await context.repositories.iam.getInlinePolicy(accountId, kind, entityName, name);
      if (other) others.push(other.document);
    }
    checkInlinePolicy(input.PolicyDocument!, kind, entityName, others);
    await iamCall(() =>
      context.repositories.iam.putInlinePolicy(context.tenant.accountId, kind, entityName, { policyName: input.PolicyName!, document: input.PolicyDocument! }),
    );
    context.identityChanged();
    return {};
  };
}

export function getInlinePolicy(kind: EntityKind): OperationHandler<Input, object> {
  return async (input, context) => {
    const entityName = input[nameMember(kind)] as string;
    const accountId = context.tenant.accountId;
    if (!(await context.repositories.iam.getEntity(accountId, kind, entityName))) {
      throw iamErrors.noSuchEntity(`The ${kind} with name ${entityName} cannot be found.`);
    }
    const policy = await context.repositories.iam.getInlinePolicy(accountId, kind, entityName, input.PolicyName!);
    if (!policy) throw iamErrors.noSuchEntity(`The ${kind} policy with name ${input.PolicyName!} cannot be found.`);
    return { [nameMember(kind)]: entityName, PolicyName: policy.policyName, PolicyDocument: encodeDocument(policy.document) };
  };
}

export function listInlinePolicies(kind: EntityKind): OperationHandler<Input, object> {
  return async (input, context) => {
    const entityName = input[nameMember(kind)] as string;
    const page = await iamCall(() => context.repositories.iam.listInlinePolicies(context.tenant.accountId, kind, entityName, pageRequest(input)));
    return { PolicyNames: page.items, ...pageOutput(page) };
  };
}

export function deleteInlinePolicy(kind: EntityKind): OperationHandler<Input, object> {
  return async (input, context) => {
    const entityName = input[nameMember(kind)] as string;
    await iamCall(() => context.repositories.iam.deleteInlinePolicy(context.tenant.accountId, kind, entityName, input.PolicyName!));
    context.identityChanged();
    return {};
  };
}

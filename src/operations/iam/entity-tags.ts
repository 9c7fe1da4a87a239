import type { EntityKind } from '../../storage/iam-repository.ts';
import type { OperationHandler } from '../operation-context.ts';
import { iamCall, iamErrors } from './iam-errors.ts';
import { entityTitle } from './iam-naming.ts';
import { maxTagsPerEntity, pageOutput, tagList, tagsFromInput, type TagInput } from './iam-shapes.ts';

/**
 * TagUser/UntagUser/ListUserTags and the same for roles: one implementation, the input member
 * that names the entity (UserName, RoleName) being the only difference.
 */

type Named = Record<string, unknown> & { Tags?: TagInput[]; TagKeys?: string[]; Marker?: string; MaxItems?: number };

function nameOf(kind: EntityKind, input: Named): string {
  return input[`${entityTitle[kind]}Name`] as string;
}

export function tagEntity(kind: EntityKind): OperationHandler<Named, object> {
  return async (input, context) => {
    const tags = tagsFromInput(input.Tags);
    await iamCall(() => context.repositories.iam.tagEntity(context.tenant.accountId, kind, nameOf(kind, input), tags, maxTagsPerEntity));
    context.identityChanged();
    return {};
  };
}

export function untagEntity(kind: EntityKind): OperationHandler<Named, object> {
  return async (input, context) => {
    await iamCall(() => context.repositories.iam.untagEntity(context.tenant.accountId, kind, nameOf(kind, input), input.TagKeys ?? []));
    context.identityChanged();
    return {};
  };
}

export function listEntityTags(kind: EntityKind): OperationHandler<Named, object> {
  return async (input, context) => {
    const accountId = context.tenant.accountId;
    const name = nameOf(kind, input);
    const entity = await context.repositories.iam.getEntity(accountId, kind, name);
    if (!entity) throw iamErrors.noSuchEntity(`The ${kind} with name ${name} cannot be found.`);
    const tags = await context.repositories.iam.entityTags(accountId, entity.id);
    // At most 50 tags: one page always holds them all.
    return { Tags: tagList(tags) ?? [], ...pageOutput({ items: [] }) };
  };
}

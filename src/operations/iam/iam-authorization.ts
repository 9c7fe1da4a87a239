import type { IamRepository, EntityKind } from '../../storage/iam-repository.ts';
import type { Principal } from '../../iam/principal.ts';
import { entityArn } from './iam-naming.ts';

/**
 * The resource an IAM call acts on, for `iam:<Operation>` authorization: the user, group or role
 * it names (with its real path, so `arn:aws:iam::*:user/${aws:username}` style policies work), the
 * managed policy, or `*` for account-wide listings. Calls that default to the caller's own user
 * (CreateAccessKey without UserName, …) act on the caller's user.
 */

const byPriority: readonly [string, EntityKind][] = [
  ['RoleName', 'role'],
  ['GroupName', 'group'],
  ['UserName', 'user'],
];

const defaultsToCaller = new Set(['GetUser', 'CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey']);

/**
 * Every resource an IAM call must be allowed on: the one above, plus, for UpdateUser with a new
 * name or path, the user's ARN after the change (AWS authorizes both, so a rename cannot move a
 * user out of, or into, the scope of a path-based policy unchecked).
 */
export async function iamResources(
  operation: string,
  input: Readonly<Record<string, unknown>>,
  caller: Principal,
  iam: IamRepository,
): Promise<string[]> {
  const resource = await iamResource(operation, input, caller, iam);
  if (operation === 'UpdateUser' && (typeof input.NewUserName === 'string' || typeof input.NewPath === 'string')) {
    const current = await iam.getEntity(caller.accountId, 'user', input.UserName as string);
    const path = typeof input.NewPath === 'string' ? input.NewPath : (current?.path ?? '/');
    const name = typeof input.NewUserName === 'string' ? input.NewUserName : (input.UserName as string);
    return [resource, entityArn(caller.accountId, 'user', path, name)];
  }
  return [resource];
}

export async function iamResource(
  operation: string,
  input: Readonly<Record<string, unknown>>,
  caller: Principal,
  iam: IamRepository,
): Promise<string> {
  const accountId = caller.accountId;
  if (operation === 'CreatePolicy') return entityArn(accountId, 'policy', (input.Path as string | undefined) ?? '/', input.PolicyName as string);
  // Groups are the resource of membership calls, users of ListGroupsForUser: priority order above.
  const order = operation === 'ListGroupsForUser' ? byPriority.slice(2) : byPriority;
  for (const [member, kind] of order) {
    const name = input[member];
    if (typeof name !== 'string') continue;
    const existing = await iam.getEntity(accountId, kind, name);
    if (existing) return existing.arn;
    const path = operation.startsWith('Create') && typeof input.Path === 'string' ? input.Path : '/';
    return entityArn(accountId, kind, path, name);
  }
  if (defaultsToCaller.has(operation) && caller.kind === 'user') return caller.arn;
  if (typeof input.PolicyArn === 'string') return input.PolicyArn;
  if (typeof input.PolicySourceArn === 'string') return canonicalEntityArn(accountId, input.PolicySourceArn, iam);
  // The key's owner, so a per-user policy covers who may look at that user's keys.
  if (operation === 'GetAccessKeyLastUsed' && typeof input.AccessKeyId === 'string') {
    const found = await iam.findAccessKey(input.AccessKeyId);
    if (found && found.accountId === accountId) return found.user.arn;
  }
  return '*';
}

const entityArnPattern = /^arn:aws:iam::(\d{12}):(user|group|role)(?:\/.*)?\/([^/]+)$/;

/** The stored entity's own ARN (names match without regard to case), or the ARN as given. */
async function canonicalEntityArn(accountId: string, arn: string, iam: IamRepository): Promise<string> {
  const match = entityArnPattern.exec(arn);
  if (!match || match[1] !== accountId) return arn;
  const entity = await iam.getEntity(accountId, match[2] as EntityKind, match[3]!);
  return entity?.arn.toLowerCase() === arn.toLowerCase() ? entity.arn : arn;
}

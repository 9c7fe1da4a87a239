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
  if (typeof input.PolicySourceArn === 'string') return input.PolicySourceArn;
  return '*';
}

import type { AssumedRolePrincipal, UserPrincipal } from '../../src/iam/principal.ts';

/** An IAM user principal as the credential store builds one (tests pick the names and ids). */
export function testUser(accountId: string, userName: string, options: { path?: string; userId?: string; tags?: Record<string, string> } = {}): UserPrincipal {
  return {
    kind: 'user',
    accountId,
    arn: `arn:aws:iam::${accountId}:user${options.path ?? '/'}${userName}`,
    userId: options.userId ?? 'AIDAALICE0000000000001',
    userName,
    tags: options.tags ?? {},
  };
}

/** A session of role `roleName` named `sessionName`, issued at `issuedAt` for `durationMs`. */
export function testRoleSession(accountId: string, roleName: string, sessionName: string, issuedAt: Date, durationMs = 3_600_000): AssumedRolePrincipal {
  return {
    kind: 'assumed-role',
    accountId,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    roleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
    roleId: 'AROADEPLOYER000000001',
    roleName,
    sessionName,
    tags: {},
    transitiveTagKeys: [],
    sessionPolicy: undefined,
    sourceIdentity: undefined,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + durationMs),
  };
}

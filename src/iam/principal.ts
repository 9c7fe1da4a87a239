/**
 * Who a signed request acts as, once its access key is known. Pure data: built by the credential
 * store from the identity store, read by authorization and by the condition-context builder.
 */

export interface RootPrincipal {
  readonly kind: 'root';
  readonly accountId: string;
  readonly arn: string; // arn:aws:iam::<account>:root
}

export interface UserPrincipal {
  readonly kind: 'user';
  readonly accountId: string;
  readonly arn: string;
  readonly userId: string; // AIDA…
  readonly userName: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Set when the request is signed with temporary credentials from GetSessionToken. */
  readonly session?: { readonly issuedAt: Date; readonly expiresAt: Date };
}

export interface AssumedRolePrincipal {
  readonly kind: 'assumed-role';
  readonly accountId: string;
  /** arn:aws:sts::<account>:assumed-role/<role name>/<session name> */
  readonly arn: string;
  readonly roleArn: string;
  readonly roleId: string; // AROA…
  readonly roleName: string;
  readonly sessionName: string;
  /** Role tags with the session tags over them (session tags win, as in AWS). */
  readonly tags: Readonly<Record<string, string>>;
  /** Keys of session tags that later role chaining would carry on. */
  readonly transitiveTagKeys: readonly string[];
  readonly sessionPolicy: string | undefined;
  readonly sourceIdentity: string | undefined;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

export type Principal = RootPrincipal | UserPrincipal | AssumedRolePrincipal;

export function rootPrincipal(accountId: string): RootPrincipal {
  return { kind: 'root', accountId, arn: `arn:aws:iam::${accountId}:root` };
}

/** aws:userid as AWS defines it: the unique id, `<role id>:<session>` for sessions, the account for root. */
export function principalUserId(principal: Principal): string {
  switch (principal.kind) {
    case 'root':
      return principal.accountId;
    case 'user':
      return principal.userId;
    case 'assumed-role':
      return `${principal.roleId}:${principal.sessionName}`;
  }
}

/** aws:PrincipalType values. */
export function principalType(principal: Principal): 'Account' | 'User' | 'AssumedRole' {
  return principal.kind === 'root' ? 'Account' : principal.kind === 'user' ? 'User' : 'AssumedRole';
}

/**
 * aws:PrincipalArn: the user's ARN, the role's ARN for a role session (not the session's ARN),
 * the account root's ARN for root.
 */
export function principalArnKey(principal: Principal): string {
  return principal.kind === 'assumed-role' ? principal.roleArn : principal.arn;
}

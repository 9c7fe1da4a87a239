import type { RequestFactsWithoutPrincipal } from '../api/operation-context-factory.ts';
import type { Principal } from '../iam/principal.ts';
import { evaluateServiceRoleUse, parseRoleArn } from '../iam/service-role.ts';
import type { RoleArnParts, ServiceRoleUse, ServiceRoleVerdict } from '../iam/service-role.ts';
import type { ApiError } from '../protocol/api-error.ts';
import type { IamEntityRecord, IamRepository } from '../storage/iam-repository.ts';
import type { Tenant } from '../storage/tenant.ts';
import type { Authorizer } from './authorizer.ts';

/**
 * Service roles named by requests (export/import jobs, event streams, channels): the request-time
 * iam:PassRole check and the work-time check that Pinion, as pinpoint.amazonaws.com, may assume
 * the role and do the S3/Kinesis/Firehose action with it (iam/service-role.ts holds the rules).
 */

export const PINPOINT_SERVICE_PRINCIPAL = 'pinpoint.amazonaws.com';

export interface PassRoleRequest {
  readonly tenant: Tenant;
  readonly facts: RequestFactsWithoutPrincipal;
  /** The calling API's modelled 400 error (Pinpoint's BadRequestException, SMS Voice's ValidationException…). */
  readonly badRequest: (message: string) => ApiError;
  /** The service the role is passed to, for the iam:PassedToService condition key; default pinpoint.amazonaws.com. */
  readonly passedToService?: string;
}

export type ServiceRoleCheck = Omit<ServiceRoleUse, 'trustPolicy' | 'permissionPolicies' | 'servicePrincipal' | 'now'> & { readonly accountId: string };

export class ServiceRoles {
  constructor(
    private readonly iam: IamRepository,
    private readonly authorizer: Authorizer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * At request time. In this order: a RoleArn that is not a role ARN at all is a bad request; the
   * caller must be allowed iam:PassRole on it (root always is; the AccessDeniedException says
   * `User: <arn> is not authorized to perform: iam:PassRole on resource: <roleArn>`), so a caller
   * without PassRole learns nothing about which roles exist; then the role must be a role of this
   * account that exists (bad request otherwise).
   */
  async requirePassRole(caller: Principal, roleArn: string, request: PassRoleRequest): Promise<void> {
    const role = parseRoleArn(roleArn);
    if (!role) throw request.badRequest(`RoleArn ${roleArn} is not an IAM role ARN (arn:aws:iam::<account id>:role/<role name>)`);
    await this.authorizer.authorize(caller, {
      action: 'iam:PassRole',
      resources: [roleArn],
      tenant: request.tenant,
      facts: {
        ...request.facts,
        extra: { ...request.facts.extra, 'iam:PassedToService': request.passedToService ?? PINPOINT_SERVICE_PRINCIPAL },
      },
    });
    const accountId = request.tenant.accountId;
    if (role.accountId !== accountId) {
      throw request.badRequest(`RoleArn ${roleArn} is not a role of account ${accountId}: a role can only be passed to a service of its own account`);
    }
    if (!(await this.findRole(accountId, roleArn, role))) {
      throw request.badRequest(`RoleArn ${roleArn} does not name an existing IAM role of account ${accountId}`);
    }
  }

  /** At work time: loads the role, its trust policy and its current policies, and evaluates the use. */
  async check(use: ServiceRoleCheck): Promise<ServiceRoleVerdict> {
    const { accountId, ...rest } = use;
    const parts = parseRoleArn(use.roleArn);
    if (!parts) return { ok: false, reason: `${use.roleArn} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)` };
    if (parts.accountId !== accountId) {
      return { ok: false, reason: `role ${use.roleArn} belongs to account ${parts.accountId}, not to account ${accountId} whose project uses it` };
    }
    const role = await this.findRole(accountId, use.roleArn, parts);
    if (!role) return { ok: false, reason: `role ${use.roleArn} does not exist in account ${accountId} (deleted since it was passed?)` };
    const document = role.details.AssumeRolePolicyDocument;
    const trustPolicy = typeof document === 'string' ? document : document === undefined ? '' : JSON.stringify(document);
    const permissionPolicies = await this.iam.effectivePolicies(accountId, role.id);
    return evaluateServiceRoleUse({ ...rest, trustPolicy, permissionPolicies, servicePrincipal: PINPOINT_SERVICE_PRINCIPAL, now: this.now() });
  }

  /** The role by name, only when its ARN (with its path) is the one given. */
  private async findRole(accountId: string, roleArn: string, parts: RoleArnParts): Promise<IamEntityRecord | undefined> {
    const role = await this.iam.getEntity(accountId, 'role', parts.name);
    return role !== undefined && role.arn === roleArn ? role : undefined;
  }
}

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Authorizer } from '../auth/authorizer.ts';
import type { ServiceRoles } from '../auth/service-roles.ts';
import type { RequestFacts } from '../iam/condition-context.ts';
import type { Principal } from '../iam/principal.ts';
import { buildTransports } from '../channels/transports.ts';
import type { JobServices, MessagingServices, OperationContext } from '../operations/operation-context.ts';
import type { Secrets } from '../security/secret-box.ts';
import type { Repositories } from '../storage/repositories.ts';

/** What every operation context is built from: long-lived services, made once at startup. */
export interface ContextServices {
  readonly accountId: string;
  readonly repositories: Repositories;
  readonly logger: Logger;
  readonly secrets: Secrets;
  readonly now: () => Date;
  /** Clears the credential and policy caches after an IAM write. */
  readonly identityChanged: () => void;
  /** Clears what authorization keeps of resources (their tags) after any write operation. */
  readonly resourcesChanged?: () => void;
  /** Service roles named by requests (event streams, import/export jobs, channels). */
  readonly serviceRoles: ServiceRoles;
  /** The AWS accounts whose Kinesis/Firehose streams may be event-stream destinations. */
  readonly eventStreamAccounts: ReadonlySet<string>;
  /** Import/export jobs: which buckets they may use (undefined: any) and how to wake the job worker. */
  readonly jobs?: JobServices;
  /** Transports for sends; absent: the simulator takes every message. */
  readonly messaging?: MessagingServices;
  /** Per-item authorization for operations that answer many resources (ListEndpoints). */
  readonly authorizer: Authorizer;
}

/** Contexts built without transports (tests of other operations) send to the simulator. */
const simulatorOnly: MessagingServices = { transports: buildTransports({ emailPerSecond: 1 }) };

export type RequestFactsWithoutPrincipal = Omit<RequestFacts, 'principal' | 'resourceTags'>;

/** The client's address as AWS reports it: an IPv4 client is an IPv4 address, not ::ffff:a.b.c.d. */
export function sourceIpOf(remoteAddress: string | undefined): string {
  if (!remoteAddress) return '0.0.0.0';
  return remoteAddress.startsWith('::ffff:') && remoteAddress.includes('.') ? remoteAddress.slice(7) : remoteAddress;
}

export function operationContext(
  services: ContextServices,
  region: string,
  requestId: string,
  caller: Principal,
  requestFacts: RequestFactsWithoutPrincipal,
): OperationContext {
  let logger: Logger | undefined;
  return {
    tenant: { accountId: services.accountId, region },
    requestId,
    repositories: services.repositories,
    get logger() {
      // Built on first use: most requests never log from a handler.
      return (logger ??= services.logger.child({ requestId }));
    },
    now: services.now,
    // randomUUID draws from a pooled entropy buffer; randomBytes(16) makes a system call per id
    // (a send asks for one per message). 122 random bits, as 32 lowercase hex characters.
    newId: () => randomUUID().replaceAll('-', ''),
    caller,
    secrets: services.secrets,
    requestFacts,
    identityChanged: services.identityChanged,
    serviceRoles: services.serviceRoles,
    eventStreamAccounts: services.eventStreamAccounts,
    jobs: services.jobs ?? { allowedBuckets: new Set(), jobCreated: () => {} },
    messaging: services.messaging ?? simulatorOnly,
    isAllowed: async (action, resource) => {
      if (caller.kind === 'root') return true;
      const decision = await services.authorizer.decide(caller, { action, resources: [resource], tenant: { accountId: services.accountId, region }, facts: requestFacts }, resource);
      return decision.decision === 'allowed';
    },
  };
}

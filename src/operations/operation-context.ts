import type { Logger } from 'pino';
import type { ServiceRoles } from '../auth/service-roles.ts';
import type { Transports } from '../channels/transports.ts';
import type { SendsInFlight } from '../engine/messaging/sends-in-flight.ts';
import type { EmailTrackingSettings } from '../engine/messaging/track-email.ts';
import type { RequestFacts } from '../iam/condition-context.ts';
import type { Principal } from '../iam/principal.ts';
import type { Secrets } from '../security/secret-box.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Tenant } from '../storage/tenant.ts';

/** What a handler is given besides its input: the caller's tenant and the services it may use. */
export interface OperationContext {
  readonly tenant: Tenant;
  readonly requestId: string;
  readonly repositories: Repositories;
  readonly logger: Logger;
  readonly now: () => Date;
  /** New resource ids: 32 lowercase hex characters, like Pinpoint's. */
  readonly newId: () => string;
  /** Who signed the request (already authorized for this operation). */
  readonly caller: Principal;
  /** Seals secrets before they are stored and opens them after they are read. */
  readonly secrets: Secrets;
  /** What the request's condition keys are built from (source IP, time, region, user agent). */
  readonly requestFacts: Omit<RequestFacts, 'principal' | 'resourceTags'>;
  /** Tells the authorization caches that users, keys or policies changed (call after an IAM write). */
  readonly identityChanged: () => void;
  /** The iam:PassRole check of requests that name a service role (RoleArn). */
  readonly serviceRoles: ServiceRoles;
  /** The AWS accounts whose Kinesis/Firehose streams may be event-stream destinations. */
  readonly eventStreamAccounts: ReadonlySet<string>;
  readonly jobs: JobServices;
  readonly messaging: MessagingServices;
  /**
   * Whether the caller may do `action` on `resource`, with the request's condition context: for
   * operations that answer many resources and must leave out the ones an explicit Deny covers.
   */
  readonly isAllowed: (action: string, resource: string) => Promise<boolean>;
}

/** What send operations need besides storage. */
export interface MessagingServices {
  readonly transports: Transports;
  /** Email open/click tracking and unsubscribe links (PINION_PUBLIC_URL); absent: none. */
  readonly tracking?: EmailTrackingSettings;
  /** Where sends note the transports' ids until their messages are recorded (receipts that come sooner are refused for now). */
  readonly inFlight?: SendsInFlight;
}

/** What import/export job operations need besides storage. */
export interface JobServices {
  /** The buckets jobs may use (PINION_S3_BUCKETS); undefined: any. */
  readonly allowedBuckets: ReadonlySet<string> | undefined;
  /** Wakes the job worker so a new job starts now rather than at its next poll. */
  readonly jobCreated: () => void;
}

/**
 * A handler maps the validated input (the model's member names, as an SDK would build it) to
 * the output shape's members. It never builds SQL and never sees HTTP.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationHandler<I = any, O = any> = (input: I, context: OperationContext) => Promise<O>;

/** Output types come from the SDK's generated types, minus the SDK-side metadata. */
export type Output<T> = Omit<T, '$metadata'>;

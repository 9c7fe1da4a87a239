import type { AttributeType, StoredEndpoint } from '../domain/endpoints/stored-endpoint.ts';
import type { UserEndpointLimitSummary } from '../domain/endpoints/user-limit.ts';
import type { Tenant } from './tenant.ts';

/** One event for the event log (and, when the project has an event stream, its outbox). */
export interface EventLogEntry {
  endpointId: string;
  eventType: string;
  /** Milliseconds since the epoch. */
  eventTimestamp: number;
  arrivalTimestamp: number;
  /** The event-stream record, JSON text, exactly as it is delivered. */
  record: string;
}


export interface EndpointWrite {
  appId: string;
  /** The ids of the endpoints to create or update (distinct). */
  ids: readonly string[];
  /**
   * Given the stored versions of those endpoints (absent: new), the endpoints to store, in order.
   * Runs inside the write transaction; throwing aborts the write with nothing stored.
   */
  merge(existing: ReadonlyMap<string, StoredEndpoint>): StoredEndpoint[];
  /** When set: other endpoints of the project with the same channel and address become INACTIVE. */
  deactivateSameAddress: boolean;
  /**
   * Called for each user id that one of the merged endpoints joins, with that user's endpoints
   * outside this write (any status), the user's endpoints in this write and, of those, the ones
   * joining; returns how many endpoints to retire (made INACTIVE, their user id removed) and the
   * candidates oldest first, or throws to refuse the write. Candidates another write holds are
   * passed over; when too few remain, the write fails with UserEndpointsBusyError.
   */
  enforceUserLimit(userId: string, others: readonly UserEndpointLimitSummary[], incoming: readonly StoredEndpoint[], joining: readonly StoredEndpoint[]): { retire: number; candidates: readonly string[] };
  /** The most attribute names (all three registries together) the project may have. */
  attributeKeyLimit: number;
  /** Events to append in the same transaction, built from the merged endpoints (and the stored ones not rewritten). */
  events?(merged: ReadonlyMap<string, StoredEndpoint>, existing: ReadonlyMap<string, StoredEndpoint>): EventLogEntry[];
}

/** The project would have more attribute names than its quota allows; nothing was written. */
export class AttributeKeyLimitError extends Error {
  constructor(
    readonly wouldHave: number,
    readonly limit: number,
    readonly newNames: readonly string[],
  ) {
    super(`the project would have ${wouldHave} attribute names; the limit is ${limit}`);
    this.name = 'AttributeKeyLimitError';
  }
}

/** Too many of a user's endpoints were being written at once to retire the ones the limit needs; nothing was written. */
export class UserEndpointsBusyError extends Error {
  constructor(readonly userId: string) {
    super('endpoints of the user are being updated by another request');
    this.name = 'UserEndpointsBusyError';
  }
}

/** The project was deleted (or never existed) when the write began; nothing was written. */
export class ProjectMissingError extends Error {
  constructor(readonly appId: string) {
    super(`project ${appId} does not exist`);
    this.name = 'ProjectMissingError';
  }
}

/** Endpoints one attribute-filtered listing call examines at most (bounded work per request). */
export const LIST_SCAN_LIMIT = 5_000;

/** Filters of the endpoint listing (a Pinion extension); all given filters must hold. */
export interface EndpointFilter {
  userId?: string;
  channelType?: string;
  optOut?: string;
  endpointStatus?: string;
  /** A custom attribute (Attributes.<name>) that must contain one of the values. */
  attribute?: { name: string; values: readonly string[] };
}

export interface EndpointsRepository {
  /** Creates or updates endpoints (see EndpointWrite) and appends events, in one transaction. */
  write(tenant: Tenant, write: EndpointWrite): Promise<StoredEndpoint[]>;
  get(tenant: Tenant, appId: string, id: string): Promise<StoredEndpoint | undefined>;
  /** Deletes and returns the endpoint, or undefined when there was none. */
  delete(tenant: Tenant, appId: string, id: string): Promise<StoredEndpoint | undefined>;
  /** Every endpoint of the user (at most a few: the per-user limit), oldest first. */
  listByUser(tenant: Tenant, appId: string, userId: string): Promise<StoredEndpoint[]>;
  deleteByUser(tenant: Tenant, appId: string, userId: string): Promise<StoredEndpoint[]>;
  /**
   * Keyset page in id order: at most `limit` endpoints with id greater than `after`. An attribute
   * filter is applied to the stored documents, at most LIST_SCAN_LIMIT endpoints examined per
   * call: when the scan stops there before the page is full, `scannedThrough` is the last id
   * examined, where the next call resumes.
   */
  list(tenant: Tenant, appId: string, filter: EndpointFilter, page: { limit: number; after?: string }): Promise<{ endpoints: StoredEndpoint[]; scannedThrough?: string }>;
  /** The project's attribute names of one registry. */
  attributeNames(tenant: Tenant, appId: string, type: AttributeType): Promise<string[]>;
  /**
   * Removes attribute names from the registry and from every endpoint of the project that has
   * them (in pages: never the whole audience in memory). Returns the names that were registered.
   */
  removeAttributes(tenant: Tenant, appId: string, type: AttributeType, names: readonly string[]): Promise<string[]>;
  /**
   * Marks the given endpoints INACTIVE (a push service said their tokens are gone); answers the
   * ids that were ACTIVE and now are not. Only the status column changes: it wins over the document.
   */
  markInactive(tenant: Tenant, appId: string, ids: readonly string[], modifiedDate: string): Promise<string[]>;
  /**
   * Sets OptOut on every endpoint of the tenant (all projects) with one of `channelTypes` and this
   * address: an inbound STOP or a carrier's opt-out covers the number everywhere in the account.
   * Answers the endpoints whose OptOut changed. `appId` narrows it to one project (an email
   * unsubscribe covers the project the message came from).
   */
  setAddressOptOut(tenant: Tenant, channelTypes: readonly string[], address: string, optOut: 'ALL' | 'NONE', modifiedDate: string, appId?: string): Promise<{ appId: string; id: string }[]>;
  /** Deletes events that arrived before `olderThan`, from every project, in small chunks; returns how many. */
  pruneEvents(olderThan: Date): Promise<number>;
}

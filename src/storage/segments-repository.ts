import type { StoredEndpoint } from '../domain/endpoints/stored-endpoint.ts';
import type { SegmentDefinition, SegmentType, SegmentVersionRecord } from '../domain/segments/segment-record.ts';
import type { SegmentSelection } from '../domain/segments/segment-selection.ts';
import type { AppCursor } from './repositories.ts';
import type { Tenant } from './tenant.ts';

/**
 * An endpoint as stored, for bulk readers (exports): the document's JSON text as the database
 * holds it, with the two columns that override it (they change without a document rewrite).
 */
export interface EndpointDocument {
  id: string;
  optOut: string;
  endpointStatus: string;
  /** JSON text of the StoredEndpoint (its EndpointStatus and OptOut may be stale: the fields above win). */
  document: string;
}

/** Segments, their versions, imported segments' members, and segment selection run in the database. */
export interface SegmentsRepository {
  /**
   * Creates the segment at version 1 with its tags (on `arn`), in one transaction. Throws
   * ProjectMissingError when the project does not exist (or was deleted meanwhile).
   */
  create(
    tenant: Tenant,
    appId: string,
    segment: { id: string; arn: string; segmentType: SegmentType; creationDate: string; definition: SegmentDefinition },
    tags: Record<string, string>,
  ): Promise<SegmentVersionRecord>;
  /**
   * Adds a version (the latest + 1) computed from the latest one: `next` gets the latest version
   * and returns the new definition, or throws to write nothing. Serialized per segment, so two
   * updates never get the same number. Undefined when the segment does not exist.
   */
  addVersion(
    tenant: Tenant,
    appId: string,
    segmentId: string,
    lastModifiedDate: string,
    next: (latest: SegmentVersionRecord) => SegmentDefinition,
  ): Promise<SegmentVersionRecord | undefined>;
  /** The given version, or the latest when `version` is undefined. */
  get(tenant: Tenant, appId: string, segmentId: string, version?: number): Promise<SegmentVersionRecord | undefined>;
  /** Latest versions of the project's segments, creation order (creationDate, id), at most `limit` after `after`. */
  list(tenant: Tenant, appId: string, page: { limit: number; after?: AppCursor }): Promise<SegmentVersionRecord[]>;
  /** Versions of one segment, newest first, at most `limit` with a version number below `before`. */
  listVersions(tenant: Tenant, appId: string, segmentId: string, page: { limit: number; before?: number }): Promise<SegmentVersionRecord[]>;
  /** Deletes the segment, its versions, members and tags (`arn`); returns its latest version, or undefined. */
  delete(tenant: Tenant, appId: string, segmentId: string, arn: string): Promise<SegmentVersionRecord | undefined>;
  /** Adds endpoints to one version of an imported segment (ids already there are skipped). */
  addMembers(tenant: Tenant, appId: string, segmentId: string, version: number, endpointIds: readonly string[]): Promise<void>;
  /**
   * One keyset page of the endpoints the selection picks, in id order: at most `limit` with an id
   * greater than `after`. Evaluated in the database; `now` anchors recency windows.
   */
  selectEndpoints(tenant: Tenant, appId: string, selection: SegmentSelection, page: { limit: number; after?: string }, now: Date): Promise<StoredEndpoint[]>;
  /** selectEndpoints, answering stored JSON text instead of parsed endpoints (no parse for readers that write JSON). */
  selectEndpointDocuments(tenant: Tenant, appId: string, selection: SegmentSelection, page: { limit: number; after?: string }, now: Date): Promise<EndpointDocument[]>;
  /** How many endpoints the selection picks, counted in the database. */
  countEndpoints(tenant: Tenant, appId: string, selection: SegmentSelection, now: Date): Promise<number>;
  /** countEndpoints per channel type (channels with none left out; an endpoint without one counts under ''). */
  countByChannel(tenant: Tenant, appId: string, selection: SegmentSelection, now: Date): Promise<Record<string, number>>;
}

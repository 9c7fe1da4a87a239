import type { SegmentDimensions, SegmentGroupList, SegmentImportResource } from '@aws-sdk/client-pinpoint';

export type SegmentType = 'DIMENSIONAL' | 'IMPORT';

/** What one segment version stores: the members of WriteSegmentRequest (less tags) or an import's definition. */
export interface SegmentDefinition {
  Name?: string;
  Dimensions?: SegmentDimensions;
  SegmentGroups?: SegmentGroupList;
  /** Imported segments only. Size and ChannelCounts are counted when answered, not stored. */
  ImportDefinition?: SegmentImportResource;
  /**
   * Imported segments only, never answered: the version whose stored members (segment_members)
   * this version selects. A version that only renames the segment keeps its predecessor's
   * members without copying them; an import into the segment makes a version with its own.
   */
  MembersVersion?: number;
}

/** One stored version of a segment. */
export interface SegmentVersionRecord {
  segmentId: string;
  version: number;
  segmentType: SegmentType;
  /** When the segment (version 1) was created. */
  creationDate: string;
  /** When this version was written. */
  lastModifiedDate: string;
  definition: SegmentDefinition;
}

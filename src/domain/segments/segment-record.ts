import type { SegmentDimensions, SegmentGroupList, SegmentImportResource } from '@aws-sdk/client-pinpoint';

export type SegmentType = 'DIMENSIONAL' | 'IMPORT';

/** What one segment version stores: the members of WriteSegmentRequest (less tags) or an import's definition. */
export interface SegmentDefinition {
  Name?: string;
  Dimensions?: SegmentDimensions;
  SegmentGroups?: SegmentGroupList;
  /** Imported segments only. */
  ImportDefinition?: SegmentImportResource;
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

import type { SegmentDimensions } from '@aws-sdk/client-pinpoint';

/**
 * Which endpoints a segment version selects, as a tree the storage layer compiles to one SQL
 * predicate (storage/segments/segment-sql.ts). Built from a stored definition by
 * build-selection.ts, with source segments already resolved to their own trees, so storage never
 * reads segment definitions and the tree is the whole contract between the two.
 */
export type SegmentSelection =
  /** Every endpoint of the project. */
  | { readonly kind: 'all' }
  /** No endpoint (an empty ANY, an empty source list). */
  | { readonly kind: 'none' }
  /** Endpoints matching every dimension given in one SegmentDimensions object (Pinpoint ANDs them). */
  | { readonly kind: 'dimensions'; readonly dimensions: SegmentDimensions }
  /** The endpoints stored for one version of an imported segment. */
  | { readonly kind: 'members'; readonly segmentId: string; readonly version: number }
  | { readonly kind: 'and'; readonly parts: readonly SegmentSelection[] }
  | { readonly kind: 'or'; readonly parts: readonly SegmentSelection[] }
  | { readonly kind: 'not'; readonly part: SegmentSelection };

import { sql } from 'kysely';
import type { SegmentSelection } from '../../domain/segments/segment-selection.ts';
import type { Tenant } from '../tenant.ts';
import { dimensionsFragment } from './dimension-sql.ts';
import type { Fragment, SegmentDialect } from './json-sql.ts';

/**
 * Compiles a SegmentSelection to one boolean SQL expression over the endpoint row aliased `e`
 * (table endpoints), for SQLite or PostgreSQL. Every value is a bound parameter. The expression is
 * two-valued (never NULL), so NOT and NONE mean "every other endpoint of the project".
 */
export interface SelectionContext {
  dialect: SegmentDialect;
  tenant: Tenant;
  appId: string;
  /** Anchors Behavior.Recency windows. */
  now: Date;
}

export function selectionPredicate(selection: SegmentSelection, context: SelectionContext): Fragment {
  switch (selection.kind) {
    case 'all':
      return sql`TRUE`;
    case 'none':
      return sql`FALSE`;
    case 'dimensions':
      return dimensionsFragment(selection.dimensions, context);
    case 'members':
      // The primary key of segment_members answers this with one index probe per endpoint.
      return sql`EXISTS (SELECT 1 FROM segment_members AS m WHERE m.account_id = ${context.tenant.accountId} AND m.region = ${context.tenant.region} AND m.app_id = ${context.appId} AND m.segment_id = ${selection.segmentId} AND m.version = ${selection.version} AND m.endpoint_id = e.id)`;
    case 'and':
      return selection.parts.length === 0 ? sql`TRUE` : sql`(${sql.join(selection.parts.map((part) => selectionPredicate(part, context)), sql` AND `)})`;
    case 'or':
      return selection.parts.length === 0 ? sql`FALSE` : sql`(${sql.join(selection.parts.map((part) => selectionPredicate(part, context)), sql` OR `)})`;
    case 'not':
      return sql`(NOT ${selectionPredicate(selection.part, context)})`;
  }
}

import type { SegmentDimensions, SegmentGroup, SegmentGroupList, SegmentReference } from '@aws-sdk/client-pinpoint';
import type { SegmentVersionRecord } from './segment-record.ts';
import type { SegmentSelection } from './segment-selection.ts';
import { criteriaCount, valueCount } from './validate-segment.ts';

/**
 * Turns a stored segment version into the SegmentSelection storage evaluates.
 *
 * Eligibility: Pinpoint keeps INACTIVE and opted-out endpoints in segments ("the segment contains
 * inactive endpoints", User Guide, troubleshooting) and leaves them out when a campaign or journey
 * sends. So a selection has no status or opt-out condition; the senders filter.
 */

/** Source segments nest at most this deep (a segment → its source → its source …). */
export const MAX_SOURCE_DEPTH = 5;
/** Source references resolved for one selection, over all levels: bounds the work of one evaluation. */
export const MAX_SOURCE_REFERENCES = 100;
/**
 * Criteria plus values in a whole selection, its sources' included: each is a condition (and
 * bound parameters) in the one SQL statement evaluating it. A segment referring to a large one
 * many times would otherwise make a statement no database runs in reasonable time.
 */
export const MAX_SELECTION_WEIGHT = 1_000;

export type SegmentReferenceProblem = 'missing' | 'cycle' | 'too-deep' | 'too-many' | 'mixed-import';

/** A source segment that cannot be used; the operations answer 400 BadRequestException with the message (the request names it). */
export class SegmentReferenceError extends Error {
  override readonly name = 'SegmentReferenceError';
  constructor(
    readonly problem: SegmentReferenceProblem,
    /** The segment the problem is about. */
    readonly segmentId: string,
    /** Its version, when one was asked for or resolved. */
    readonly version: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

export type ResolveSegment = (ref: { Id: string; Version?: number }) => Promise<SegmentVersionRecord | undefined>;

const ALL: SegmentSelection = { kind: 'all' };
const NONE: SegmentSelection = { kind: 'none' };

/** Conjunction, folding constants: and() of nothing is everything. */
export function and(parts: readonly SegmentSelection[]): SegmentSelection {
  const kept: SegmentSelection[] = [];
  for (const part of parts) {
    if (part.kind === 'none') return NONE;
    if (part.kind === 'all') continue;
    if (part.kind === 'and') kept.push(...part.parts);
    else kept.push(part);
  }
  return kept.length === 0 ? ALL : kept.length === 1 ? kept[0]! : { kind: 'and', parts: kept };
}

/** Disjunction, folding constants: or() of nothing is nothing. */
export function or(parts: readonly SegmentSelection[]): SegmentSelection {
  const kept: SegmentSelection[] = [];
  for (const part of parts) {
    if (part.kind === 'all') return ALL;
    if (part.kind === 'none') continue;
    if (part.kind === 'or') kept.push(...part.parts);
    else kept.push(part);
  }
  return kept.length === 0 ? NONE : kept.length === 1 ? kept[0]! : { kind: 'or', parts: kept };
}

export function not(part: SegmentSelection): SegmentSelection {
  if (part.kind === 'all') return NONE;
  if (part.kind === 'none') return ALL;
  if (part.kind === 'not') return part.part;
  return { kind: 'not', part };
}

/** ALL / ANY / NONE over parts (missing: ALL). */
function combine(mode: string | undefined, parts: readonly SegmentSelection[]): SegmentSelection {
  if (mode === 'ANY') return or(parts);
  if (mode === 'NONE') return not(or(parts));
  return and(parts);
}

function dimensionsSelection(dimensions: SegmentDimensions): SegmentSelection {
  return criteriaCount(dimensions) === 0 ? ALL : { kind: 'dimensions', dimensions };
}

function label(id: string, version: number | undefined): string {
  return version === undefined ? `${id} (latest version)` : `${id} version ${version}`;
}

interface Walk {
  resolve: ResolveSegment;
  /** "id@version" of the segments being built, outermost first: a repeat is a cycle. */
  path: string[];
  references: number;
}

/**
 * The selection of one segment version. IMPORT: its stored members. DIMENSIONAL: its Dimensions
 * AND its SegmentGroups. Source segments are resolved through `resolve` (no Version: the latest)
 * and built the same way; a missing one, a cycle, nesting deeper than MAX_SOURCE_DEPTH or more
 * than MAX_SOURCE_REFERENCES references throw SegmentReferenceError.
 */
export async function buildSelection(version: SegmentVersionRecord, resolve: ResolveSegment): Promise<SegmentSelection> {
  const selection = await build(version, { resolve, path: [], references: 0 });
  const weight = selectionWeight(selection);
  if (weight > MAX_SELECTION_WEIGHT) {
    throw new SegmentReferenceError(
      'too-many',
      version.segmentId,
      version.version,
      `Segment ${label(version.segmentId, version.version)} with its source segments has ${weight} criteria and values in all; at most ${MAX_SELECTION_WEIGHT} can be evaluated`,
    );
  }
  return selection;
}

/** Criteria plus values of every dimensions node (a source used twice counts twice: it is compiled twice). */
export function selectionWeight(selection: SegmentSelection): number {
  switch (selection.kind) {
    case 'dimensions':
      return criteriaCount(selection.dimensions) + valueCount(selection.dimensions);
    case 'and':
    case 'or':
      return selection.parts.reduce((sum, part) => sum + selectionWeight(part), 0);
    case 'not':
      return selectionWeight(selection.part);
    case 'members':
      return 1;
    default:
      return 0;
  }
}

async function build(version: SegmentVersionRecord, walk: Walk): Promise<SegmentSelection> {
  // A version that only renamed an imported segment selects its predecessor's members (MembersVersion).
  if (version.segmentType === 'IMPORT') return { kind: 'members', segmentId: version.segmentId, version: version.definition.MembersVersion ?? version.version };
  const { Dimensions: dimensions, SegmentGroups: groups } = version.definition;
  walk.path.push(`${version.segmentId}@${version.version}`);
  try {
    const parts = [dimensions ? dimensionsSelection(dimensions) : ALL, groups ? await groupsSelection(groups, version, walk) : ALL];
    return and(parts);
  } finally {
    walk.path.pop();
  }
}

async function groupsSelection(list: SegmentGroupList, owner: SegmentVersionRecord, walk: Walk): Promise<SegmentSelection> {
  const groups = list.Groups ?? [];
  // No groups is no condition, whatever Include says (an empty ANY would otherwise select nothing).
  if (groups.length === 0) return ALL;
  const parts: SegmentSelection[] = [];
  for (const group of groups) parts.push(await groupSelection(group, owner, walk));
  return combine(list.Include, parts);
}

/**
 * One group: its base (the source segments combined by SourceType; none = the whole project) AND
 * its dimensions combined by Type (none listed = no condition).
 */
async function groupSelection(group: SegmentGroup, owner: SegmentVersionRecord, walk: Walk): Promise<SegmentSelection> {
  const refs = group.SourceSegments ?? [];
  let base: SegmentSelection = ALL;
  if (refs.length > 0) {
    const sources = await resolveSources(refs, owner, walk);
    // ANY is the default: the console's "Include any audiences".
    base = combine(group.SourceType ?? 'ANY', sources);
  }
  const dimensionList = group.Dimensions ?? [];
  const filter = dimensionList.length === 0 ? ALL : combine(group.Type, dimensionList.map(dimensionsSelection));
  return and([base, filter]);
}

async function resolveSources(refs: readonly SegmentReference[], owner: SegmentVersionRecord, walk: Walk): Promise<SegmentSelection[]> {
  // The sources of the segment being built sit one level below it: the first segment's at level 1.
  const depth = walk.path.length;
  const selections: SegmentSelection[] = [];
  for (const ref of refs) {
    const id = ref.Id ?? '';
    if (depth > MAX_SOURCE_DEPTH) {
      throw new SegmentReferenceError('too-deep', id, ref.Version, `Source segments nest more than ${MAX_SOURCE_DEPTH} levels deep: ${walk.path.join(' → ')} → ${label(id, ref.Version)}`);
    }
    walk.references += 1;
    if (walk.references > MAX_SOURCE_REFERENCES) {
      throw new SegmentReferenceError('too-many', owner.segmentId, owner.version, `Segment ${label(owner.segmentId, owner.version)} refers to more than ${MAX_SOURCE_REFERENCES} source segments in all`);
    }
    const source = await walk.resolve(ref.Version === undefined ? { Id: id } : { Id: id, Version: ref.Version });
    if (!source) throw new SegmentReferenceError('missing', id, ref.Version, `Source segment ${label(id, ref.Version)} does not exist`);
    if (source.segmentType === 'IMPORT' && refs.length > 1) {
      throw new SegmentReferenceError('mixed-import', id, source.version, `Source segment ${label(id, source.version)} is an imported segment: a segment group takes one imported segment alone, or dimensional segments`);
    }
    const key = `${source.segmentId}@${source.version}`;
    if (walk.path.includes(key)) {
      throw new SegmentReferenceError('cycle', source.segmentId, source.version, `Source segment ${label(source.segmentId, source.version)} refers back to itself: ${[...walk.path, key].join(' → ')}`);
    }
    selections.push(await build(source, walk));
  }
  return selections;
}

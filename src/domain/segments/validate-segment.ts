import type { AttributeDimension, GPSPointDimension, MetricDimension, SegmentDimensions, SegmentGroup, SetDimension } from '@aws-sdk/client-pinpoint';
import { quoted } from '../endpoints/endpoint-patch.ts';
import { characterCount, isStorableText } from '../storable-text.ts';
import { isoInstantMs } from './iso-instant.ts';
import type { SegmentDefinition } from './segment-record.ts';

/**
 * What a segment definition must satisfy beyond its model (which has already checked member
 * types, required members and enums): the values dimensions can be evaluated with, and limits.
 */
export const segmentLimits = {
  /** Values of one dimension. */
  valuesPerDimension: 100,
  /**
   * Values in the whole segment, over every dimension and group: the console's documented limit
   * ("at most 100 values in total"). It bounds the work of one evaluation, which on SQLite runs
   * on the server's own thread.
   */
  valuesPerSegment: 100,
  /** Characters of one value: the console's limit, and an endpoint attribute value's. */
  valueLength: 100,
  /** Characters of an attribute or metric name: an endpoint's limit. */
  nameLength: 50,
  /** Criteria in the whole segment: Pinpoint's quota "100 dimensions per segment". */
  dimensionsPerSegment: 100,
  /** Segment groups: the console offers at most two. */
  groupsPerSegment: 2,
  /** Source segments of one group (Pinpoint names no limit; this bounds the work of one evaluation). */
  sourceSegmentsPerGroup: 100,
} as const;

/** RangeInKilometers when a GPSPoint dimension leaves it out (Pinpoint documents no default). */
export const DEFAULT_GPS_RANGE_KM = 100;

export const metricOperators = ['EQUAL', 'GREATER_THAN', 'LESS_THAN', 'GREATER_THAN_OR_EQUAL', 'LESS_THAN_OR_EQUAL'] as const;
export type MetricOperator = (typeof metricOperators)[number];

/** How many values each date-typed AttributeType takes. */
const dateValueCounts: Record<string, number> = { BEFORE: 1, AFTER: 1, ON: 1, BETWEEN: 2 };
const attributeTypes = ['INCLUSIVE', 'EXCLUSIVE', 'CONTAINS', 'BEFORE', 'AFTER', 'ON', 'BETWEEN'];
const setTypes = ['INCLUSIVE', 'EXCLUSIVE'];
const durations = ['HR_24', 'DAY_7', 'DAY_14', 'DAY_30'];
const recencyTypes = ['ACTIVE', 'INACTIVE'];

/**
 * The first thing wrong with the definition, as "<member path>: <what is wrong>", or undefined.
 * Checks only what the definition says; source segments are checked when they are resolved
 * (build-selection.ts).
 */
/** Pinpoint's ChannelType values: what Demographic.Channel selects endpoints by. */
const channelTypes: readonly string[] = ['PUSH', 'GCM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'ADM', 'SMS', 'VOICE', 'EMAIL', 'BAIDU', 'CUSTOM', 'IN_APP'];

export function segmentDefinitionProblem(definition: SegmentDefinition): string | undefined {
  return first(definitionProblems(definition));
}

function first(problems: Iterable<string>): string | undefined {
  for (const problem of problems) return problem;
  return undefined;
}

function* definitionProblems(definition: SegmentDefinition): Generator<string> {
  const { Dimensions: dimensions, SegmentGroups: groups } = definition;
  if (dimensions !== undefined && groups !== undefined) {
    yield 'Dimensions, SegmentGroups: a segment is defined by Dimensions or by SegmentGroups, not both';
    return;
  }
  if (dimensions !== undefined) yield* dimensionsProblems(dimensions, 'Dimensions');
  const list = groups?.Groups ?? [];
  if (list.length > segmentLimits.groupsPerSegment) yield `SegmentGroups.Groups: at most ${segmentLimits.groupsPerSegment} groups, got ${list.length}`;
  for (const [i, group] of list.entries()) yield* groupProblems(group, `SegmentGroups.Groups[${i}]`);
  const count = (dimensions ? criteriaCount(dimensions) : 0) + list.reduce((sum, group) => sum + (group.Dimensions ?? []).reduce((n, d) => n + criteriaCount(d), 0), 0);
  if (count > segmentLimits.dimensionsPerSegment) yield `Dimensions: at most ${segmentLimits.dimensionsPerSegment} dimensions per segment, got ${count}`;
  const values = (dimensions ? valueCount(dimensions) : 0) + list.reduce((sum, group) => sum + (group.Dimensions ?? []).reduce((n, d) => n + valueCount(d), 0), 0);
  if (values > segmentLimits.valuesPerSegment) yield `Dimensions: at most ${segmentLimits.valuesPerSegment} values in all the segment's dimensions, got ${values}`;
}

function* groupProblems(group: SegmentGroup, at: string): Generator<string> {
  const sources = group.SourceSegments ?? [];
  if (sources.length > segmentLimits.sourceSegmentsPerGroup) yield `${at}.SourceSegments: at most ${segmentLimits.sourceSegmentsPerGroup} source segments, got ${sources.length}`;
  for (const [i, source] of sources.entries()) {
    if (typeof source.Id !== 'string' || source.Id === '') yield `${at}.SourceSegments[${i}].Id: must not be empty`;
    if (source.Version !== undefined && !(Number.isInteger(source.Version) && source.Version >= 1)) {
      yield `${at}.SourceSegments[${i}].Version: must be a version number (1 or more), got ${source.Version}`;
    }
  }
  for (const [i, dimensions] of (group.Dimensions ?? []).entries()) yield* dimensionsProblems(dimensions, `${at}.Dimensions[${i}]`);
}

/** How many criteria one SegmentDimensions holds: what the 100-dimension quota counts. */
/** Values given in one SegmentDimensions object (over its attribute, user attribute, demographic and country dimensions). */
export function valueCount(dimensions: SegmentDimensions): number {
  const lists = [
    ...Object.values(dimensions.Attributes ?? {}),
    ...Object.values(dimensions.UserAttributes ?? {}),
    ...Object.values(dimensions.Demographic ?? {}),
    ...(dimensions.Location?.Country ? [dimensions.Location.Country] : []),
  ];
  return lists.reduce((sum, dimension) => sum + (Array.isArray(dimension?.Values) ? dimension.Values.length : 0), 0);
}

export function criteriaCount(dimensions: SegmentDimensions): number {
  const { Attributes, UserAttributes, Metrics, Behavior, Demographic, Location } = dimensions;
  const defined = (values: readonly unknown[]) => values.filter((value) => value !== undefined).length;
  return (
    Object.keys(Attributes ?? {}).length +
    Object.keys(UserAttributes ?? {}).length +
    Object.keys(Metrics ?? {}).length +
    defined([Behavior?.Recency, Location?.Country, Location?.GPSPoint]) +
    defined(Object.values(Demographic ?? {}))
  );
}

function* dimensionsProblems(dimensions: SegmentDimensions, at: string): Generator<string> {
  for (const [member, map] of [['Attributes', dimensions.Attributes], ['UserAttributes', dimensions.UserAttributes]] as const) {
    for (const [name, dimension] of Object.entries(map ?? {})) {
      yield* nameProblems(name, `${at}.${member}`);
      yield* attributeProblems(dimension, `${at}.${member}.${quoted(name)}`);
    }
  }
  for (const [name, dimension] of Object.entries(dimensions.Metrics ?? {})) {
    yield* nameProblems(name, `${at}.Metrics`);
    yield* metricProblems(dimension, `${at}.Metrics.${quoted(name)}`);
  }
  const recency = dimensions.Behavior?.Recency;
  if (recency) {
    if (!durations.includes(String(recency.Duration))) yield `${at}.Behavior.Recency.Duration: '${String(recency.Duration)}' is not one of ${durations.join(', ')}`;
    if (!recencyTypes.includes(String(recency.RecencyType))) yield `${at}.Behavior.Recency.RecencyType: '${String(recency.RecencyType)}' is not one of ${recencyTypes.join(', ')}`;
  }
  for (const [member, dimension] of Object.entries(dimensions.Demographic ?? {})) {
    if (dimension !== undefined) yield* setProblems(dimension as SetDimension, `${at}.Demographic.${member}`);
  }
  for (const [i, value] of (dimensions.Demographic?.Channel?.Values ?? []).entries()) {
    if (typeof value === 'string' && !channelTypes.includes(value)) yield `${at}.Demographic.Channel.Values[${i}]: '${quoted(value)}' is not a channel type (${channelTypes.join(', ')})`;
  }
  if (dimensions.Location?.Country) yield* setProblems(dimensions.Location.Country, `${at}.Location.Country`);
  if (dimensions.Location?.GPSPoint) yield* gpsProblems(dimensions.Location.GPSPoint, `${at}.Location.GPSPoint`);
}

function* nameProblems(name: string, at: string): Generator<string> {
  if (name === '') yield `${at}: an attribute name is empty`;
  else if (!isStorableText(name)) yield `${at}: attribute name '${quoted(name)}' holds a NUL or an unpaired surrogate`;
  // No endpoint can have a longer name (an endpoint attribute name is at most 50 characters).
  else if (characterCount(name) > segmentLimits.nameLength) yield `${at}: attribute name '${quoted(name)}' is longer than ${segmentLimits.nameLength} characters`;
}

function* valuesProblems(values: unknown, at: string): Generator<string> {
  if (!Array.isArray(values)) {
    yield `${at}.Values: is required`;
    return;
  }
  if (values.length === 0) yield `${at}.Values: must hold at least one value`;
  if (values.length > segmentLimits.valuesPerDimension) yield `${at}.Values: at most ${segmentLimits.valuesPerDimension} values, got ${values.length}`;
  for (const [i, value] of values.entries()) {
    if (typeof value !== 'string') yield `${at}.Values[${i}]: must be a string`;
    else if (!isStorableText(value)) yield `${at}.Values[${i}]: holds a NUL or an unpaired surrogate`;
    else if (characterCount(value) > segmentLimits.valueLength) yield `${at}.Values[${i}]: at most ${segmentLimits.valueLength} characters, got ${characterCount(value)}`;
  }
}

function* attributeProblems(dimension: AttributeDimension, at: string): Generator<string> {
  const type = dimension.AttributeType ?? 'INCLUSIVE';
  if (!attributeTypes.includes(type)) {
    yield `${at}.AttributeType: '${type}' is not one of ${attributeTypes.join(', ')}`;
    return;
  }
  yield* valuesProblems(dimension.Values, at);
  const expected = dateValueCounts[type];
  const values = dimension.Values ?? [];
  if (expected === undefined || values.length === 0) return;
  if (values.length !== expected) {
    yield `${at}.Values: ${type} takes exactly ${expected} value${expected === 1 ? '' : 's'}, got ${values.length}`;
    return;
  }
  const instants = values.map((value) => isoInstantMs(value));
  for (const [i, instant] of instants.entries()) {
    if (instant === undefined) yield `${at}.Values[${i}]: '${quoted(values[i]!)}' is not an ISO-8601 date or date-time`;
  }
  if (type === 'BETWEEN' && instants[0]! > instants[1]!) yield `${at}.Values: BETWEEN starts at '${quoted(values[0]!)}', after its end '${quoted(values[1]!)}'`;
}

function* metricProblems(dimension: MetricDimension, at: string): Generator<string> {
  const operator = dimension.ComparisonOperator;
  if (!(metricOperators as readonly unknown[]).includes(operator)) {
    yield `${at}.ComparisonOperator: '${quoted(String(operator))}' is not one of ${metricOperators.join(', ')}`;
  }
  if (typeof dimension.Value !== 'number' || !Number.isFinite(dimension.Value)) yield `${at}.Value: must be a finite number, got ${String(dimension.Value)}`;
}

function* setProblems(dimension: SetDimension, at: string): Generator<string> {
  const type = dimension.DimensionType ?? 'INCLUSIVE';
  if (!setTypes.includes(type)) yield `${at}.DimensionType: '${type}' is not one of ${setTypes.join(', ')}`;
  yield* valuesProblems(dimension.Values, at);
}

function* gpsProblems(dimension: GPSPointDimension, at: string): Generator<string> {
  const coordinates = dimension.Coordinates;
  if (!coordinates) {
    yield `${at}.Coordinates: is required`;
    return;
  }
  const { Latitude: latitude, Longitude: longitude } = coordinates;
  if (!inRange(latitude, 90)) yield `${at}.Coordinates.Latitude: must be between -90 and 90, got ${String(latitude)}`;
  if (!inRange(longitude, 180)) yield `${at}.Coordinates.Longitude: must be between -180 and 180, got ${String(longitude)}`;
  const range = dimension.RangeInKilometers;
  if (range !== undefined && !(typeof range === 'number' && Number.isFinite(range) && range > 0)) {
    yield `${at}.RangeInKilometers: must be a number above 0, got ${String(range)}`;
  }
}

function inRange(value: unknown, limit: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= -limit && value <= limit;
}

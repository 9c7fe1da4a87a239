import type { AttributeDimension, GPSPointDimension, MetricDimension, RecencyDimension, SegmentDemographics, SegmentDimensions, SetDimension } from '@aws-sdk/client-pinpoint';
import { sql } from 'kysely';
import { isoInstantMs, utcDayOf } from '../../domain/segments/iso-instant.ts';
import { DEFAULT_GPS_RANGE_KM } from '../../domain/segments/validate-segment.ts';
import { asciiLowerValue, jsonSql } from './json-sql.ts';
import type { Fragment, JsonSql, NamedMap, SegmentDialect } from './json-sql.ts';

/**
 * One SegmentDimensions object as SQL: every criterion in it must hold (Pinpoint ANDs them).
 * Each criterion compiles to a two-valued predicate (TRUE or FALSE, never NULL), so NOT over it,
 * for EXCLUSIVE or a NONE group, keeps the endpoints that lack the attribute.
 */
export interface DimensionContext {
  dialect: SegmentDialect;
  /** Anchors Behavior.Recency. */
  now: Date;
}

/** A criterion, with what it costs per row: plain columns first, then JSON, then trigonometry. */
interface Criterion {
  cost: number;
  fragment: Fragment;
}

const COLUMN = 0;
const JSON_READ = 1;
const JSON_MATH = 2;

const TRUE = sql`TRUE`;
const FALSE = sql`FALSE`;
const DAY_MS = 86_400_000;
const EARTH_RADIUS_KM = 6371.0088;

const durationMs: Record<string, number> = { HR_24: DAY_MS, DAY_7: 7 * DAY_MS, DAY_14: 14 * DAY_MS, DAY_30: 30 * DAY_MS };
const metricComparisons: Record<string, Fragment> = {
  EQUAL: sql`=`,
  GREATER_THAN: sql`>`,
  LESS_THAN: sql`<`,
  GREATER_THAN_OR_EQUAL: sql`>=`,
  LESS_THAN_OR_EQUAL: sql`<=`,
};

/** Criteria the stored definition should never hold (validate-segment.ts refuses them): evaluating one is a bug, said loudly. */
function unusable(what: string): never {
  throw new Error(`segment dimension cannot be evaluated: ${what}`);
}

function negateIf(exclusive: boolean, fragment: Fragment): Fragment {
  return exclusive ? sql`(NOT ${fragment})` : fragment;
}

export function dimensionsFragment(dimensions: SegmentDimensions, context: DimensionContext): Fragment {
  const json = jsonSql(context.dialect);
  const criteria: Criterion[] = [];
  for (const map of ['Attributes', 'UserAttributes'] as const) {
    for (const [name, dimension] of Object.entries(dimensions[map] ?? {})) criteria.push({ cost: JSON_READ, fragment: attributeFragment(json, map, name, dimension) });
  }
  for (const [name, dimension] of Object.entries(dimensions.Metrics ?? {})) criteria.push({ cost: JSON_READ, fragment: metricFragment(json, name, dimension) });
  if (dimensions.Behavior?.Recency) criteria.push({ cost: COLUMN, fragment: recencyFragment(json, dimensions.Behavior.Recency, context.now) });
  criteria.push(...demographicCriteria(json, dimensions.Demographic ?? {}));
  if (dimensions.Location?.Country) {
    const values = dimensions.Location.Country.Values ?? [];
    if (values.length === 0) unusable('Location.Country has no values');
    const inclusive = sql`COALESCE(${json.asciiLower(json.text(['Location', 'Country']))} IN (${sql.join(values.map(asciiLowerValue))}), FALSE)`;
    criteria.push({ cost: JSON_READ, fragment: negateIf(dimensions.Location.Country.DimensionType === 'EXCLUSIVE', inclusive) });
  }
  if (dimensions.Location?.GPSPoint) criteria.push({ cost: JSON_MATH, fragment: gpsFragment(json, dimensions.Location.GPSPoint) });
  if (criteria.length === 0) return TRUE;
  // SQLite evaluates AND left to right and stops at the first FALSE: cheap tests go first.
  criteria.sort((a, b) => a.cost - b.cost);
  return sql`(${sql.join(criteria.map((criterion) => criterion.fragment), sql` AND `)})`;
}

function attributeFragment(json: JsonSql, map: NamedMap, name: string, dimension: AttributeDimension): Fragment {
  const type = dimension.AttributeType ?? 'INCLUSIVE';
  const values = dimension.Values ?? [];
  if (values.length === 0) unusable(`${map}.${name} has no values`);
  switch (type) {
    case 'INCLUSIVE':
      return json.listHasAny(map, name, values);
    case 'EXCLUSIVE':
      return negateIf(true, json.listHasAny(map, name, values));
    case 'CONTAINS':
      return json.anyListValue(map, name, (value) => sql`(${sql.join(values.map((needle) => json.contains(value, needle)), sql` OR `)})`);
    default:
      return json.anyListValue(map, name, (value) => dateTest(json.epochSeconds(value), type, values, `${map}.${name}`));
  }
}

/** BEFORE / AFTER / ON / BETWEEN over an epoch-seconds expression (NULL for a text that is no date: no match). */
function dateTest(epoch: Fragment, type: string, values: readonly string[], at: string): Fragment {
  const instants = values.map((value) => isoInstantMs(value) ?? unusable(`${at}: '${value}' is not an ISO-8601 date-time`));
  const seconds = (ms: number) => sql`${ms / 1000}`;
  if (type === 'BEFORE' && instants.length === 1) return sql`${epoch} < ${seconds(instants[0]!)}`;
  if (type === 'AFTER' && instants.length === 1) return sql`${epoch} > ${seconds(instants[0]!)}`;
  if (type === 'BETWEEN' && instants.length === 2) return sql`${epoch} BETWEEN ${seconds(instants[0]!)} AND ${seconds(instants[1]!)}`;
  if (type === 'ON' && instants.length === 1) {
    // The same UTC calendar day: "time is ignored in this comparison".
    const day = utcDayOf(instants[0]!);
    return sql`(${epoch} >= ${seconds(day * DAY_MS)} AND ${epoch} < ${seconds((day + 1) * DAY_MS)})`;
  }
  return unusable(`${at}: ${type} with ${values.length} values`);
}

function metricFragment(json: JsonSql, name: string, dimension: MetricDimension): Fragment {
  const comparison = metricComparisons[dimension.ComparisonOperator ?? ''] ?? unusable(`Metrics.${name}: operator ${String(dimension.ComparisonOperator)}`);
  if (typeof dimension.Value !== 'number' || !Number.isFinite(dimension.Value)) unusable(`Metrics.${name}: value ${String(dimension.Value)}`);
  return sql`COALESCE(${json.mapNumber('Metrics', name)} ${comparison} ${dimension.Value}, FALSE)`;
}

/**
 * ACTIVE: the endpoint's EffectiveDate (when it was last updated; PutEvents that carries endpoint
 * data updates it too) is within the duration before `now`; INACTIVE: it is not.
 */
function recencyFragment(json: JsonSql, recency: RecencyDimension, now: Date): Fragment {
  const duration = durationMs[recency.Duration ?? ''] ?? unusable(`Behavior.Recency.Duration ${String(recency.Duration)}`);
  if (recency.RecencyType !== 'ACTIVE' && recency.RecencyType !== 'INACTIVE') unusable(`Behavior.Recency.RecencyType ${String(recency.RecencyType)}`);
  // effective_date holds the canonical UTC instant (storage/audience/endpoint-rows.ts), so the
  // window is one text comparison on a plain column.
  const since = new Date(now.getTime() - duration).toISOString();
  const active = json.textAtLeast(sql.ref('e.effective_date'), since);
  return negateIf(recency.RecencyType === 'INACTIVE', active);
}

function demographicCriteria(json: JsonSql, demographic: SegmentDemographics): Criterion[] {
  const criteria: Criterion[] = [];
  for (const [member, dimension] of Object.entries(demographic) as [string, SetDimension | undefined][]) {
    if (dimension === undefined) continue;
    const values = dimension.Values ?? [];
    if (values.length === 0) unusable(`Demographic.${member} has no values`);
    const exclusive = dimension.DimensionType === 'EXCLUSIVE';
    if (member === 'Channel') {
      const channel = sql.ref('e.channel_type');
      criteria.push({ cost: COLUMN, fragment: negateIf(exclusive, sql`(${channel} IS NOT NULL AND ${channel} IN (${sql.join(values)}))`) });
    } else if (member === 'DeviceType') {
      // Endpoints have no device type (EndpointDemographic has no such member): like any missing
      // attribute, INCLUSIVE matches no endpoint and EXCLUSIVE excludes none.
      criteria.push({ cost: COLUMN, fragment: exclusive ? TRUE : FALSE });
    } else if (member === 'AppVersion') {
      criteria.push({ cost: JSON_READ, fragment: negateIf(exclusive, sql`COALESCE(${json.text(['Demographic', 'AppVersion'])} IN (${sql.join(values)}), FALSE)`) });
    } else if (member === 'Make' || member === 'Model' || member === 'Platform') {
      // Devices report these in mixed case (iOS, ios; Apple, apple): compared without ASCII case.
      const lowered = values.map(asciiLowerValue);
      criteria.push({ cost: JSON_READ, fragment: negateIf(exclusive, sql`COALESCE(${json.asciiLower(json.text(['Demographic', member]))} IN (${sql.join(lowered)}), FALSE)`) });
    } else {
      unusable(`Demographic.${member}`);
    }
  }
  return criteria;
}

/** Great-circle (haversine) distance from the point at most RangeInKilometers; endpoints without coordinates are out. */
function gpsFragment(json: JsonSql, gps: GPSPointDimension): Fragment {
  const latitude = gps.Coordinates?.Latitude;
  const longitude = gps.Coordinates?.Longitude;
  if (typeof latitude !== 'number' || typeof longitude !== 'number') unusable('Location.GPSPoint without coordinates');
  const range = gps.RangeInKilometers ?? DEFAULT_GPS_RANGE_KM;
  const lat = json.number(['Location', 'Latitude']);
  const lon = json.number(['Location', 'Longitude']);
  const angle = range / EARTH_RADIUS_KM;
  if (angle >= Math.PI) return sql`(${lat} IS NOT NULL AND ${lon} IS NOT NULL)`;
  // haversine(d) = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2), and d ≤ range ⇔ haversine ≤ sin²(range / 2R):
  // no asin or sqrt per row. The latitude band (|Δφ| ≤ range / R) is a cheap first cut.
  const phi = (latitude * Math.PI) / 180;
  const lambda = (longitude * Math.PI) / 180;
  const band = (angle * 180) / Math.PI;
  const limit = Math.sin(angle / 2) ** 2;
  const haversine = sql`power(sin((radians(${lat}) - ${phi}) / 2), 2) + ${Math.cos(phi)} * cos(radians(${lat})) * power(sin((radians(${lon}) - ${lambda}) / 2), 2)`;
  return sql`COALESCE(${lat} BETWEEN ${latitude - band} AND ${latitude + band} AND ${haversine} <= ${limit}, FALSE)`;
}

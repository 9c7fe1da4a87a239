// The endpoints and the table of dimension cases segment-dimensions.test.ts runs on SQLite and on
// PostgreSQL. Every expected id set is written out by hand from the fixture below.
import type { SegmentDimensions } from '@aws-sdk/client-pinpoint';
import type { StoredEndpoint } from '../../src/domain/endpoints/stored-endpoint.ts';
import type { SegmentDefinition } from '../../src/domain/segments/segment-record.ts';
import { endpoint } from '../helpers/endpoint-storage.ts';

/** Recency windows are measured back from here. */
export const NOW = new Date('2026-06-15T12:00:00.000Z');

// Ages (now − EffectiveDate): a 1h, b 3d, c 10d, d 20d, e 40d, f 23h30 (written at +05:00),
// g 24h30 (written at -0500), h 7d − 1min, i 7d + 1min, j exactly 14d (written without an offset).
export const fixtureEndpoints: StoredEndpoint[] = [
  endpoint('a', {
    ChannelType: 'GCM',
    Attributes: { Color: ['red', 'green'], Joined: ['2026-03-01T10:00:00Z'], 'Zoë.size [1]': ['L'] },
    Metrics: { score: 10 },
    Demographic: { Make: 'Apple', Model: 'iPhone 15', Platform: 'iOS', AppVersion: '2.0' },
    Location: { Country: 'US', Latitude: 47.6, Longitude: -122.3 },
    User: { UserId: 'user-a', UserAttributes: { Plan: ['pro'] } },
    EffectiveDate: '2026-06-15T11:00:00.000Z',
  }),
  endpoint('b', {
    ChannelType: 'EMAIL',
    Address: 'b@example.com',
    Attributes: { Color: ['Red'], Joined: ['2026-02-28T23:59:59.999Z'] },
    Metrics: { score: 5 },
    Demographic: { Make: 'samsung', Platform: 'android', AppVersion: '1.0' },
    Location: { Country: 'ca', Latitude: 49.3, Longitude: -123.1 },
    User: { UserAttributes: { Plan: ['free'] } },
    EffectiveDate: '2026-06-12T12:00:00Z',
  }),
  endpoint('c', {
    ChannelType: 'SMS',
    Address: '+15550000001',
    Attributes: { Color: ['blue'], Joined: ['2026-03-01'] },
    Metrics: { score: 5.5 },
    Location: { Country: 'US', Latitude: 45.5, Longitude: -122.7 },
    EffectiveDate: '2026-06-05T12:00:00.000Z',
    // Segments keep inactive and opted-out endpoints: senders leave them out.
    EndpointStatus: 'INACTIVE',
    OptOut: 'ALL',
  }),
  endpoint('d', { ChannelType: 'APNS', Demographic: { Make: 'APPLE', Platform: 'IOS' }, EffectiveDate: '2026-05-26T12:00:00.000Z' }),
  endpoint('e', {
    ChannelType: 'GCM',
    Attributes: { Color: ['dark red'], Joined: ['2026-03-02T00:30:00+02:00'] },
    Metrics: { score: -1 },
    Location: { Country: 'US' },
    EffectiveDate: '2026-05-06T12:00:00.000Z',
  }),
  endpoint('f', {
    ChannelType: 'CUSTOM',
    Address: 'https://example.com/hook',
    Attributes: { 'we"ird\\name.[0]': ['x'], Color: ['not a date'], Joined: ['2026-02-30'] },
    Metrics: { 'm"1': 3 },
    EffectiveDate: '2026-06-14T17:30:00+05:00',
  }),
  endpoint('g', {
    ChannelType: 'VOICE',
    Address: '+15550000002',
    Attributes: { Joined: ['soon'] },
    Location: { Latitude: -47.6, Longitude: 57.7 },
    EffectiveDate: '2026-06-14T06:30:00-0500',
  }),
  endpoint('h', { ChannelType: 'EMAIL', Address: 'h@example.com', Attributes: { Color: ['RED'] }, Location: { Latitude: 47.6, Longitude: 179.95 }, EffectiveDate: '2026-06-08T12:01:00.000Z' }),
  endpoint('i', { ChannelType: 'SMS', Address: '+15550000003', Location: { Latitude: 47.6, Longitude: -179.95 }, EffectiveDate: '2026-06-08T11:59:00.000Z' }),
  endpoint('j', { ChannelType: 'GCM', Attributes: { "it's": ["o'clock", '\\'] }, EffectiveDate: '2026-06-01T12:00:00' }),
];

export const allIds = fixtureEndpoints.map((e) => e.Id);
const except = (...ids: string[]) => allIds.filter((id) => !ids.includes(id));

/** Source segments stored before the cases run (ids as referenced below). */
export const sourceSegments: { id: string; definition: SegmentDefinition }[] = [
  { id: 'seg-gcm', definition: { Dimensions: { Demographic: { Channel: { Values: ['GCM'] } } } } },
  { id: 'seg-red', definition: { Dimensions: { Attributes: { Color: { Values: ['red'] } } } } },
  { id: 'seg-nested', definition: { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: 'seg-gcm' }], Dimensions: [{ Metrics: { score: { ComparisonOperator: 'GREATER_THAN', Value: 0 } } }] }] } } },
  // Version 1 selects GCM; the test adds version 2 selecting EMAIL.
  { id: 'seg-versioned', definition: { Dimensions: { Demographic: { Channel: { Values: ['GCM'] } } } } },
];
/** The imported segment and its members ('ghost' is no endpoint of the project). */
export const importedSegment = { id: 'seg-imported', members: ['b', 'c', 'ghost'] };

export interface DimensionCase {
  name: string;
  definition: SegmentDefinition;
  expected: string[];
}

const dims = (name: string, dimensions: SegmentDimensions, expected: string[]): DimensionCase => ({ name, definition: { Dimensions: dimensions }, expected });
const color = (AttributeType: string | undefined, Values: string[]): SegmentDimensions => ({ Attributes: { Color: AttributeType ? { AttributeType: AttributeType as 'INCLUSIVE', Values } : { Values } } });
const joined = (AttributeType: string, Values: string[]): SegmentDimensions => ({ Attributes: { Joined: { AttributeType: AttributeType as 'ON', Values } } });
const score = (ComparisonOperator: string, Value: number): SegmentDimensions => ({ Metrics: { score: { ComparisonOperator, Value } } });
const recency = (RecencyType: 'ACTIVE' | 'INACTIVE', Duration: 'HR_24' | 'DAY_7' | 'DAY_14' | 'DAY_30'): SegmentDimensions => ({ Behavior: { Recency: { RecencyType, Duration } } });
const demographic = (member: string, Values: string[], DimensionType?: 'INCLUSIVE' | 'EXCLUSIVE'): SegmentDimensions => ({ Demographic: { [member]: DimensionType ? { DimensionType, Values } : { Values } } });
const gps = (Latitude: number, Longitude: number, RangeInKilometers?: number): SegmentDimensions => ({
  Location: { GPSPoint: RangeInKilometers === undefined ? { Coordinates: { Latitude, Longitude } } : { Coordinates: { Latitude, Longitude }, RangeInKilometers } },
});
const groups = (name: string, definition: SegmentDefinition['SegmentGroups'], expected: string[]): DimensionCase => ({ name, definition: { SegmentGroups: definition! }, expected });

export const dimensionCases: DimensionCase[] = [
  dims('no dimensions: the whole project', {}, allIds),
  // Attributes: values are compared case-sensitively.
  dims('Attributes INCLUSIVE', color('INCLUSIVE', ['red']), ['a']),
  dims('Attributes INCLUSIVE, several values', color('INCLUSIVE', ['red', 'blue']), ['a', 'c']),
  dims('Attributes without AttributeType is INCLUSIVE', color(undefined, ['Red']), ['b']),
  dims('Attributes EXCLUSIVE keeps endpoints without the attribute', color('EXCLUSIVE', ['red']), except('a')),
  dims('Attributes EXCLUSIVE, several values', color('EXCLUSIVE', ['red', 'Red', 'RED']), except('a', 'b', 'h')),
  dims('Attributes CONTAINS', color('CONTAINS', ['red']), ['a', 'e']),
  dims('Attributes CONTAINS is case-sensitive', color('CONTAINS', ['Re']), ['b']),
  dims('Attributes CONTAINS, several values', color('CONTAINS', ['ed', 'lu']), ['a', 'b', 'c', 'e']),
  dims('Attributes CONTAINS reads % and _ as themselves', color('CONTAINS', ['%', '_']), []),
  dims('Attributes BEFORE', joined('BEFORE', ['2026-03-01T00:00:00Z']), ['b']),
  dims('Attributes BEFORE is strict', joined('BEFORE', ['2026-03-01T10:00:00Z']), ['b', 'c']),
  dims('Attributes AFTER (offsets and rolled-over days read as instants)', joined('AFTER', ['2026-03-01T10:00:00Z']), ['e', 'f']),
  dims('Attributes ON ignores the time', joined('ON', ['2026-03-01']), ['a', 'c', 'e']),
  dims('Attributes ON takes the UTC day of a value with an offset', joined('ON', ['2026-03-01T23:00:00+05:00']), ['a', 'c', 'e']),
  dims('Attributes BETWEEN includes both ends', joined('BETWEEN', ['2026-02-28T23:59:59.999Z', '2026-03-01T10:00:00Z']), ['a', 'b', 'c']),
  dims('Attributes BETWEEN, later range', joined('BETWEEN', ['2026-03-01T10:00:00.001Z', '2026-03-02']), ['e', 'f']),
  dims('Attributes BEFORE: values that are not dates never match', { Attributes: { Color: { AttributeType: 'BEFORE', Values: ['2100-01-01'] } } }, []),
  dims('Attributes: a name with dots, spaces and non-ASCII', { Attributes: { 'Zoë.size [1]': { Values: ['L'] } } }, ['a']),
  dims('Attributes: a name with a quote and a backslash', { Attributes: { 'we"ird\\name.[0]': { Values: ['x'] } } }, ['f']),
  dims('Attributes: quotes in names and values are data', { Attributes: { "it's": { Values: ["o'clock"] } } }, ['j']),
  dims('Attributes: SQL in a name is data', { Attributes: { "it's' OR '1'='1": { Values: ["o'clock"] } } }, []),
  dims('Attributes CONTAINS a backslash', { Attributes: { "it's": { AttributeType: 'CONTAINS', Values: ['\\'] } } }, ['j']),
  dims('Attributes: several names are ANDed', { Attributes: { Color: { Values: ['red'] }, Joined: { AttributeType: 'ON', Values: ['2026-03-01'] } } }, ['a']),
  dims('UserAttributes INCLUSIVE', { UserAttributes: { Plan: { Values: ['pro'] } } }, ['a']),
  dims('UserAttributes EXCLUSIVE', { UserAttributes: { Plan: { AttributeType: 'EXCLUSIVE', Values: ['pro'] } } }, except('a')),
  dims('UserAttributes CONTAINS', { UserAttributes: { Plan: { AttributeType: 'CONTAINS', Values: ['r'] } } }, ['a', 'b']),
  dims('UserAttributes are not Attributes', { UserAttributes: { Color: { Values: ['red'] } } }, []),
  // Metrics
  dims('Metrics EQUAL', score('EQUAL', 5), ['b']),
  dims('Metrics GREATER_THAN', score('GREATER_THAN', 5), ['a', 'c']),
  dims('Metrics LESS_THAN', score('LESS_THAN', 5), ['e']),
  dims('Metrics GREATER_THAN_OR_EQUAL', score('GREATER_THAN_OR_EQUAL', 5.5), ['a', 'c']),
  dims('Metrics LESS_THAN_OR_EQUAL', score('LESS_THAN_OR_EQUAL', 5.5), ['b', 'c', 'e']),
  dims('Metrics: a name with a quote', { Metrics: { 'm"1': { ComparisonOperator: 'EQUAL', Value: 3 } } }, ['f']),
  // Behavior.Recency, both ways at each duration (ACTIVE: now − EffectiveDate ≤ the duration).
  dims('Recency ACTIVE HR_24', recency('ACTIVE', 'HR_24'), ['a', 'f']),
  dims('Recency INACTIVE HR_24', recency('INACTIVE', 'HR_24'), except('a', 'f')),
  dims('Recency ACTIVE DAY_7', recency('ACTIVE', 'DAY_7'), ['a', 'b', 'f', 'g', 'h']),
  dims('Recency INACTIVE DAY_7', recency('INACTIVE', 'DAY_7'), ['c', 'd', 'e', 'i', 'j']),
  dims('Recency ACTIVE DAY_14 (exactly 14 days is within)', recency('ACTIVE', 'DAY_14'), except('d', 'e')),
  dims('Recency INACTIVE DAY_14', recency('INACTIVE', 'DAY_14'), ['d', 'e']),
  dims('Recency ACTIVE DAY_30', recency('ACTIVE', 'DAY_30'), except('e')),
  dims('Recency INACTIVE DAY_30', recency('INACTIVE', 'DAY_30'), ['e']),
  // Demographic
  dims('Demographic Channel INCLUSIVE', demographic('Channel', ['EMAIL']), ['b', 'h']),
  dims('Demographic Channel EXCLUSIVE', demographic('Channel', ['EMAIL', 'SMS'], 'EXCLUSIVE'), ['a', 'd', 'e', 'f', 'g', 'j']),
  dims('Demographic Platform ignores ASCII case', demographic('Platform', ['ios']), ['a', 'd']),
  dims('Demographic Make INCLUSIVE', demographic('Make', ['apple', 'Samsung']), ['a', 'b', 'd']),
  dims('Demographic Make EXCLUSIVE keeps endpoints without a make', demographic('Make', ['Apple'], 'EXCLUSIVE'), except('a', 'd')),
  dims('Demographic Model', demographic('Model', ['IPHONE 15']), ['a']),
  dims('Demographic AppVersion', demographic('AppVersion', ['2.0', '1.0']), ['a', 'b']),
  dims('Demographic AppVersion EXCLUSIVE', demographic('AppVersion', ['2.0'], 'EXCLUSIVE'), except('a')),
  dims('Demographic DeviceType INCLUSIVE matches no endpoint', demographic('DeviceType', ['phone']), []),
  dims('Demographic DeviceType EXCLUSIVE excludes none', demographic('DeviceType', ['phone'], 'EXCLUSIVE'), allIds),
  // Location
  dims('Location Country ignores case', { Location: { Country: { Values: ['us'] } } }, ['a', 'c', 'e']),
  dims('Location Country, stored in lower case', { Location: { Country: { Values: ['CA'] } } }, ['b']),
  dims('Location Country EXCLUSIVE', { Location: { Country: { DimensionType: 'EXCLUSIVE', Values: ['US'] } } }, except('a', 'c', 'e')),
  dims('GPSPoint, default range (100 km)', gps(47.6062, -122.3321), ['a']),
  dims('GPSPoint 180 km', gps(47.6062, -122.3321, 180), ['a']),
  dims('GPSPoint 210 km', gps(47.6062, -122.3321, 210), ['a', 'b']),
  dims('GPSPoint 300 km', gps(47.6062, -122.3321, 300), ['a', 'b', 'c']),
  dims('GPSPoint 20,000 km leaves out the antipode', gps(47.6062, -122.3321, 20_000), ['a', 'b', 'c', 'h', 'i']),
  dims('GPSPoint beyond half the globe: every endpoint with coordinates', gps(47.6062, -122.3321, 20_100), ['a', 'b', 'c', 'g', 'h', 'i']),
  dims('GPSPoint across the antimeridian', gps(47.6, 179.99, 20), ['h', 'i']),
  dims('criteria of one Dimensions object are ANDed', { Demographic: { Channel: { Values: ['GCM'] } }, Attributes: { Color: { Values: ['red'] } }, Behavior: { Recency: { RecencyType: 'ACTIVE', Duration: 'DAY_7' } } }, ['a']),
  // SegmentGroups
  groups('Include ALL', { Include: 'ALL', Groups: [{ Dimensions: [demographic('Channel', ['GCM'])] }, { Dimensions: [color('INCLUSIVE', ['red'])] }] }, ['a']),
  groups('Include ANY', { Include: 'ANY', Groups: [{ Dimensions: [demographic('Channel', ['GCM'])] }, { Dimensions: [color('INCLUSIVE', ['red'])] }] }, ['a', 'e', 'j']),
  groups('Include NONE', { Include: 'NONE', Groups: [{ Dimensions: [demographic('Channel', ['GCM'])] }, { Dimensions: [color('INCLUSIVE', ['red'])] }] }, except('a', 'e', 'j')),
  groups('Type ALL', { Groups: [{ Type: 'ALL', Dimensions: [demographic('Channel', ['GCM']), recency('ACTIVE', 'DAY_7')] }] }, ['a']),
  groups('Type ANY', { Groups: [{ Type: 'ANY', Dimensions: [score('GREATER_THAN', 5), { Location: { Country: { Values: ['CA'] } } }] }] }, ['a', 'b', 'c']),
  groups('Type NONE', { Groups: [{ Type: 'NONE', Dimensions: [demographic('Channel', ['EMAIL']), demographic('Channel', ['SMS'])] }] }, ['a', 'd', 'e', 'f', 'g', 'j']),
  groups('Type NONE over a metric keeps endpoints without it', { Groups: [{ Type: 'NONE', Dimensions: [score('GREATER_THAN', 5)] }] }, except('a', 'c')),
  groups('SourceType ALL', { Groups: [{ SourceType: 'ALL', SourceSegments: [{ Id: 'seg-gcm' }, { Id: 'seg-red' }] }] }, ['a']),
  groups('SourceType ANY', { Groups: [{ SourceType: 'ANY', SourceSegments: [{ Id: 'seg-gcm' }, { Id: 'seg-red' }] }] }, ['a', 'e', 'j']),
  groups('SourceType NONE', { Groups: [{ SourceType: 'NONE', SourceSegments: [{ Id: 'seg-gcm' }, { Id: 'seg-red' }] }] }, except('a', 'e', 'j')),
  groups('source segment narrowed by dimensions', { Groups: [{ SourceSegments: [{ Id: 'seg-gcm' }], Dimensions: [{ Location: { Country: { Values: ['US'] } } }] }] }, ['a', 'e']),
  groups('nested source segments', { Groups: [{ SourceSegments: [{ Id: 'seg-nested' }], Dimensions: [demographic('Platform', ['IOS'])] }] }, ['a']),
  groups('a pinned source version', { Groups: [{ SourceSegments: [{ Id: 'seg-versioned', Version: 1 }] }] }, ['a', 'e', 'j']),
  groups('a source without a version: its latest', { Groups: [{ SourceSegments: [{ Id: 'seg-versioned' }] }] }, ['b', 'h']),
  groups('an imported source segment', { Groups: [{ SourceSegments: [{ Id: 'seg-imported' }] }] }, ['b', 'c']),
  groups('an imported source segment narrowed by dimensions', { Groups: [{ SourceSegments: [{ Id: 'seg-imported' }], Dimensions: [demographic('Channel', ['SMS'])] }] }, ['c']),
  groups('two groups: imported members OR recent GCM', { Include: 'ANY', Groups: [{ SourceSegments: [{ Id: 'seg-imported' }] }, { SourceSegments: [{ Id: 'seg-gcm' }], Dimensions: [recency('ACTIVE', 'DAY_30')] }] }, ['a', 'b', 'c', 'j']),
];

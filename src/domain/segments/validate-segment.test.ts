import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SegmentDimensions } from '@aws-sdk/client-pinpoint';
import { criteriaCount, segmentDefinitionProblem, segmentLimits } from './validate-segment.ts';

const problem = (Dimensions: SegmentDimensions) => segmentDefinitionProblem({ Dimensions });
const attribute = (AttributeType: string, Values: string[]): SegmentDimensions => ({ Attributes: { Color: { AttributeType: AttributeType as 'ON', Values } } });
const range = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);

describe('segmentDefinitionProblem', () => {
  test('valid definitions have no problem', () => {
    assert.equal(segmentDefinitionProblem({}), undefined);
    assert.equal(segmentDefinitionProblem({ Name: 'n', Dimensions: {} }), undefined);
    assert.equal(problem(attribute('INCLUSIVE', ['red', ''])), undefined);
    assert.equal(problem(attribute('BETWEEN', ['2026-01-01', '2026-01-01T10:00:00.123456789+0200'])), undefined);
    assert.equal(problem(attribute('ON', ['2026-03-01T23:00'])), undefined);
    assert.equal(problem({ Metrics: { score: { ComparisonOperator: 'LESS_THAN_OR_EQUAL', Value: -2.5 } } }), undefined);
    assert.equal(problem({ Location: { GPSPoint: { Coordinates: { Latitude: -90, Longitude: 180 } } } }), undefined);
    assert.equal(problem({ Attributes: { Color: { Values: range(segmentLimits.valuesPerDimension) } } }), undefined);
    assert.equal(segmentDefinitionProblem({ SegmentGroups: { Include: 'ANY', Groups: [{ SourceSegments: [{ Id: 's', Version: 2 }], Dimensions: [attribute('CONTAINS', ['x'])] }, {}] } }), undefined);
  });

  test('attribute values: counts per type, dates, empty lists, limits', () => {
    assert.equal(problem(attribute('BETWEEN', ['2026-01-01', '2026-01-02', '2026-01-03'])), 'Dimensions.Attributes.Color.Values: BETWEEN takes exactly 2 values, got 3');
    assert.equal(problem(attribute('BETWEEN', ['2026-01-01'])), 'Dimensions.Attributes.Color.Values: BETWEEN takes exactly 2 values, got 1');
    assert.equal(problem(attribute('BEFORE', ['2026-01-01', '2026-01-02'])), 'Dimensions.Attributes.Color.Values: BEFORE takes exactly 1 value, got 2');
    assert.equal(problem(attribute('AFTER', ['tomorrow'])), "Dimensions.Attributes.Color.Values[0]: 'tomorrow' is not an ISO-8601 date or date-time");
    assert.equal(problem(attribute('ON', ['2026-13-01'])), "Dimensions.Attributes.Color.Values[0]: '2026-13-01' is not an ISO-8601 date or date-time");
    assert.equal(problem(attribute('BETWEEN', ['2026-01-02', '2026-01-01T23:00:00Z'])), "Dimensions.Attributes.Color.Values: BETWEEN starts at '2026-01-02', after its end '2026-01-01T23:00:00Z'");
    assert.equal(problem(attribute('INCLUSIVE', [])), 'Dimensions.Attributes.Color.Values: must hold at least one value');
    assert.equal(problem(attribute('ON', [])), 'Dimensions.Attributes.Color.Values: must hold at least one value');
    assert.equal(problem(attribute('EXCLUSIVE', range(101))), 'Dimensions.Attributes.Color.Values: at most 100 values, got 101');
    assert.equal(problem(attribute('INCLUSIVE', ['a\u0000b'])), 'Dimensions.Attributes.Color.Values[0]: holds a NUL or an unpaired surrogate');
    assert.equal(problem({ UserAttributes: { Plan: { AttributeType: 'SOMETIMES' as 'ON', Values: ['x'] } } }), "Dimensions.UserAttributes.Plan.AttributeType: 'SOMETIMES' is not one of INCLUSIVE, EXCLUSIVE, CONTAINS, BEFORE, AFTER, ON, BETWEEN");
    assert.equal(problem({ UserAttributes: { Plan: { Values: undefined } } }), 'Dimensions.UserAttributes.Plan.Values: is required');
  });

  test('attribute and metric names must not be empty', () => {
    assert.equal(problem({ Attributes: { '': { Values: ['x'] } } }), 'Dimensions.Attributes: an attribute name is empty');
    assert.equal(problem({ Metrics: { '': { ComparisonOperator: 'EQUAL', Value: 1 } } }), 'Dimensions.Metrics: an attribute name is empty');
  });

  test('metrics: the operator set and a finite value', () => {
    assert.equal(
      problem({ Metrics: { score: { ComparisonOperator: 'BETWEEN', Value: 1 } } }),
      "Dimensions.Metrics.score.ComparisonOperator: 'BETWEEN' is not one of EQUAL, GREATER_THAN, LESS_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN_OR_EQUAL",
    );
    assert.equal(problem({ Metrics: { score: { ComparisonOperator: 'equal', Value: 1 } } })?.startsWith("Dimensions.Metrics.score.ComparisonOperator: 'equal'"), true);
    assert.equal(problem({ Metrics: { score: { ComparisonOperator: 'EQUAL', Value: Number.NaN } } }), 'Dimensions.Metrics.score.Value: must be a finite number, got NaN');
    assert.equal(problem({ Metrics: { score: { ComparisonOperator: 'EQUAL', Value: Infinity } } }), 'Dimensions.Metrics.score.Value: must be a finite number, got Infinity');
  });

  test('recency, demographic and country sets', () => {
    assert.equal(problem({ Behavior: { Recency: { Duration: 'DAY_2' as 'DAY_7', RecencyType: 'ACTIVE' } } }), "Dimensions.Behavior.Recency.Duration: 'DAY_2' is not one of HR_24, DAY_7, DAY_14, DAY_30");
    assert.equal(problem({ Demographic: { Platform: { Values: [] } } }), 'Dimensions.Demographic.Platform.Values: must hold at least one value');
    assert.equal(problem({ Demographic: { Channel: { DimensionType: 'CONTAINS' as 'INCLUSIVE', Values: ['SMS'] } } }), "Dimensions.Demographic.Channel.DimensionType: 'CONTAINS' is not one of INCLUSIVE, EXCLUSIVE");
    assert.equal(problem({ Location: { Country: { Values: range(101) } } }), 'Dimensions.Location.Country.Values: at most 100 values, got 101');
  });

  test('GPS coordinates and range', () => {
    const gps = (Latitude: number, Longitude: number, RangeInKilometers?: number) => problem({ Location: { GPSPoint: { Coordinates: { Latitude, Longitude }, ...(RangeInKilometers === undefined ? {} : { RangeInKilometers }) } } });
    assert.equal(gps(90.5, 0), 'Dimensions.Location.GPSPoint.Coordinates.Latitude: must be between -90 and 90, got 90.5');
    assert.equal(gps(0, -180.1), 'Dimensions.Location.GPSPoint.Coordinates.Longitude: must be between -180 and 180, got -180.1');
    assert.equal(gps(0, 0, 0), 'Dimensions.Location.GPSPoint.RangeInKilometers: must be a number above 0, got 0');
    assert.equal(gps(0, 0, -5), 'Dimensions.Location.GPSPoint.RangeInKilometers: must be a number above 0, got -5');
    assert.equal(gps(0, 0, 0.5), undefined);
    assert.equal(problem({ Location: { GPSPoint: { Coordinates: undefined } } }), 'Dimensions.Location.GPSPoint.Coordinates: is required');
  });

  test('groups: member paths, limits, sources, and not both Dimensions and SegmentGroups', () => {
    assert.equal(
      segmentDefinitionProblem({ SegmentGroups: { Groups: [{}, { Dimensions: [{}, { Metrics: { score: { ComparisonOperator: 'ABOUT', Value: 1 } } }] }] } }),
      "SegmentGroups.Groups[1].Dimensions[1].Metrics.score.ComparisonOperator: 'ABOUT' is not one of EQUAL, GREATER_THAN, LESS_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN_OR_EQUAL",
    );
    assert.equal(segmentDefinitionProblem({ SegmentGroups: { Groups: [{}, {}, {}] } }), 'SegmentGroups.Groups: at most 2 groups, got 3');
    assert.equal(segmentDefinitionProblem({ SegmentGroups: { Groups: [{ SourceSegments: [{ Id: '' }] }] } }), 'SegmentGroups.Groups[0].SourceSegments[0].Id: must not be empty');
    assert.equal(segmentDefinitionProblem({ SegmentGroups: { Groups: [{ SourceSegments: [{ Id: 's', Version: 0 }] }] } }), 'SegmentGroups.Groups[0].SourceSegments[0].Version: must be a version number (1 or more), got 0');
    assert.equal(segmentDefinitionProblem({ Dimensions: {}, SegmentGroups: { Groups: [] } }), 'Dimensions, SegmentGroups: a segment is defined by Dimensions or by SegmentGroups, not both');
  });

  test('at most 100 dimensions in the whole segment', () => {
    const attributes = (n: number, from = 0) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${from + i}`, { Values: ['x'] }]));
    assert.equal(criteriaCount({ Attributes: attributes(2), Demographic: { Make: { Values: ['m'] }, Channel: { Values: ['SMS'] } }, Location: { Country: { Values: ['US'] } } }), 5);
    assert.equal(segmentDefinitionProblem({ Dimensions: { Attributes: attributes(100) } }), undefined);
    assert.equal(segmentDefinitionProblem({ Dimensions: { Attributes: attributes(100), Behavior: { Recency: { Duration: 'DAY_7', RecencyType: 'ACTIVE' } } } }), 'Dimensions: at most 100 dimensions per segment, got 101');
    assert.equal(
      segmentDefinitionProblem({ SegmentGroups: { Groups: [{ Dimensions: [{ Attributes: attributes(60) }] }, { Dimensions: [{ Attributes: attributes(41, 60) }] }] } }),
      'Dimensions: at most 100 dimensions per segment, got 101',
    );
  });
});

describe('Demographic.Channel', () => {
  test('takes channel types only, naming the value that is not one', () => {
    assert.equal(problem({ Demographic: { Channel: { Values: ['SMS', 'EMAIL', 'APNS_VOIP_SANDBOX'] } } }), undefined);
    assert.equal(problem({ Demographic: { Channel: { Values: ['SMS', 'PIGEON'] } } }), "Dimensions.Demographic.Channel.Values[1]: 'PIGEON' is not a channel type (PUSH, GCM, APNS, APNS_SANDBOX, APNS_VOIP, APNS_VOIP_SANDBOX, ADM, SMS, VOICE, EMAIL, BAIDU, CUSTOM, IN_APP)");
  });
});

describe('value limits', () => {
  test('at most 100 values in the whole segment and 100 characters a value', () => {
    const fifty = range(50);
    assert.equal(problem({ Attributes: { a: { Values: fifty }, b: { Values: fifty } } }), undefined);
    assert.equal(problem({ Attributes: { a: { Values: fifty }, b: { Values: [...fifty, 'x'] } } }), "Dimensions: at most 100 values in all the segment's dimensions, got 101");
    assert.equal(
      segmentDefinitionProblem({ SegmentGroups: { Groups: [{ Dimensions: [{ Attributes: { a: { Values: fifty } } }, { UserAttributes: { b: { Values: range(51) } } }] }] } }),
      "Dimensions: at most 100 values in all the segment's dimensions, got 101",
    );
    assert.equal(problem({ Attributes: { a: { Values: ['x'.repeat(101)] } } }), 'Dimensions.Attributes.a.Values[0]: at most 100 characters, got 101');
  });
});

describe('name limits', () => {
  test('attribute and metric names are at most 50 characters, as on endpoints', () => {
    assert.equal(problem({ Attributes: { ['n'.repeat(50)]: { Values: ['x'] } } }), undefined);
    assert.match(problem({ Metrics: { ['n'.repeat(51)]: { ComparisonOperator: 'EQUAL', Value: 1 } } }) ?? '', /^Dimensions\.Metrics: attribute name 'n+' is longer than 50 characters$/);
  });
});

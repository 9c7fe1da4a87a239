import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SegmentDimensions, SegmentGroupList } from '@aws-sdk/client-pinpoint';
import { MAX_SELECTION_WEIGHT, MAX_SOURCE_DEPTH, MAX_SOURCE_REFERENCES, SegmentReferenceError, and, buildSelection, not, or, selectionWeight } from './build-selection.ts';
import type { ResolveSegment } from './build-selection.ts';
import type { SegmentDefinition, SegmentType, SegmentVersionRecord } from './segment-record.ts';
import type { SegmentSelection } from './segment-selection.ts';

const T = '2026-01-01T00:00:00.000Z';
const gcm: SegmentDimensions = { Demographic: { Channel: { Values: ['GCM'] } } };
const red: SegmentDimensions = { Attributes: { Color: { Values: ['red'] } } };
const recent: SegmentDimensions = { Behavior: { Recency: { Duration: 'DAY_7', RecencyType: 'ACTIVE' } } };
const dims = (dimensions: SegmentDimensions): SegmentSelection => ({ kind: 'dimensions', dimensions });

function record(segmentId: string, definition: SegmentDefinition, version = 1, segmentType: SegmentType = 'DIMENSIONAL'): SegmentVersionRecord {
  return { segmentId, version, segmentType, creationDate: T, lastModifiedDate: T, definition };
}

/** Resolves from the given records (the highest version when none is asked for); records the references asked for. */
function store(...records: SegmentVersionRecord[]): ResolveSegment & { asked: { Id: string; Version?: number }[] } {
  const asked: { Id: string; Version?: number }[] = [];
  const resolve = async (ref: { Id: string; Version?: number }) => {
    asked.push(ref);
    const versions = records.filter((r) => r.segmentId === ref.Id).sort((a, b) => b.version - a.version);
    return ref.Version === undefined ? versions[0] : versions.find((r) => r.version === ref.Version);
  };
  return Object.assign(resolve, { asked });
}

const groups = (list: SegmentGroupList) => record('top', { SegmentGroups: list });

describe('buildSelection', () => {
  test('an imported segment selects the members of its version', async () => {
    assert.deepEqual(await buildSelection(record('imp', {}, 3, 'IMPORT'), store()), { kind: 'members', segmentId: 'imp', version: 3 });
  });

  test('Dimensions alone; empty or missing dimensions select the whole project', async () => {
    assert.deepEqual(await buildSelection(record('s', { Dimensions: red }), store()), dims(red));
    assert.deepEqual(await buildSelection(record('s', { Dimensions: {} }), store()), { kind: 'all' });
    assert.deepEqual(await buildSelection(record('s', { Dimensions: { Attributes: {}, Demographic: {} } }), store()), { kind: 'all' });
    assert.deepEqual(await buildSelection(record('s', { Name: 'n' }), store()), { kind: 'all' });
  });

  test('Include, Type and SourceType ALL / ANY / NONE', async () => {
    const two = (Include?: 'ALL' | 'ANY' | 'NONE') => groups({ ...(Include ? { Include } : {}), Groups: [{ Dimensions: [gcm] }, { Dimensions: [red] }] });
    assert.deepEqual(await buildSelection(two('ALL'), store()), and([dims(gcm), dims(red)]));
    assert.deepEqual(await buildSelection(two(), store()), and([dims(gcm), dims(red)]), 'Include defaults to ALL');
    assert.deepEqual(await buildSelection(two('ANY'), store()), or([dims(gcm), dims(red)]));
    assert.deepEqual(await buildSelection(two('NONE'), store()), not(or([dims(gcm), dims(red)])));
    const typed = (Type?: 'ALL' | 'ANY' | 'NONE') => groups({ Groups: [{ ...(Type ? { Type } : {}), Dimensions: [gcm, red] }] });
    assert.deepEqual(await buildSelection(typed('ALL'), store()), { kind: 'and', parts: [dims(gcm), dims(red)] });
    assert.deepEqual(await buildSelection(typed(), store()), { kind: 'and', parts: [dims(gcm), dims(red)] }, 'Type defaults to ALL');
    assert.deepEqual(await buildSelection(typed('ANY'), store()), { kind: 'or', parts: [dims(gcm), dims(red)] });
    assert.deepEqual(await buildSelection(typed('NONE'), store()), { kind: 'not', part: { kind: 'or', parts: [dims(gcm), dims(red)] } });
    const resolve = store(record('a', { Dimensions: gcm }), record('b', { Dimensions: red }));
    const sourced = (SourceType?: 'ALL' | 'ANY' | 'NONE') => groups({ Groups: [{ ...(SourceType ? { SourceType } : {}), SourceSegments: [{ Id: 'a' }, { Id: 'b' }], Dimensions: [recent] }] });
    assert.deepEqual(await buildSelection(sourced('ALL'), resolve), { kind: 'and', parts: [dims(gcm), dims(red), dims(recent)] });
    assert.deepEqual(await buildSelection(sourced('ANY'), resolve), { kind: 'and', parts: [{ kind: 'or', parts: [dims(gcm), dims(red)] }, dims(recent)] });
    assert.deepEqual(await buildSelection(sourced(), resolve), await buildSelection(sourced('ANY'), resolve), 'SourceType defaults to ANY');
    assert.deepEqual(await buildSelection(sourced('NONE'), resolve), { kind: 'and', parts: [{ kind: 'not', part: { kind: 'or', parts: [dims(gcm), dims(red)] } }, dims(recent)] });
  });

  test('no groups, or a group with neither sources nor dimensions, is no condition', async () => {
    assert.deepEqual(await buildSelection(groups({ Include: 'ANY', Groups: [] }), store()), { kind: 'all' });
    assert.deepEqual(await buildSelection(groups({ Groups: [{ Type: 'ANY' }] }), store()), { kind: 'all' });
    assert.deepEqual(await buildSelection(groups({ Groups: [{ Type: 'NONE', Dimensions: [] }] }), store()), { kind: 'all' });
    // A group whose only dimensions object is empty: ANY of "everything" is everything, NONE of it nothing.
    assert.deepEqual(await buildSelection(groups({ Groups: [{ Type: 'NONE', Dimensions: [{}] }] }), store()), { kind: 'none' });
  });

  test('sources: a given version is pinned, no version means the latest; nesting and imported sources', async () => {
    const resolve = store(
      record('s', { Dimensions: gcm }, 1),
      record('s', { Dimensions: red }, 2),
      record('mid', { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: 's', Version: 1 }], Dimensions: [recent] }] } }),
      record('imp', {}, 4, 'IMPORT'),
    );
    assert.deepEqual(await buildSelection(groups({ Groups: [{ SourceSegments: [{ Id: 's', Version: 1 }] }] }), resolve), dims(gcm));
    assert.deepEqual(await buildSelection(groups({ Groups: [{ SourceSegments: [{ Id: 's' }] }] }), resolve), dims(red));
    assert.deepEqual(await buildSelection(groups({ Groups: [{ SourceSegments: [{ Id: 'mid' }] }] }), resolve), { kind: 'and', parts: [dims(gcm), dims(recent)] });
    assert.deepEqual(await buildSelection(groups({ Groups: [{ SourceSegments: [{ Id: 'imp' }], Dimensions: [red] }] }), resolve), {
      kind: 'and',
      parts: [{ kind: 'members', segmentId: 'imp', version: 4 }, dims(red)],
    });
    assert.deepEqual(resolve.asked.slice(0, 2), [{ Id: 's', Version: 1 }, { Id: 's' }]);
    // A later version built on an earlier one of the same segment is no cycle.
    const selfBased = record('s', { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: 's', Version: 1 }] }] } }, 3);
    assert.deepEqual(await buildSelection(selfBased, resolve), dims(gcm));
  });

  test('a missing source segment throws SegmentReferenceError naming it', async () => {
    const resolve = store(record('s', { Dimensions: gcm }));
    await assert.rejects(buildSelection(groups({ Groups: [{ SourceSegments: [{ Id: 's', Version: 2 }] }] }), resolve), (error: unknown) => {
      assert.ok(error instanceof SegmentReferenceError);
      assert.equal(error.problem, 'missing');
      assert.equal(error.segmentId, 's');
      assert.equal(error.version, 2);
      assert.equal(error.message, 'Source segment s version 2 does not exist');
      return true;
    });
    await assert.rejects(buildSelection(groups({ Groups: [{ SourceSegments: [{ Id: 'gone' }] }] }), resolve), {
      name: 'SegmentReferenceError',
      message: 'Source segment gone (latest version) does not exist',
    });
  });

  test('cycles are refused, with the path', async () => {
    const refersTo = (id: string, target: string) => record(id, { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: target }] }] } });
    const resolve = store(refersTo('a', 'b'), refersTo('b', 'a'), refersTo('self', 'self'));
    await assert.rejects(buildSelection(refersTo('a', 'b'), resolve), (error: unknown) => {
      assert.ok(error instanceof SegmentReferenceError);
      assert.equal(error.problem, 'cycle');
      assert.equal(error.message, 'Source segment a version 1 refers back to itself: a@1 → b@1 → a@1');
      return true;
    });
    await assert.rejects(buildSelection(refersTo('self', 'self'), resolve), { problem: 'cycle', segmentId: 'self', version: 1 });
  });

  test(`sources nest at most ${MAX_SOURCE_DEPTH} levels`, async () => {
    const chain = (levels: number) => {
      const records = [record(`s${levels}`, { Dimensions: gcm })];
      for (let i = levels - 1; i >= 0; i--) records.push(record(`s${i}`, { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: `s${i + 1}` }] }] } }));
      return store(...records);
    };
    const top = record('s0', { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: 's1' }] }] } });
    assert.deepEqual(await buildSelection(top, chain(MAX_SOURCE_DEPTH)), dims(gcm));
    await assert.rejects(buildSelection(top, chain(MAX_SOURCE_DEPTH + 1)), { problem: 'too-deep', segmentId: `s${MAX_SOURCE_DEPTH + 1}` });
  });

  test('an imported source only alone in its group; references are bounded', async () => {
    const resolve = store(record('imp', {}, 1, 'IMPORT'), record('d', { Dimensions: gcm }));
    await assert.rejects(buildSelection(groups({ Groups: [{ SourceSegments: [{ Id: 'd' }, { Id: 'imp' }] }] }), resolve), { problem: 'mixed-import', segmentId: 'imp' });
    const many = Array.from({ length: MAX_SOURCE_REFERENCES + 1 }, () => ({ Id: 'd' }));
    await assert.rejects(buildSelection(groups({ Groups: [{ SourceSegments: many }] }), resolve), { problem: 'too-many', segmentId: 'top' });
    const bounded = await buildSelection(groups({ Groups: [{ SourceSegments: many.slice(1) }] }), resolve);
    assert.equal(bounded.kind === 'or' && bounded.parts.length, MAX_SOURCE_REFERENCES);
  });

  test('and / or / not fold constants and flatten', () => {
    const all: SegmentSelection = { kind: 'all' };
    const none: SegmentSelection = { kind: 'none' };
    assert.deepEqual(and([]), all);
    assert.deepEqual(or([]), none);
    assert.deepEqual(and([all, dims(red)]), dims(red));
    assert.deepEqual(and([dims(red), none]), none);
    assert.deepEqual(or([none, dims(red)]), dims(red));
    assert.deepEqual(or([dims(red), all]), all);
    assert.deepEqual(and([and([dims(red), dims(gcm)]), dims(recent)]), { kind: 'and', parts: [dims(red), dims(gcm), dims(recent)] });
    assert.deepEqual(not(not(dims(red))), dims(red));
    assert.deepEqual(not(all), none);
  });
});

describe('selection weight', () => {
  test('a segment that refers to a heavy source too many times is refused, naming the totals', async () => {
    const values = Array.from({ length: 100 }, (_, i) => `v${i}`);
    const heavy: SegmentVersionRecord = {
      segmentId: 'heavy',
      version: 1,
      segmentType: 'DIMENSIONAL',
      creationDate: '',
      lastModifiedDate: '',
      definition: { Dimensions: { Attributes: { a: { Values: values } } } },
    };
    const referring = (times: number): SegmentVersionRecord => ({
      ...heavy,
      segmentId: 'top',
      definition: { SegmentGroups: { Groups: [{ SourceSegments: Array.from({ length: times }, () => ({ Id: 'heavy' })) }] } },
    });
    const resolve = async () => heavy;
    const fine = await buildSelection(referring(9), resolve);
    assert.equal(selectionWeight(fine), 9 * 101);
    await assert.rejects(buildSelection(referring(10), resolve), (error: unknown) => {
      assert.ok(error instanceof SegmentReferenceError);
      assert.equal(error.problem, 'too-many');
      assert.equal(error.message, `Segment top version 1 with its source segments has 1010 criteria and values in all; at most ${MAX_SELECTION_WEIGHT} can be evaluated`);
      return true;
    });
  });
});

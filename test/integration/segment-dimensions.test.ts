// Segment selection compiled to SQL, on a real SQLite file and a real PostgreSQL database: every
// case of segment-dimension-cases.ts (each operator of each dimension, groups, source segments,
// imported members) is built from its definition (domain/segments/build-selection.ts) and
// evaluated by the segments repository, checked against the ids written out by hand; then keyset
// pages, counts, tenant and project scoping.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildSelection } from '../../src/domain/segments/build-selection.ts';
import type { SegmentDefinition, SegmentVersionRecord } from '../../src/domain/segments/segment-record.ts';
import type { SegmentSelection } from '../../src/domain/segments/segment-selection.ts';
import { segmentDefinitionProblem } from '../../src/domain/segments/validate-segment.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { endpoint, newProject, randomTenant, storeAs } from '../helpers/endpoint-storage.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';
import { NOW, allIds, dimensionCases, fixtureEndpoints, importedSegment, sourceSegments } from './segment-dimension-cases.ts';

const CREATED = '2026-01-01T00:00:00.000Z';

function defineSuite(target: StorageTarget): void {
  describe(`segment dimensions on ${target.kind}`, () => {
    let storage: Storage;
    let tenant: Tenant;
    let appId: string;

    const arn = (id: string) => `arn:aws:mobiletargeting:${tenant.region}:${tenant.accountId}:apps/${appId}/segments/${id}`;
    const selectionOf = (definition: SegmentDefinition): Promise<SegmentSelection> => {
      const version: SegmentVersionRecord = { segmentId: 'under-test', version: 1, segmentType: 'DIMENSIONAL', creationDate: CREATED, lastModifiedDate: CREATED, definition };
      return buildSelection(version, (ref) => storage.repositories.segments.get(tenant, appId, ref.Id, ref.Version));
    };
    const ids = async (selection: SegmentSelection, limit = 1000, after?: string) =>
      (await storage.repositories.segments.selectEndpoints(tenant, appId, selection, after === undefined ? { limit } : { limit, after }, NOW)).map((e) => e.Id);

    before(async () => {
      storage = await openStorage(await target.fresh());
      tenant = randomTenant();
      appId = await newProject(storage, tenant);
      const segments = storage.repositories.segments;
      await storage.repositories.endpoints.write(tenant, storeAs(appId, fixtureEndpoints));
      for (const source of sourceSegments) {
        assert.equal(segmentDefinitionProblem(source.definition), undefined, source.id);
        await segments.create(tenant, appId, { id: source.id, arn: arn(source.id), segmentType: 'DIMENSIONAL', creationDate: CREATED, definition: source.definition }, {});
      }
      await segments.addVersion(tenant, appId, 'seg-versioned', CREATED, () => ({ Dimensions: { Demographic: { Channel: { Values: ['EMAIL'] } } } }));
      await segments.create(tenant, appId, { id: importedSegment.id, arn: arn(importedSegment.id), segmentType: 'IMPORT', creationDate: CREATED, definition: {} }, {});
      await segments.addMembers(tenant, appId, importedSegment.id, 1, importedSegment.members);
      // Look-alikes elsewhere: another project of the tenant, and another tenant. None may show up.
      const otherApp = await newProject(storage, tenant);
      await storage.repositories.endpoints.write(tenant, storeAs(otherApp, [endpoint('other-app', { Attributes: { Color: ['red'] } })]));
      const otherTenant = randomTenant();
      const foreignApp = await newProject(storage, otherTenant);
      await storage.repositories.endpoints.write(otherTenant, storeAs(foreignApp, [endpoint('other-tenant', { Attributes: { Color: ['red'] } })]));
    });
    after(async () => {
      await storage?.close();
      await target.cleanup();
    });

    for (const dimensionCase of dimensionCases) {
      test(dimensionCase.name, async () => {
        assert.equal(segmentDefinitionProblem(dimensionCase.definition), undefined, 'the case is a valid definition');
        const selection = await selectionOf(dimensionCase.definition);
        assert.deepEqual(await ids(selection), dimensionCase.expected);
        assert.equal(await storage.repositories.segments.countEndpoints(tenant, appId, selection, NOW), dimensionCase.expected.length);
      });
    }

    test('an imported segment selects its stored members of that version, and only endpoints that exist', async () => {
      assert.deepEqual(await ids({ kind: 'members', segmentId: importedSegment.id, version: 1 }), ['b', 'c']);
      assert.deepEqual(await ids({ kind: 'members', segmentId: importedSegment.id, version: 2 }), []);
      assert.deepEqual(await ids({ kind: 'not', part: { kind: 'members', segmentId: importedSegment.id, version: 1 } }), allIds.filter((id) => id !== 'b' && id !== 'c'));
    });

    test('inactive and opted-out endpoints stay in segments, returned with their stored status', async () => {
      const [c] = await storage.repositories.segments.selectEndpoints(tenant, appId, await selectionOf({ Dimensions: { Attributes: { Color: { Values: ['blue'] } } } }), { limit: 10 }, NOW);
      assert.equal(c?.Id, 'c');
      assert.equal(c?.EndpointStatus, 'INACTIVE');
      assert.equal(c?.OptOut, 'ALL');
      assert.deepEqual(c?.Attributes, { Color: ['blue'], Joined: ['2026-03-01'] });
    });

    test('keyset pages walk the selection in id order; counts agree', async () => {
      const all: SegmentSelection = { kind: 'all' };
      const pages: string[][] = [];
      let last: string | undefined;
      for (;;) {
        const page = await ids(all, 3, last);
        if (page.length === 0) break;
        pages.push(page);
        last = page.at(-1);
      }
      assert.deepEqual(pages, [['a', 'b', 'c'], ['d', 'e', 'f'], ['g', 'h', 'i'], ['j']]);
      const exclusive = await selectionOf({ Dimensions: { Attributes: { Color: { AttributeType: 'EXCLUSIVE', Values: ['red'] } } } });
      assert.deepEqual(await ids(exclusive, 4), ['b', 'c', 'd', 'e']);
      assert.deepEqual(await ids(exclusive, 4, 'e'), ['f', 'g', 'h', 'i']);
      assert.deepEqual(await ids(exclusive, 4, 'i'), ['j']);
      assert.deepEqual(await ids(exclusive, 4, 'j'), []);
      // `after` need not be an id of the selection.
      assert.deepEqual(await ids(exclusive, 2, 'a0'), ['b', 'c']);
      assert.equal(await storage.repositories.segments.countEndpoints(tenant, appId, all, NOW), allIds.length);
      assert.equal(await storage.repositories.segments.countEndpoints(tenant, appId, exclusive, NOW), 9);
      assert.deepEqual(await ids({ kind: 'none' }), []);
      assert.equal(await storage.repositories.segments.countEndpoints(tenant, appId, { kind: 'none' }, NOW), 0);
    });

    test('counts per channel: channels with none left out, no channel counted under ""', async () => {
      const segments = storage.repositories.segments;
      assert.deepEqual(await segments.countByChannel(tenant, appId, { kind: 'all' }, NOW), { APNS: 1, CUSTOM: 1, EMAIL: 2, GCM: 3, SMS: 2, VOICE: 1 });
      const reds = await selectionOf({ Dimensions: { Attributes: { Color: { Values: ['red', 'Red', 'RED'] } } } });
      assert.deepEqual(await segments.countByChannel(tenant, appId, reds, NOW), { EMAIL: 2, GCM: 1 });
      assert.deepEqual(await segments.countByChannel(tenant, appId, { kind: 'none' }, NOW), {});
      const otherApp = await newProject(storage, tenant);
      const { ChannelType: _, ...channelless } = endpoint('no-channel');
      await storage.repositories.endpoints.write(tenant, storeAs(otherApp, [channelless, endpoint('sms', { ChannelType: 'SMS', Address: '+15550000009' })]));
      assert.deepEqual(await segments.countByChannel(tenant, otherApp, { kind: 'all' }, NOW), { '': 1, SMS: 1 });
    });

    test('a selection the validation would have refused fails loudly, naming the dimension', async () => {
      const bad: SegmentSelection = { kind: 'dimensions', dimensions: { Metrics: { score: { ComparisonOperator: 'BETWEEN', Value: 1 } } } };
      await assert.rejects(storage.repositories.segments.countEndpoints(tenant, appId, bad, NOW), /Metrics\.score: operator BETWEEN/);
    });

    test('selections see only the project they are run for', async () => {
      const red = await selectionOf({ Dimensions: { Attributes: { Color: { Values: ['red'] } } } });
      assert.deepEqual(await ids(red), ['a']);
      const emptyApp = await newProject(storage, tenant);
      assert.deepEqual(await storage.repositories.segments.selectEndpoints(tenant, emptyApp, red, { limit: 10 }, NOW), []);
      assert.equal(await storage.repositories.segments.countEndpoints(tenant, emptyApp, { kind: 'all' }, NOW), 0);
      assert.equal(await storage.repositories.segments.countEndpoints(randomTenant(), appId, { kind: 'all' }, NOW), 0);
    });

    test('recency windows move with now', async () => {
      const active = await selectionOf({ Dimensions: { Behavior: { Recency: { RecencyType: 'ACTIVE', Duration: 'HR_24' } } } });
      const later = new Date(NOW.getTime() + 60 * 60 * 1000);
      assert.deepEqual((await storage.repositories.segments.selectEndpoints(tenant, appId, active, { limit: 10 }, later)).map((e) => e.Id), ['a']);
      const earlier = new Date(NOW.getTime() - 60 * 60 * 1000);
      assert.deepEqual((await storage.repositories.segments.selectEndpoints(tenant, appId, active, { limit: 10 }, earlier)).map((e) => e.Id), ['a', 'f', 'g']);
    });
  });
}

const { sqlite, postgres } = storageTargets('segment-dimensions');
defineSuite(sqlite);
defineSuite(postgres);

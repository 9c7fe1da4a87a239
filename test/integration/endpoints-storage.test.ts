// The endpoint repository on a real SQLite file and a real PostgreSQL database
// (test/helpers/storage-targets.ts): writes and merges, reads, deletes, users, the filtered
// listing, same-address and per-user rules, refusals, the attribute registry and RemoveAttributes.
// Concurrency is in endpoints-storage-concurrency.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StoredEndpoint } from '../../src/domain/endpoints/stored-endpoint.ts';
import { AttributeKeyLimitError, ProjectMissingError } from '../../src/storage/endpoints-repository.ts';
import type { EndpointsRepository } from '../../src/storage/endpoints-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';
import { endpoint, hexId, names, newProject, patchWrite, randomTenant, storeAs, UserLimitRefusal } from '../helpers/endpoint-storage.ts';

const ids = (list: readonly StoredEndpoint[]) => list.map((e) => e.Id);

function defineSuite(target: StorageTarget): void {
  describe(`endpoints repository on ${target.kind}`, () => {
    let options: StorageOptions;
    let storage: Storage;
    let endpoints: EndpointsRepository;

    before(async () => {
      options = await target.fresh();
      storage = await openStorage(options);
      endpoints = storage.repositories.endpoints;
    });
    after(async () => {
      await storage?.close();
      await target.cleanup();
    });

    test('write stores what merge returns; get round-trips it; other tenants, apps and ids see nothing', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      const weird = 'Zoë 😀 中文 "q" \\ %_ \t';
      const stored = endpoint('ep-1', {
        ChannelType: 'EMAIL',
        Address: 'a@example.com',
        Attributes: { [weird]: [weird, 'x'], ['__proto__']: ['p'] },
        Metrics: { score: 1.5, neg: -3 },
        Demographic: { Make: 'Apple', Locale: 'fr_FR' },
        Location: { Latitude: 47.6, City: weird },
        User: { UserId: 'user-1', UserAttributes: { plan: ['pro'] } },
        RequestId: 'req-1',
      });
      const written = await endpoints.write(tenant, storeAs(appId, [stored]));
      assert.deepEqual(written, [stored]);
      assert.deepEqual(await endpoints.get(tenant, appId, 'ep-1'), stored);
      assert.equal(await endpoints.get(tenant, appId, 'ep-2'), undefined);
      assert.equal(await endpoints.get(tenant, hexId(), 'ep-1'), undefined);
      assert.equal(await endpoints.get(randomTenant(), appId, 'ep-1'), undefined);
      assert.equal(await endpoints.get({ ...tenant, region: 'eu-west-1' }, appId, 'ep-1'), undefined);
    });

    test('merge is given the stored versions of the ids being written, and only those', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      await endpoints.write(tenant, storeAs(appId, [endpoint('a', { Attributes: { x: ['1'] } }), endpoint('b')]));
      let seen: string[] = [];
      await endpoints.write(tenant, {
        ...storeAs(appId, []),
        ids: ['a', 'new'],
        merge: (existing) => {
          seen = [...existing.keys()].sort();
          assert.deepEqual(existing.get('a')?.Attributes, { x: ['1'] });
          return [{ ...existing.get('a')!, Attributes: { x: ['2'] } }, endpoint('new')];
        },
      });
      assert.deepEqual(seen, ['a']);
      assert.deepEqual((await endpoints.get(tenant, appId, 'a'))?.Attributes, { x: ['2'] });
      assert.ok(await endpoints.get(tenant, appId, 'new'));
      // With the domain merge: CreationDate is kept, maps merge by name.
      await endpoints.write(tenant, patchWrite(appId, [['a', { Attributes: { y: ['3'] }, Metrics: { m: 1 } }]], '2027-01-01T00:00:00.000Z'));
      const merged = await endpoints.get(tenant, appId, 'a');
      assert.deepEqual(merged?.Attributes, { x: ['2'], y: ['3'] });
      assert.equal(merged?.CreationDate, '2026-01-01T00:00:00.000Z');
      assert.equal(merged?.EffectiveDate, '2027-01-01T00:00:00.000Z');
    });

    test('delete returns the endpoint once; deleteByUser and listByUser work on one user, oldest first', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      const user = (id: string, userId: string, CreationDate: string) => endpoint(id, { User: { UserId: userId }, CreationDate });
      const mine = [user('z', 'u', '2026-01-01T00:00:00.000Z'), user('b', 'u', '2026-01-02T00:00:00.000Z'), user('a', 'u', '2026-01-02T00:00:00.000Z'), user('c', 'u', '2026-01-03T00:00:00.000Z')];
      await endpoints.write(tenant, storeAs(appId, [...mine, user('other', 'v', '2025-01-01T00:00:00.000Z')]));
      await endpoints.write(tenant, storeAs(await newProject(storage, tenant), [user('elsewhere', 'u', '2025-01-01T00:00:00.000Z')]));
      assert.deepEqual(ids(await endpoints.listByUser(tenant, appId, 'u')), ['z', 'a', 'b', 'c']);
      assert.deepEqual(await endpoints.delete(tenant, appId, 'c'), mine[3]);
      assert.equal(await endpoints.delete(tenant, appId, 'c'), undefined);
      assert.equal(await endpoints.get(tenant, appId, 'c'), undefined);
      const deleted = await endpoints.deleteByUser(tenant, appId, 'u');
      assert.deepEqual(ids(deleted), ['z', 'a', 'b']);
      assert.deepEqual(deleted[0], mine[0]);
      assert.deepEqual(await endpoints.listByUser(tenant, appId, 'u'), []);
      assert.deepEqual(await endpoints.deleteByUser(tenant, appId, 'u'), []);
      assert.ok(await endpoints.get(tenant, appId, 'other'));
    });

    test('list: id order, every filter, keyset pages; limit must be positive', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      const all = Array.from({ length: 40 }, (_, n) =>
        endpoint(`e${String((n * 13) % 40).padStart(2, '0')}`, {
          ChannelType: n % 2 === 0 ? 'GCM' : 'APNS',
          Address: `t${n}`,
          OptOut: n % 3 === 0 ? 'ALL' : 'NONE',
          EndpointStatus: n % 5 === 0 ? 'INACTIVE' : 'ACTIVE',
          User: { UserId: `u${n % 4}` },
          Attributes: { team: [n % 2 === 0 ? 'red' : 'blue', 'all'] },
        }),
      );
      await endpoints.write(tenant, storeAs(appId, all, { deactivateSameAddress: false }));
      await endpoints.write(tenant, storeAs(await newProject(storage, tenant), [endpoint('e00')]));
      const sorted = [...all].sort((a, b) => (a.Id < b.Id ? -1 : 1));
      const expect = (keep: (e: StoredEndpoint) => boolean) => ids(sorted.filter(keep));
      assert.deepEqual((await endpoints.list(tenant, appId, {}, { limit: 100 })).endpoints, sorted);
      const cases: [Parameters<EndpointsRepository['list']>[2], string[]][] = [
        [{ userId: 'u1' }, expect((e) => e.User?.UserId === 'u1')],
        [{ channelType: 'APNS' }, expect((e) => e.ChannelType === 'APNS')],
        [{ optOut: 'ALL' }, expect((e) => e.OptOut === 'ALL')],
        [{ endpointStatus: 'INACTIVE' }, expect((e) => e.EndpointStatus === 'INACTIVE')],
        [{ attribute: { name: 'team', values: ['red'] } }, expect((e) => e.Attributes!.team!.includes('red'))],
        [{ attribute: { name: 'team', values: ['green', 'blue'] } }, expect((e) => e.Attributes!.team!.includes('blue'))],
        [{ attribute: { name: 'nope', values: ['all'] } }, []],
        [{ channelType: 'GCM', optOut: 'NONE', endpointStatus: 'ACTIVE', attribute: { name: 'team', values: ['all'] } }, expect((e) => e.ChannelType === 'GCM' && e.OptOut === 'NONE' && e.EndpointStatus === 'ACTIVE')],
      ];
      for (const [filter, expected] of cases) {
        assert.deepEqual(ids((await endpoints.list(tenant, appId, filter, { limit: 100 })).endpoints), expected, JSON.stringify(filter));
        const walked: string[] = [];
        let after: string | undefined;
        for (let pages = 0; ; pages++) {
          assert.ok(pages <= expected.length, 'pagination terminates');
          const page = (await endpoints.list(tenant, appId, filter, { limit: 3, ...(after !== undefined ? { after } : {}) })).endpoints;
          assert.ok(page.length <= 3);
          walked.push(...ids(page));
          if (page.length < 3) break;
          after = page.at(-1)!.Id;
        }
        assert.deepEqual(walked, expected, `${JSON.stringify(filter)} in pages of 3`);
      }
      assert.deepEqual(ids((await endpoints.list(tenant, appId, {}, { limit: 5, after: 'e17x' })).endpoints), ['e18', 'e19', 'e20', 'e21', 'e22']);
      await assert.rejects(endpoints.list(tenant, appId, {}, { limit: 0 }), RangeError);
    });

    test('the attribute filter finds sparse matches across many endpoints', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      const all = Array.from({ length: 1300 }, (_, n) => endpoint(`s${String(n).padStart(4, '0')}`, { Attributes: { rare: [n % 250 === 7 ? 'yes' : 'no'] } }));
      for (let i = 0; i < all.length; i += 100) await endpoints.write(tenant, storeAs(appId, all.slice(i, i + 100)));
      const want = ['s0007', 's0257', 's0507', 's0757', 's1007', 's1257'];
      assert.deepEqual(ids((await endpoints.list(tenant, appId, { attribute: { name: 'rare', values: ['yes'] } }, { limit: 100 })).endpoints), want);
      assert.deepEqual(ids((await endpoints.list(tenant, appId, { attribute: { name: 'rare', values: ['yes'] } }, { limit: 2, after: 's0257' })).endpoints), ['s0507', 's0757']);
    });

    test('another ACTIVE endpoint with the same channel and address goes INACTIVE, only when asked', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      await endpoints.write(tenant, storeAs(appId, [endpoint('old', { ChannelType: 'SMS', Address: '+1555' }), endpoint('voice', { ChannelType: 'VOICE', Address: '+1555' })]));
      await endpoints.write(tenant, storeAs(appId, [endpoint('quiet', { ChannelType: 'SMS', Address: '+1555' })], { deactivateSameAddress: false }));
      assert.equal((await endpoints.get(tenant, appId, 'old'))?.EndpointStatus, 'ACTIVE');
      await endpoints.write(tenant, storeAs(appId, [endpoint('parked', { ChannelType: 'SMS', Address: '+1555', EndpointStatus: 'INACTIVE' })]));
      assert.equal((await endpoints.get(tenant, appId, 'old'))?.EndpointStatus, 'ACTIVE', 'an INACTIVE write retires nothing');
      await endpoints.write(tenant, storeAs(appId, [endpoint('new', { ChannelType: 'SMS', Address: '+1555' })]));
      const statuses = Object.fromEntries(await Promise.all(['old', 'quiet', 'new', 'voice'].map(async (id) => [id, (await endpoints.get(tenant, appId, id))?.EndpointStatus])));
      assert.deepEqual(statuses, { old: 'INACTIVE', quiet: 'INACTIVE', new: 'ACTIVE', voice: 'ACTIVE' });
      assert.deepEqual(ids((await endpoints.list(tenant, appId, { endpointStatus: 'INACTIVE' }, { limit: 10 })).endpoints), ['old', 'parked', 'quiet']);
    });

    test('a write of more endpoints than one statement holds keeps every endpoint it wrote ACTIVE and retires the older holders', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      const count = 450; // more than two statements' worth of ids
      await endpoints.write(tenant, storeAs(appId, Array.from({ length: count }, (_, i) => endpoint(`old-${i}`, { ChannelType: 'SMS', Address: `+1555${i}` }))));
      await endpoints.write(tenant, storeAs(appId, Array.from({ length: count }, (_, i) => endpoint(`new-${i}`, { ChannelType: 'SMS', Address: `+1555${i}` }))));
      const active = ids((await endpoints.list(tenant, appId, { endpointStatus: 'ACTIVE' }, { limit: 1000 })).endpoints);
      const inactive = ids((await endpoints.list(tenant, appId, { endpointStatus: 'INACTIVE' }, { limit: 1000 })).endpoints);
      assert.equal(active.length, count);
      assert.ok(active.every((id) => id.startsWith('new-')));
      assert.equal(inactive.length, count);
      assert.ok(inactive.every((id) => id.startsWith('old-')));
    });

    test('enforceUserLimit sees the user\'s other endpoints of any status, the incoming ones of any status and the joining ones; its ids are retired: INACTIVE, without their user id', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      const mk = (id: string, fields: Partial<StoredEndpoint> = {}) => endpoint(id, { User: { UserId: 'u', UserAttributes: { k: ['v'] } }, ...fields });
      await endpoints.write(tenant, storeAs(appId, [
        mk('old-1', { ChannelType: 'APNS', EffectiveDate: '2025-03-04T05:06:07.089Z' }),
        mk('old-2'),
        mk('stays'),
        mk('sleeping', { EndpointStatus: 'INACTIVE', User: { UserId: 'u' } }),
        mk('elsewhere', { User: { UserId: 'v' } }),
      ]));
      const calls: unknown[] = [];
      const summaries: unknown[] = [];
      await endpoints.write(tenant, {
        ...storeAs(appId, [mk('stays'), mk('new-1'), mk('new-2', { EndpointStatus: 'INACTIVE' }), mk('elsewhere')]),
        enforceUserLimit: (userId, others, incoming, joining) => {
          calls.push({ userId, others: others.map((o) => o.id).sort(), incoming: ids(incoming).sort(), joining: ids(joining).sort() });
          summaries.push(...others.filter((o) => o.id === 'old-1'));
          return { retire: 1, candidates: ['old-1'] };
        },
      });
      assert.deepEqual(calls, [{ userId: 'u', others: ['old-1', 'old-2', 'sleeping'], incoming: ['elsewhere', 'new-1', 'new-2', 'stays'], joining: ['elsewhere', 'new-1', 'new-2'] }]);
      assert.deepEqual(summaries, [{ id: 'old-1', channelType: 'APNS', effectiveDate: '2025-03-04T05:06:07.089Z' }]);
      const retired = await endpoints.get(tenant, appId, 'old-1');
      assert.equal(retired?.EndpointStatus, 'INACTIVE');
      assert.deepEqual(retired?.User, { UserAttributes: { k: ['v'] } }, 'the user id is removed, the rest of User kept');
      assert.equal(retired?.Address, 'token-old-1');
      assert.equal((await endpoints.get(tenant, appId, 'old-2'))?.EndpointStatus, 'ACTIVE');
      assert.deepEqual(ids(await endpoints.listByUser(tenant, appId, 'u')).sort(), ['elsewhere', 'new-1', 'new-2', 'old-2', 'sleeping', 'stays']);
      assert.deepEqual(ids((await endpoints.list(tenant, appId, { userId: 'u' }, { limit: 100 })).endpoints), ['elsewhere', 'new-1', 'new-2', 'old-2', 'sleeping', 'stays']);
      assert.deepEqual(ids((await endpoints.list(tenant, appId, { endpointStatus: 'INACTIVE' }, { limit: 100 })).endpoints), ['new-2', 'old-1', 'sleeping']);
      // A retired endpoint whose User held only the user id loses User altogether.
      await endpoints.write(tenant, { ...storeAs(appId, [mk('new-3')]), enforceUserLimit: () => ({ retire: 1, candidates: ['sleeping'] }) });
      const sleeping = await endpoints.get(tenant, appId, 'sleeping');
      assert.equal(sleeping?.User, undefined);
      assert.equal(sleeping?.EndpointStatus, 'INACTIVE');
      // Nothing joins: no call.
      await endpoints.write(tenant, { ...storeAs(appId, [mk('stays'), mk('new-2')]), enforceUserLimit: () => assert.fail('no user is joined') });
      // Rejoining after a retirement is joining.
      const rejoined: string[][] = [];
      await endpoints.write(tenant, { ...storeAs(appId, [mk('old-1')]), enforceUserLimit: (_u, _o, _i, joining) => (rejoined.push(ids(joining)), { retire: 0, candidates: [] }) });
      assert.deepEqual(rejoined, [['old-1']]);
    });

    test('the real per-user rule: a push endpoint retires the user\'s push endpoint with the oldest EffectiveDate; anything else past 15 is refused', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      const mine = (id: string, ChannelType: string, EffectiveDate: string, fields: Partial<StoredEndpoint> = {}) => endpoint(id, { ChannelType, Address: ChannelType === 'EMAIL' ? `${id}@example.com` : `token-${id}`, EffectiveDate, User: { UserId: 'u' }, ...fields });
      await endpoints.write(tenant, storeAs(appId, [
        ...Array.from({ length: 10 }, (_, i) => mine(`mail-${i}`, 'EMAIL', '2020-01-01T00:00:00.000Z')),
        mine('g-a', 'GCM', '2026-01-05T00:00:00.000Z'),
        mine('g-b', 'APNS', '2026-01-01T00:00:00.000Z', { EndpointStatus: 'INACTIVE' }),
        mine('g-c', 'BAIDU', '2026-01-03T00:00:00.000Z'),
        mine('g-d', 'ADM', '2026-01-02T00:00:00.000Z'),
        mine('g-e', 'APNS_VOIP', '2026-01-04T00:00:00.000Z'),
      ]));
      const userIds = async () => ids(await endpoints.listByUser(tenant, appId, 'u')).sort();
      await endpoints.write(tenant, storeAs(appId, [mine('new-1', 'GCM', '2026-02-01T00:00:00.000Z')]));
      // g-b (INACTIVE already) has the oldest EffectiveDate of the push endpoints: retired, the
      // rest of it unchanged; the older EMAIL endpoints are not push endpoints and stay.
      const retired = mine('g-b', 'APNS', '2026-01-01T00:00:00.000Z', { EndpointStatus: 'INACTIVE' });
      delete retired.User;
      assert.deepEqual(await endpoints.get(tenant, appId, 'g-b'), retired);
      assert.equal((await endpoints.get(tenant, appId, 'mail-0'))?.User?.UserId, 'u');
      assert.equal((await userIds()).length, 15);
      // Two at once retire the next two oldest.
      await endpoints.write(tenant, storeAs(appId, [mine('new-2', 'APNS_SANDBOX', '2026-02-02T00:00:00.000Z'), mine('new-3', 'APNS_VOIP_SANDBOX', '2026-02-03T00:00:00.000Z')]));
      for (const id of ['g-b', 'g-d', 'g-c']) assert.deepEqual([(await endpoints.get(tenant, appId, id))?.EndpointStatus, (await endpoints.get(tenant, appId, id))?.User], ['INACTIVE', undefined], id);
      assert.deepEqual(await userIds(), [...Array.from({ length: 10 }, (_, i) => `mail-${i}`), 'g-a', 'g-e', 'new-1', 'new-2', 'new-3'].sort());
      // Not a push channel: refused, whatever push endpoints the user has; nothing changes.
      for (const channel of ['SMS', 'PUSH', 'VOICE', 'EMAIL', 'CUSTOM', 'IN_APP']) {
        const address = channel === 'EMAIL' ? 'x@example.com' : channel === 'SMS' || channel === 'VOICE' ? '+12065550100' : 'x';
        await assert.rejects(endpoints.write(tenant, storeAs(appId, [endpoint(`x-${channel}`, { ChannelType: channel, Address: address, User: { UserId: 'u' } })])), (error) => {
          assert.ok(error instanceof UserLimitRefusal, String(error));
          assert.match(error.message, /^Exceeded maximum endpoint per user count: the user would have 16 endpoints; the limit is 15$/);
          return true;
        });
        assert.equal(await endpoints.get(tenant, appId, `x-${channel}`), undefined);
      }
      assert.equal((await endpoints.get(tenant, appId, 'g-a'))?.EndpointStatus, 'ACTIVE');
      assert.equal((await userIds()).length, 15);
    });

    test('the real per-user rule: a push endpoint is refused when the user has no other push endpoint', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      await endpoints.write(tenant, storeAs(appId, Array.from({ length: 15 }, (_, i) => endpoint(`mail-${i}`, { ChannelType: 'EMAIL', Address: `m${i}@example.com`, User: { UserId: 'u' } }))));
      await assert.rejects(endpoints.write(tenant, storeAs(appId, [endpoint('phone', { ChannelType: 'GCM', User: { UserId: 'u' } })])), (error) => {
        assert.ok(error instanceof UserLimitRefusal, String(error));
        assert.match(error.message, /^Exceeded maximum endpoint per user count: the user would have 16 endpoints; the limit is 15, and it has no older push endpoint to retire$/);
        return true;
      });
      assert.equal(await endpoints.get(tenant, appId, 'phone'), undefined);
      assert.deepEqual(((await endpoints.list(tenant, appId, { userId: 'u', endpointStatus: 'ACTIVE' }, { limit: 100 })).endpoints).length, 15);
    });

    test('a refusal from merge, enforceUserLimit or events leaves as it is and writes nothing', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      const refusal = new Error('refused by the caller');
      const fresh = [endpoint('r1', { User: { UserId: 'ru' }, Attributes: { brandnew: ['x'] } })];
      const writes = [
        { ...storeAs(appId, fresh), merge: () => { throw refusal; } },
        { ...storeAs(appId, fresh), enforceUserLimit: () => { throw refusal; } },
        { ...storeAs(appId, fresh), events: () => { throw refusal; } },
      ];
      for (const write of writes) {
        await assert.rejects(endpoints.write(tenant, write), (error) => error === refusal);
        assert.equal(await endpoints.get(tenant, appId, 'r1'), undefined);
      }
      assert.deepEqual(await endpoints.attributeNames(tenant, appId, 'endpoint-custom-attributes'), [], 'no name was registered');
      const sixteen = Array.from({ length: 16 }, (_, i) => endpoint(`u${i}`, { ChannelType: 'EMAIL', Address: `u${i}@x.io`, User: { UserId: 'crowd' } }));
      await assert.rejects(endpoints.write(tenant, storeAs(appId, sixteen)), UserLimitRefusal);
      assert.deepEqual((await endpoints.list(tenant, appId, {}, { limit: 100 })).endpoints, []);
    });

    test('events are appended in the same transaction, built from the merged and stored endpoints', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      await endpoints.write(tenant, storeAs(appId, [endpoint('known', { Attributes: { a: ['1'] } })]));
      let seen: unknown;
      await endpoints.write(tenant, {
        ...storeAs(appId, [endpoint('fresh')]),
        ids: ['fresh', 'known'],
        merge: () => [endpoint('fresh')],
        events: (merged, existing) => {
          seen = { merged: [...merged.keys()], existing: [...existing.keys()] };
          return ['fresh', 'known'].map((id, i) => ({ endpointId: id, eventType: `t${i}`, eventTimestamp: 1_700_000_000_000 + i, arrivalTimestamp: 1_800_000_000_000, record: JSON.stringify({ id }) }));
        },
      });
      assert.deepEqual(seen, { merged: ['fresh'], existing: ['known'] });
      const rows = await target.query(options, `select endpoint_id, event_type, event_timestamp, record from event_log where app_id = '${appId}' order by id`);
      assert.deepEqual(rows.map((r) => [r.endpoint_id, r.event_type, Number(r.event_timestamp), r.record]), [
        ['fresh', 't0', 1_700_000_000_000, '{"id":"fresh"}'],
        ['known', 't1', 1_700_000_000_001, '{"id":"known"}'],
      ]);
    });

    test('pruneEvents deletes the events that arrived before the cutoff, in every project', async () => {
      const tenant = randomTenant();
      const apps = [await newProject(storage, tenant), await newProject(storage, tenant)];
      for (const appId of apps) {
        await endpoints.write(tenant, {
          ...storeAs(appId, [endpoint('e')]),
          events: () => [0, 1, 2].map((i) => ({ endpointId: 'e', eventType: `t${i}`, eventTimestamp: 1, arrivalTimestamp: 1, record: '{}' })),
        });
      }
      const count = async () => Number((await target.query(options, `select count(*) as n from event_log where app_id in ('${apps[0]}', '${apps[1]}')`))[0]!.n);
      assert.equal(await count(), 6);
      await endpoints.pruneEvents(new Date(Date.now() - 60_000));
      assert.equal(await count(), 6, 'events that arrived after the cutoff stay');
      assert.ok((await endpoints.pruneEvents(new Date(Date.now() + 60_000))) >= 6);
      assert.equal(await count(), 0);
      await assert.rejects(endpoints.pruneEvents(new Date(Number.NaN)), RangeError);
    });

    test('attribute names are registered per type; past the limit AttributeKeyLimitError and nothing written', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      await endpoints.write(tenant, storeAs(appId, [endpoint('w1', { Attributes: names('a', 5), Metrics: { m1: 1, m0: 2 }, User: { UserId: 'x', UserAttributes: names('u', 2) } })], { attributeKeyLimit: 10 }));
      assert.deepEqual(await endpoints.attributeNames(tenant, appId, 'endpoint-custom-attributes'), Object.keys(names('a', 5)));
      assert.deepEqual(await endpoints.attributeNames(tenant, appId, 'endpoint-metric-attributes'), ['m0', 'm1']);
      assert.deepEqual(await endpoints.attributeNames(tenant, appId, 'endpoint-user-attributes'), ['u000', 'u001']);
      // Names already registered do not count again; the 10th fits.
      await endpoints.write(tenant, storeAs(appId, [endpoint('w2', { Attributes: { ...names('a', 5), a999: ['v'] } })], { attributeKeyLimit: 10 }));
      await assert.rejects(endpoints.write(tenant, storeAs(appId, [endpoint('w3', { Attributes: { b1: ['v'] }, Metrics: { a000: 1 } })], { attributeKeyLimit: 10 })), (error) => {
        assert.ok(error instanceof AttributeKeyLimitError, `expected AttributeKeyLimitError, got ${String(error)}`);
        assert.equal(error.limit, 10);
        assert.equal(error.wouldHave, 12);
        assert.deepEqual([...error.newNames].sort(), ['a000', 'b1']);
        return true;
      });
      assert.equal(await endpoints.get(tenant, appId, 'w3'), undefined);
      assert.deepEqual(await endpoints.attributeNames(tenant, appId, 'endpoint-metric-attributes'), ['m0', 'm1']);
    });

    test('removeAttributes strips the names from every endpoint (more than a page) and the registry', async () => {
      const tenant = randomTenant();
      const appId = await newProject(storage, tenant);
      const all = Array.from({ length: 1100 }, (_, n) =>
        endpoint(`r${String(n).padStart(4, '0')}`, { Attributes: n % 2 === 0 ? { drop: ['x'], keep: ['y'] } : { drop: ['x'] }, Metrics: { drop: n }, User: { UserId: `ru${n}`, UserAttributes: { drop: ['z'] } } }),
      );
      for (let i = 0; i < all.length; i += 100) await endpoints.write(tenant, storeAs(appId, all.slice(i, i + 100), { deactivateSameAddress: false }));
      await endpoints.write(tenant, storeAs(appId, [endpoint('zz-other', { Attributes: { other: ['o'] } })]));
      assert.deepEqual(await endpoints.removeAttributes(tenant, appId, 'endpoint-custom-attributes', ['drop', 'other', 'never-registered']), ['drop', 'other']);
      for (const id of ['r0000', 'r0001', 'r0598', 'r1099']) {
        const got = await endpoints.get(tenant, appId, id);
        assert.deepEqual(got?.Attributes, Number(id.slice(1)) % 2 === 0 ? { keep: ['y'] } : undefined, id);
        assert.equal(got?.Metrics?.drop, Number(id.slice(1)), `${id}: metrics untouched`);
        assert.deepEqual(got?.User?.UserAttributes, { drop: ['z'] }, `${id}: user attributes untouched`);
      }
      assert.deepEqual((await endpoints.list(tenant, appId, { attribute: { name: 'drop', values: ['x'] } }, { limit: 10 })).endpoints, []);
      assert.deepEqual(await endpoints.attributeNames(tenant, appId, 'endpoint-custom-attributes'), ['keep']);
      assert.deepEqual(await endpoints.removeAttributes(tenant, appId, 'endpoint-metric-attributes', ['drop']), ['drop']);
      assert.deepEqual(await endpoints.removeAttributes(tenant, appId, 'endpoint-user-attributes', ['drop']), ['drop']);
      const last = await endpoints.get(tenant, appId, 'r1099');
      assert.equal(last?.Metrics, undefined);
      assert.deepEqual(last?.User, { UserId: 'ru1099' });
      assert.deepEqual(await endpoints.removeAttributes(tenant, appId, 'endpoint-custom-attributes', []), []);
    });

    test('deleting the app deletes its endpoints and attribute names', async () => {
      const tenant = randomTenant();
      const app = { id: hexId(), name: 'doomed', arn: 'arn:test:apps/doomed', creationDate: '2026-01-01T00:00:00.000Z' };
      await storage.repositories.apps.create(tenant, app, {});
      await endpoints.write(tenant, storeAs(app.id, [endpoint('d', { Attributes: { k: ['v'] }, User: { UserId: 'du' } })]));
      await storage.repositories.apps.delete(tenant, app.id);
      assert.equal(await endpoints.get(tenant, app.id, 'd'), undefined);
      assert.deepEqual(await endpoints.listByUser(tenant, app.id, 'du'), []);
      assert.deepEqual(await endpoints.attributeNames(tenant, app.id, 'endpoint-custom-attributes'), []);
      // A write for a project that no longer exists stores nothing.
      await assert.rejects(endpoints.write(tenant, storeAs(app.id, [endpoint('late')])), ProjectMissingError);
      assert.equal(await endpoints.get(tenant, app.id, 'late'), undefined);
    });
  });
}

const { sqlite, postgres } = storageTargets('endpoints');
defineSuite(sqlite);
defineSuite(postgres);

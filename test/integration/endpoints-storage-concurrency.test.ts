// The endpoint repository under concurrent writers, on SQLite and PostgreSQL. On PostgreSQL two
// Storage instances on one database stand for two Pinion processes (each has its own pool). On
// SQLite the racing writes share one Storage: better-sqlite3 waits for another connection's write
// lock synchronously, so a second Storage in the same process would block the event loop the
// first one needs to finish (a test artifact, not a product case). The quotas, the per-user limit
// and the one-ACTIVE-endpoint-per-address rule must hold whatever the interleaving.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StoredEndpoint } from '../../src/domain/endpoints/stored-endpoint.ts';
import { AttributeKeyLimitError } from '../../src/storage/endpoints-repository.ts';
import type { EndpointsRepository, EndpointWrite } from '../../src/storage/endpoints-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';
import { endpoint, names, newProject, randomTenant, storeAs, UserLimitRefusal } from '../helpers/endpoint-storage.ts';

const ids = (list: readonly StoredEndpoint[]) => list.map((e) => e.Id);

/** The quota refusal, as the storage must let it through: the AttributeKeyLimitError itself, not wrapped. */
function isQuotaRefusal(error: unknown): boolean {
  return error instanceof AttributeKeyLimitError;
}

function defineSuite(target: StorageTarget): void {
  describe(`endpoints repository under concurrent writers on ${target.kind}`, () => {
    let options: StorageOptions;
    let one: Storage;
    let two: Storage;
    let repos: [EndpointsRepository, EndpointsRepository];

    before(async () => {
      options = await target.fresh();
      one = await openStorage(options);
      two = await openStorage(options);
      repos = [one.repositories.endpoints, (target.kind === 'postgres' ? two : one).repositories.endpoints];
    });
    after(async () => {
      await one?.close();
      await two?.close();
      await target.cleanup();
    });

    async function registrySize(tenant: Tenant, appId: string): Promise<number> {
      const [row] = await target.query(options, `select count(*) as n from endpoint_attribute_keys where account_id = '${tenant.accountId}' and app_id = '${appId}'`);
      return Number(row!.n);
    }

    /** Runs the writes at once, alternating between the two storages. */
    function race(tenant: Tenant, writes: readonly EndpointWrite[]): Promise<PromiseSettledResult<unknown>[]> {
      return Promise.allSettled(writes.map((write, i) => repos[i % 2]!.write(tenant, write)));
    }
    const outcome = (results: PromiseSettledResult<unknown>[]) => results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'));
    const sms = (id: string, status = 'ACTIVE') => endpoint(id, { ChannelType: 'SMS', Address: '+15550100', EndpointStatus: status });

    test('attribute-name quota: two writers adding different names near the limit never exceed it', async () => {
      const errors: unknown[] = [];
      for (let round = 0; round < 12; round++) {
        const tenant = randomTenant();
        const appId = await newProject(one, tenant);
        await repos[0].write(tenant, storeAs(appId, [endpoint('base', { Attributes: names('base', 248) })]));
        const results = await race(tenant, [
          storeAs(appId, [endpoint('w1', { Attributes: { x1: ['v'] }, Metrics: { x2: 1 } })]),
          storeAs(appId, [endpoint('w2', { Attributes: { y1: ['v'] }, User: { UserAttributes: { y2: ['v'] } } })]),
        ]);
        const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
        for (const r of results) if (r.status === 'rejected') errors.push(r.reason);
        assert.equal(fulfilled, 1, `round ${round}: exactly one of the two fits (${results.map((r) => r.status).join(', ')})`);
        assert.equal(await registrySize(tenant, appId), 250, `round ${round}`);
        const stored = (await Promise.all(['w1', 'w2'].map((id) => repos[0].get(tenant, appId, id)))).filter(Boolean);
        assert.equal(stored.length, 1, `round ${round}: only the accepted endpoint is stored`);
      }
      assert.equal(errors.length, 12);
      for (const error of errors) assert.ok(isQuotaRefusal(error), `the refusal is the quota's AttributeKeyLimitError, unwrapped; got ${String(error)}`);
    });

    test('attribute-name quota: ten writers of three new names each on 240 names: exactly three fit', async () => {
      const tenant = randomTenant();
      const appId = await newProject(one, tenant);
      await repos[0].write(tenant, storeAs(appId, [endpoint('base', { Attributes: names('base', 240) })]));
      const writes = Array.from({ length: 10 }, (_, w) => storeAs(appId, [endpoint(`w${w}`, { Attributes: names(`w${w}-`, 3) })]));
      const results = await race(tenant, writes);
      const accepted = results.flatMap((r, w) => (r.status === 'fulfilled' ? [w] : []));
      assert.equal(accepted.length, 3, results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')).join('\n'));
      assert.equal(await registrySize(tenant, appId), 249);
      const registered = await repos[1].attributeNames(tenant, appId, 'endpoint-custom-attributes');
      for (let w = 0; w < 10; w++) {
        const mine = Object.keys(names(`w${w}-`, 3));
        const present = mine.filter((n) => registered.includes(n));
        assert.equal(present.length, accepted.includes(w) ? 3 : 0, `writer ${w}: all of its names or none`);
        assert.equal(Boolean(await repos[0].get(tenant, appId, `w${w}`)), accepted.includes(w));
      }
      for (const r of results) if (r.status === 'rejected') assert.ok(isQuotaRefusal(r.reason), String(r.reason));
    });

    test('writers introducing the same new names in opposite orders both succeed (no deadlock)', async () => {
      for (let round = 0; round < 12; round++) {
        const tenant = randomTenant();
        const appId = await newProject(one, tenant);
        // 600 names over the three registries: more than one insert statement per writer.
        const wide = (reverse: boolean) => {
          const order = <T>(list: T[]) => (reverse ? list.reverse() : list);
          return endpoint(reverse ? 'b' : 'f', {
            Attributes: Object.fromEntries(order(Object.entries(names('shared', 300)))),
            Metrics: Object.fromEntries(order(Object.keys(names('metric', 150)).map((name, i) => [name, i]))),
            User: { UserAttributes: Object.fromEntries(order(Object.entries(names('user', 150)))) },
          });
        };
        const results = await race(tenant, [storeAs(appId, [wide(false)], { attributeKeyLimit: 1000 }), storeAs(appId, [wide(true)], { attributeKeyLimit: 1000 })]);
        assert.deepEqual(outcome(results), ['ok', 'ok'], `round ${round}`);
        assert.equal(await registrySize(tenant, appId), 600);
      }
    });

    test('per-user limit: six writers each adding an EMAIL endpoint to a user with 13 (some INACTIVE): exactly two fit', async () => {
      const tenant = randomTenant();
      const appId = await newProject(one, tenant);
      const mail = (id: string, status = 'ACTIVE') => endpoint(id, { ChannelType: 'EMAIL', Address: `${id}@example.com`, EndpointStatus: status, User: { UserId: 'crowded' } });
      await repos[0].write(tenant, storeAs(appId, Array.from({ length: 13 }, (_, i) => mail(`have-${i}`, i % 4 === 0 ? 'INACTIVE' : 'ACTIVE'))));
      const results = await race(tenant, Array.from({ length: 6 }, (_, w) => storeAs(appId, [mail(`new-${w}`)])));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2, outcome(results).join('\n'));
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof UserLimitRefusal, String(r.reason));
      assert.equal((await repos[1].listByUser(tenant, appId, 'crowded')).length, 15);
    });

    test('per-user limit: six push writers on a full user are all accepted; its six oldest push endpoints are retired, the EMAIL ones kept', async () => {
      const tenant = randomTenant();
      const appId = await newProject(one, tenant);
      const mine = (id: string, ChannelType: string, EffectiveDate: string) => endpoint(id, { ChannelType, Address: ChannelType === 'EMAIL' ? `${id}@example.com` : `token-${id}`, EffectiveDate, User: { UserId: 'gadgets' } });
      // 7 EMAIL (the oldest of all) and 8 push endpoints, of which old-0 … old-5 are the oldest.
      await repos[0].write(tenant, storeAs(appId, [
        ...Array.from({ length: 7 }, (_, i) => mine(`mail-${i}`, 'EMAIL', '2020-01-01T00:00:00.000Z')),
        ...Array.from({ length: 8 }, (_, i) => mine(`old-${i}`, i % 2 === 0 ? 'GCM' : 'APNS', `2025-01-${String(10 + i).padStart(2, '0')}T00:00:00.000Z`)),
      ]));
      const results = await race(tenant, Array.from({ length: 6 }, (_, w) => storeAs(appId, [mine(`phone-${w}`, w % 2 === 0 ? 'GCM' : 'BAIDU', '2026-06-01T00:00:00.000Z')])));
      assert.deepEqual(outcome(results), Array(6).fill('ok'));
      const members = ids(await repos[1].listByUser(tenant, appId, 'gadgets')).sort();
      assert.deepEqual(members, [...Array.from({ length: 7 }, (_, i) => `mail-${i}`), 'old-6', 'old-7', ...Array.from({ length: 6 }, (_, w) => `phone-${w}`)].sort());
      for (let i = 0; i < 6; i++) {
        const old = await repos[0].get(tenant, appId, `old-${i}`);
        assert.deepEqual([old?.EndpointStatus, old?.User?.UserId], ['INACTIVE', undefined], `old-${i}`);
      }
    });

    test('per-user limit: six push writers on a user full of EMAIL endpoints are all refused', async () => {
      const tenant = randomTenant();
      const appId = await newProject(one, tenant);
      await repos[0].write(tenant, storeAs(appId, Array.from({ length: 15 }, (_, i) => endpoint(`mail-${i}`, { ChannelType: 'EMAIL', Address: `m${i}@example.com`, User: { UserId: 'mailbox' } }))));
      const results = await race(tenant, Array.from({ length: 6 }, (_, w) => storeAs(appId, [endpoint(`phone-${w}`, { ChannelType: 'GCM', User: { UserId: 'mailbox' } })])));
      for (const r of results) assert.ok(r.status === 'rejected' && r.reason instanceof UserLimitRefusal && /no older push endpoint to retire$/.test(r.reason.message), outcome([r])[0]);
      assert.equal((await repos[1].listByUser(tenant, appId, 'mailbox')).length, 15);
    });

    test('per-user limit: an update of the push endpoint being retired, at the same time: the user keeps 15 and no update is lost', async () => {
      for (let round = 0; round < 10; round++) {
        const tenant = randomTenant();
        const appId = await newProject(one, tenant);
        const device = (id: string, EffectiveDate: string, fields: Partial<StoredEndpoint> = {}) => endpoint(id, { EffectiveDate, User: { UserId: 'racer' }, ...fields });
        await repos[0].write(tenant, storeAs(appId, Array.from({ length: 15 }, (_, i) => device(`d-${String(i).padStart(2, '0')}`, `2025-01-${String(10 + i).padStart(2, '0')}T00:00:00.000Z`))));
        // One writer touches d-00 (the oldest, which the other one retires) without changing its user.
        const touch: EndpointWrite = {
          ...storeAs(appId, []),
          ids: ['d-00'],
          merge: (existing) => [{ ...existing.get('d-00')!, Attributes: { touched: [`round-${round}`] } }],
        };
        const results = await race(tenant, [touch, storeAs(appId, [device('newcomer', '2026-01-01T00:00:00.000Z')])]);
        assert.deepEqual(outcome(results), ['ok', 'ok'], `round ${round}`);
        const members = await repos[0].listByUser(tenant, appId, 'racer');
        assert.ok(members.length <= 15, `round ${round}: the user has ${members.length} endpoints: ${ids(members).join(', ')}`);
        const d00 = await repos[0].get(tenant, appId, 'd-00');
        assert.deepEqual(d00?.Attributes, { touched: [`round-${round}`] }, `round ${round}: the update of d-00 is kept`);
      }
    });

    test('two existing endpoints rewritten ACTIVE at once with the same channel and address: one stays ACTIVE', async () => {
      for (let round = 0; round < 5; round++) {
        const tenant = randomTenant();
        const appId = await newProject(one, tenant);
        await repos[0].write(tenant, storeAs(appId, [sms('a', 'INACTIVE'), sms('b', 'INACTIVE')]));
        assert.deepEqual(outcome(await race(tenant, [storeAs(appId, [sms('a')]), storeAs(appId, [sms('b')])])), ['ok', 'ok'], `round ${round}`);
        const { endpoints: active } = await repos[0].list(tenant, appId, { endpointStatus: 'ACTIVE' }, { limit: 10 });
        assert.equal(active.length, 1, `round ${round}: ACTIVE ${active.map((e) => e.Id).join(', ')}`);
      }
    });

    test('two new endpoints created at once with the same channel and address: one stays ACTIVE', async () => {
      for (let round = 0; round < 5; round++) {
        const tenant = randomTenant();
        const appId = await newProject(one, tenant);
        assert.deepEqual(outcome(await race(tenant, [storeAs(appId, [sms('c')]), storeAs(appId, [sms('d')])])), ['ok', 'ok'], `round ${round}`);
        const { endpoints: active } = await repos[0].list(tenant, appId, { endpointStatus: 'ACTIVE' }, { limit: 10 });
        assert.equal(active.length, 1, `round ${round}: ACTIVE ${active.map((e) => e.Id).join(', ')}`);
      }
    });

    test('eight writers of one address, and batches taking two addresses in opposite orders: one ACTIVE per address, no deadlock', async () => {
      for (let round = 0; round < 5; round++) {
        const tenant = randomTenant();
        const appId = await newProject(one, tenant);
        const results = await race(tenant, Array.from({ length: 8 }, (_, w) => storeAs(appId, [sms(`w${w}`)])));
        assert.deepEqual(outcome(results), Array(8).fill('ok'), `round ${round}`);
        assert.equal(((await repos[0].list(tenant, appId, { endpointStatus: 'ACTIVE' }, { limit: 20 })).endpoints).length, 1, `round ${round}`);

        const mail = (id: string, address: string) => endpoint(id, { ChannelType: 'EMAIL', Address: address });
        const pairs = await race(tenant, Array.from({ length: 6 }, (_, w) => storeAs(appId, w % 2 === 0 ? [mail(`x${w}`, 'x@example.com'), mail(`y${w}`, 'y@example.com')] : [mail(`y${w}`, 'y@example.com'), mail(`x${w}`, 'x@example.com')])));
        assert.deepEqual(outcome(pairs), Array(6).fill('ok'), `round ${round}`);
        const active = (await repos[0].list(tenant, appId, { channelType: 'EMAIL', endpointStatus: 'ACTIVE' }, { limit: 20 })).endpoints;
        assert.deepEqual(active.map((e) => e.Address).sort(), ['x@example.com', 'y@example.com'], `round ${round}: ACTIVE ${active.map((e) => e.Id).join(', ')}`);
      }
    });

    test('a name removed by one process and used again by another is registered again', async () => {
      const tenant = randomTenant();
      const appId = await newProject(one, tenant);
      const [first, second] = [one.repositories.endpoints, two.repositories.endpoints];
      await first.write(tenant, storeAs(appId, [endpoint('first', { Attributes: { fleeting: ['1'] }, Metrics: { gauge: 1 } })]));
      assert.deepEqual(await second.removeAttributes(tenant, appId, 'endpoint-custom-attributes', ['fleeting']), ['fleeting']);
      assert.deepEqual(await second.removeAttributes(tenant, appId, 'endpoint-metric-attributes', ['gauge']), ['gauge']);
      await first.write(tenant, storeAs(appId, [endpoint('second', { Attributes: { fleeting: ['2'] }, Metrics: { gauge: 2 } })]));
      assert.deepEqual((await second.get(tenant, appId, 'second'))?.Attributes, { fleeting: ['2'] });
      assert.deepEqual(
        await second.attributeNames(tenant, appId, 'endpoint-custom-attributes'),
        ['fleeting'],
        'an endpoint uses the name, so the registry (the quota, and what RemoveAttributes can find) must have it',
      );
      assert.deepEqual(await second.attributeNames(tenant, appId, 'endpoint-metric-attributes'), ['gauge']);
      // And it counts toward the quota again: with a limit of 2, a third name is refused.
      await assert.rejects(first.write(tenant, storeAs(appId, [endpoint('third', { Attributes: { another: ['x'] } })], { attributeKeyLimit: 2 })), AttributeKeyLimitError);
      assert.deepEqual(await second.removeAttributes(tenant, appId, 'endpoint-custom-attributes', ['fleeting']), ['fleeting']);
    });

    test('a name written while another process removes it: afterwards an endpoint that has it finds it registered', async () => {
      for (let round = 0; round < 5; round++) {
        const tenant = randomTenant();
        const appId = await newProject(one, tenant);
        const [remover, writer] = [one.repositories.endpoints, (target.kind === 'postgres' ? two : one).repositories.endpoints];
        // Enough endpoints that RemoveAttributes takes several pages (transactions).
        const all = Array.from({ length: 1500 }, (_, n) => endpoint(`r${String(n).padStart(4, '0')}`, { Attributes: { fleeting: ['old'] } }));
        for (let i = 0; i < all.length; i += 100) await remover.write(tenant, storeAs(appId, all.slice(i, i + 100), { deactivateSameAddress: false }));
        const removing = remover.removeAttributes(tenant, appId, 'endpoint-custom-attributes', ['fleeting']);
        // Rewrites of ids early and late in the order, while the pages are being stripped.
        const writes: Promise<unknown>[] = [];
        for (let k = 0; k < 10; k++) {
          await new Promise((resolve) => setTimeout(resolve, 15));
          writes.push(writer.write(tenant, storeAs(appId, [endpoint(`a-${k}`, { Attributes: { fleeting: [`new-${k}`] } }), endpoint(`z-${k}`, { Attributes: { fleeting: [`new-${k}`] } })])));
        }
        await Promise.all([removing, ...writes]);
        const { endpoints: holders } = await remover.list(tenant, appId, { attribute: { name: 'fleeting', values: Array.from({ length: 10 }, (_, k) => `new-${k}`).concat('old') } }, { limit: 2000 });
        const registered = await remover.attributeNames(tenant, appId, 'endpoint-custom-attributes');
        assert.ok(holders.length === 0 || registered.includes('fleeting'), `round ${round}: ${holders.length} endpoints have 'fleeting' (${ids(holders).slice(0, 5).join(', ')}…) but the registry has [${registered.join(', ')}]`);
      }
    });
  });
}

const { sqlite, postgres } = storageTargets('endpoints-concurrency');
defineSuite(sqlite);
defineSuite(postgres);

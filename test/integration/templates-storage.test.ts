// The message-template repository on both dialects: a real SQLite file in a fresh temporary
// directory and a real PostgreSQL database created for the run (test/helpers/storage-targets.ts).
// PostgreSQL being unreachable fails the suite; nothing is skipped.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TemplateContent, TemplateType } from '../../src/domain/templates/template-content.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { TemplatesRepository, TemplateVersionRecord } from '../../src/storage/templates-repository.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';

const T0 = '2026-11-23T14:17:09.123Z';
const T1 = '2026-11-23T15:00:00.000Z';
const T2 = '2026-11-23T16:00:00.000Z';
const T3 = '2026-11-23T17:00:00.000Z';

function randomTenant(region = 'us-east-1'): Tenant {
  return { accountId: String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999)), region };
}

function arnOf(tenant: Tenant, name: string, type: TemplateType): string {
  return `arn:aws:mobiletargeting:${tenant.region}:${tenant.accountId}:templates/${name}/${type}`;
}

function sms(body: string, extra: Record<string, unknown> = {}): TemplateContent {
  return { Body: body, ...extra };
}

function defineSuite(target: StorageTarget): void {
  describe(`templates storage on ${target.kind}`, () => {
    let storage: Storage;
    let templates: TemplatesRepository;

    before(async () => {
      storage = await openStorage(await target.fresh());
      templates = storage.repositories.templates;
    });

    after(async () => {
      await storage?.close();
      await target.cleanup();
    });

    async function create(tenant: Tenant, name: string, type: TemplateType, content: TemplateContent, date = T0, tags: Record<string, string> = {}): Promise<TemplateVersionRecord> {
      const result = await templates.create(tenant, { name, type, arn: arnOf(tenant, name, type), creationDate: date, content }, tags, 10_000);
      assert.equal(result.outcome, 'created');
      return (result as { record: TemplateVersionRecord }).record;
    }

    async function newVersion(tenant: Tenant, name: string, type: TemplateType, content: TemplateContent, date: string, maxVersions = 5_000): Promise<TemplateVersionRecord> {
      const result = await templates.write(tenant, name, type, { mode: 'new-version', maxVersions }, content, date);
      assert.equal(result.outcome, 'written', JSON.stringify(result));
      return (result as { record: TemplateVersionRecord }).record;
    }

    test('create makes version 1, active; get answers it with the parsed content, DefaultSubstitutions and the tags on the ARN', async () => {
      const tenant = randomTenant();
      const content = { Subject: 'Hi {{User.UserAttributes.FirstName}}', HtmlPart: '<p>x</p>', DefaultSubstitutions: '{"User.UserAttributes.FirstName":"friend"}', TemplateDescription: 'd' };
      const record = await create(tenant, 'welcome', 'EMAIL', content, T0, { team: 'growth' });
      const expected: TemplateVersionRecord = {
        name: 'welcome',
        type: 'EMAIL',
        version: 1,
        activeVersion: 1,
        creationDate: T0,
        versionCreationDate: T0,
        lastModifiedDate: T0,
        content,
        defaultSubstitutions: content.DefaultSubstitutions,
      };
      assert.deepEqual(record, expected);
      assert.deepEqual(await templates.get(tenant, 'welcome', 'EMAIL'), expected);
      assert.deepEqual(await templates.get(tenant, 'welcome', 'EMAIL', 1), expected);
      assert.equal(await templates.get(tenant, 'welcome', 'EMAIL', 2), undefined);
      assert.deepEqual(await storage.repositories.tags.list(tenant, arnOf(tenant, 'welcome', 'EMAIL')), { team: 'growth' });
      const noDefaults = await create(tenant, 'plain', 'SMS', sms('hello'));
      assert.equal('defaultSubstitutions' in noDefaults, false);
    });

    test('a name is unique per type and tenant, and case-sensitive', async () => {
      const tenant = randomTenant();
      await create(tenant, 'Promo', 'SMS', sms('one'));
      const again = await templates.create(tenant, { name: 'Promo', type: 'SMS', arn: arnOf(tenant, 'Promo', 'SMS'), creationDate: T1, content: sms('two') }, { k: 'v' }, 10_000);
      assert.deepEqual(again, { outcome: 'exists' });
      // Nothing of the refused create was written: content and tags are the first one's.
      assert.deepEqual((await templates.get(tenant, 'Promo', 'SMS'))?.content, sms('one'));
      assert.deepEqual(await storage.repositories.tags.list(tenant, arnOf(tenant, 'Promo', 'SMS')), {});
      await create(tenant, 'Promo', 'EMAIL', { Subject: 's' });
      await create(tenant, 'promo', 'SMS', sms('lower'));
      const other = randomTenant();
      await create(other, 'Promo', 'SMS', sms('other tenant'));
      const otherRegion = { ...tenant, region: 'eu-west-1' };
      await create(otherRegion, 'Promo', 'SMS', sms('other region'));
      assert.deepEqual((await templates.get(tenant, 'Promo', 'SMS'))?.content, sms('one'));
      assert.deepEqual((await templates.get(tenant, 'Promo', 'EMAIL'))?.content, { Subject: 's' });
      assert.deepEqual((await templates.get(tenant, 'promo', 'SMS'))?.content, sms('lower'));
      assert.deepEqual((await templates.get(other, 'Promo', 'SMS'))?.content, sms('other tenant'));
      assert.deepEqual((await templates.get(otherRegion, 'Promo', 'SMS'))?.content, sms('other region'));
      assert.equal(await templates.get(other, 'promo', 'SMS'), undefined);
    });

    test('the tenant template limit refuses a create past it, writing nothing', async () => {
      const tenant = randomTenant();
      const make = (name: string) => templates.create(tenant, { name, type: 'SMS', arn: arnOf(tenant, name, 'SMS'), creationDate: T0, content: sms(name) }, {}, 2);
      assert.equal((await make('a')).outcome, 'created');
      assert.equal((await make('b')).outcome, 'created');
      assert.deepEqual(await make('c'), { outcome: 'template-limit', limit: 2 });
      assert.equal(await templates.get(tenant, 'c', 'SMS'), undefined);
      // An existing name is reported as such even at the limit.
      assert.deepEqual(await make('a'), { outcome: 'exists' });
    });

    test('a new version gets the next number and leaves the active version; overwrite writes the latest existing version in place', async () => {
      const tenant = randomTenant();
      await create(tenant, 'v', 'SMS', sms('one'));
      const two = await newVersion(tenant, 'v', 'SMS', sms('two', { TemplateDescription: 'second' }), T1);
      assert.deepEqual(two, { name: 'v', type: 'SMS', version: 2, activeVersion: 1, creationDate: T0, versionCreationDate: T1, lastModifiedDate: T1, content: sms('two', { TemplateDescription: 'second' }) });
      assert.deepEqual((await templates.get(tenant, 'v', 'SMS'))?.content, sms('one'), 'the active version is still 1');

      const overwritten = await templates.write(tenant, 'v', 'SMS', { mode: 'overwrite' }, sms('two, corrected'), T2);
      assert.equal(overwritten.outcome, 'written');
      assert.deepEqual((overwritten as { record: TemplateVersionRecord }).record, {
        name: 'v',
        type: 'SMS',
        version: 2,
        activeVersion: 1,
        creationDate: T0,
        versionCreationDate: T1,
        lastModifiedDate: T2,
        content: sms('two, corrected'),
      });
      assert.deepEqual((await templates.get(tenant, 'v', 'SMS', 1))?.content, sms('one'));
      // Naming the latest version is the same; another existing one is refused; a missing one too.
      assert.equal((await templates.write(tenant, 'v', 'SMS', { mode: 'overwrite', expectedVersion: 2 }, sms('two again'), T3)).outcome, 'written');
      assert.deepEqual(await templates.write(tenant, 'v', 'SMS', { mode: 'overwrite', expectedVersion: 1 }, sms('nope'), T3), { outcome: 'not-latest', latest: 2 });
      assert.deepEqual(await templates.write(tenant, 'v', 'SMS', { mode: 'overwrite', expectedVersion: 9 }, sms('nope'), T3), { outcome: 'no-version' });
      assert.deepEqual((await templates.get(tenant, 'v', 'SMS', 1))?.content, sms('one'));
      assert.deepEqual((await templates.get(tenant, 'v', 'SMS', 2))?.content, sms('two again'));
      assert.deepEqual(await templates.write(tenant, 'missing', 'SMS', { mode: 'overwrite' }, sms('x'), T3), { outcome: 'no-template' });
      assert.deepEqual(await templates.write(tenant, 'v', 'EMAIL', { mode: 'new-version', maxVersions: 10 }, sms('x'), T3), { outcome: 'no-template' });
    });

    test('the version limit refuses a new version past it', async () => {
      const tenant = randomTenant();
      await create(tenant, 'capped', 'VOICE', { Body: '1' });
      await newVersion(tenant, 'capped', 'VOICE', { Body: '2' }, T1, 2);
      assert.deepEqual(await templates.write(tenant, 'capped', 'VOICE', { mode: 'new-version', maxVersions: 2 }, { Body: '3' }, T2), { outcome: 'version-limit', limit: 2 });
      assert.equal(await templates.get(tenant, 'capped', 'VOICE', 3), undefined);
    });

    test('setActiveVersion: a number, latest, a missing version or template', async () => {
      const tenant = randomTenant();
      await create(tenant, 'act', 'PUSH', { Default: { Body: 'one' } });
      await newVersion(tenant, 'act', 'PUSH', { Default: { Body: 'two' } }, T1);
      await newVersion(tenant, 'act', 'PUSH', { Default: { Body: 'three' } }, T2);
      assert.deepEqual(await templates.setActiveVersion(tenant, 'act', 'PUSH', 2, T3), { outcome: 'set', version: 2 });
      const active = await templates.get(tenant, 'act', 'PUSH');
      assert.equal(active?.version, 2);
      assert.equal(active?.activeVersion, 2);
      assert.equal((await templates.get(tenant, 'act', 'PUSH', 3))?.activeVersion, 2);
      assert.deepEqual(await templates.setActiveVersion(tenant, 'act', 'PUSH', 'latest', T3), { outcome: 'set', version: 3 });
      assert.equal((await templates.get(tenant, 'act', 'PUSH'))?.version, 3);
      assert.deepEqual(await templates.setActiveVersion(tenant, 'act', 'PUSH', 4, T3), { outcome: 'no-version' });
      assert.deepEqual(await templates.setActiveVersion(tenant, 'nothing', 'PUSH', 1, T3), { outcome: 'no-template' });
      assert.equal((await templates.get(tenant, 'act', 'PUSH'))?.version, 3);
    });

    test('deleteVersion refuses the active version; numbers are never reused; overwrite then targets the latest remaining version', async () => {
      const tenant = randomTenant();
      await create(tenant, 'dv', 'SMS', sms('1'));
      await newVersion(tenant, 'dv', 'SMS', sms('2'), T1);
      await newVersion(tenant, 'dv', 'SMS', sms('3'), T2);
      assert.deepEqual(await templates.deleteVersion(tenant, 'dv', 'SMS', 1, T3), { outcome: 'active' });
      assert.deepEqual(await templates.deleteVersion(tenant, 'dv', 'SMS', 7, T3), { outcome: 'no-version' });
      assert.deepEqual(await templates.deleteVersion(tenant, 'none', 'SMS', 1, T3), { outcome: 'no-template' });
      const deleted = await templates.deleteVersion(tenant, 'dv', 'SMS', 3, T3);
      assert.equal(deleted.outcome, 'deleted');
      assert.equal((deleted as { record: TemplateVersionRecord }).record.version, 3);
      assert.equal(await templates.get(tenant, 'dv', 'SMS', 3), undefined);
      const overwritten = await templates.write(tenant, 'dv', 'SMS', { mode: 'overwrite' }, sms('2b'), T3);
      assert.equal((overwritten as { record: TemplateVersionRecord }).record.version, 2, 'the latest existing version is 2 now');
      const four = await newVersion(tenant, 'dv', 'SMS', sms('4'), T3);
      assert.equal(four.version, 4, 'version 3 is not handed out again');
      assert.deepEqual(await templates.setActiveVersion(tenant, 'dv', 'SMS', 3, T3), { outcome: 'no-version' });
      assert.deepEqual(
        (await templates.listVersions(tenant, 'dv', 'SMS', { limit: 10 })).map((v) => v.version),
        [4, 2, 1],
      );
    });

    test('delete removes the template, its versions and its tags; the name can be used again', async () => {
      const tenant = randomTenant();
      await create(tenant, 'gone', 'INAPP', { Layout: 'TOP_BANNER' }, T0, { a: 'b' });
      await newVersion(tenant, 'gone', 'INAPP', { Layout: 'BOTTOM_BANNER' }, T1);
      await create(tenant, 'gone', 'SMS', sms('kept'), T0, { kept: 'yes' });
      assert.equal(await templates.delete(tenant, 'gone', 'INAPP', arnOf(tenant, 'gone', 'INAPP')), true);
      assert.equal(await templates.get(tenant, 'gone', 'INAPP'), undefined);
      assert.equal(await templates.get(tenant, 'gone', 'INAPP', 2), undefined);
      assert.deepEqual(await templates.listVersions(tenant, 'gone', 'INAPP', { limit: 10 }), []);
      assert.deepEqual(await storage.repositories.tags.list(tenant, arnOf(tenant, 'gone', 'INAPP')), {});
      assert.equal(await templates.delete(tenant, 'gone', 'INAPP', arnOf(tenant, 'gone', 'INAPP')), false);
      // The SMS template of the same name is untouched.
      assert.deepEqual((await templates.get(tenant, 'gone', 'SMS'))?.content, sms('kept'));
      assert.deepEqual(await storage.repositories.tags.list(tenant, arnOf(tenant, 'gone', 'SMS')), { kept: 'yes' });
      const again = await create(tenant, 'gone', 'INAPP', { Layout: 'OVERLAYS' }, T2);
      assert.equal(again.version, 1);
      assert.equal(again.creationDate, T2);
    });

    test('listVersions: newest first, a page below `before`', async () => {
      const tenant = randomTenant();
      await create(tenant, 'lv', 'SMS', sms('1'));
      for (let i = 2; i <= 5; i++) await newVersion(tenant, 'lv', 'SMS', sms(String(i)), `2026-11-24T00:00:0${i}.000Z`);
      const first = await templates.listVersions(tenant, 'lv', 'SMS', { limit: 2 });
      assert.deepEqual(first.map((v) => v.version), [5, 4]);
      assert.deepEqual(first.map((v) => v.versionCreationDate), ['2026-11-24T00:00:05.000Z', '2026-11-24T00:00:04.000Z']);
      assert.ok(first.every((v) => v.activeVersion === 1 && v.creationDate === T0));
      assert.deepEqual((await templates.listVersions(tenant, 'lv', 'SMS', { limit: 2, before: 4 })).map((v) => v.version), [3, 2]);
      assert.deepEqual((await templates.listVersions(tenant, 'lv', 'SMS', { limit: 2, before: 2 })).map((v) => v.version), [1]);
      assert.deepEqual(await templates.listVersions(tenant, 'lv', 'EMAIL', { limit: 2 }), []);
    });

    test('list: creation order, a keyset page at a time, exact prefix (no LIKE wildcards), one type, one tenant', async () => {
      const tenant = randomTenant();
      await create(tenant, 'b_1', 'SMS', sms('x'), '2026-11-24T00:00:01.000Z');
      await create(tenant, 'a-2', 'EMAIL', { Subject: 's' }, '2026-11-24T00:00:02.000Z');
      // Equal creation dates: ordered by name, then type.
      await create(tenant, 'ac', 'SMS', sms('x'), '2026-11-24T00:00:03.000Z');
      await create(tenant, 'ab', 'SMS', sms('x'), '2026-11-24T00:00:03.000Z');
      await create(tenant, 'ab', 'EMAIL', { Subject: 's' }, '2026-11-24T00:00:03.000Z');
      await create(tenant, 'a_', 'SMS', sms('x'), '2026-11-24T00:00:04.000Z');
      await create(tenant, 'A_x', 'VOICE', { Body: 'b' }, '2026-11-24T00:00:05.000Z');
      await create(randomTenant(), 'a_other', 'SMS', sms('x'), '2026-11-24T00:00:01.000Z');
      await newVersion(tenant, 'ab', 'SMS', sms('y'), '2026-11-24T01:00:00.000Z');
      await templates.setActiveVersion(tenant, 'ab', 'SMS', 2, '2026-11-24T02:00:00.000Z');

      const key = (t: { name: string; type: string }) => `${t.name}/${t.type}`;
      const all = await templates.list(tenant, { limit: 100 });
      assert.deepEqual(all.map(key), ['b_1/SMS', 'a-2/EMAIL', 'ab/EMAIL', 'ab/SMS', 'ac/SMS', 'a_/SMS', 'A_x/VOICE']);
      const ab = all.find((t) => t.name === 'ab' && t.type === 'SMS')!;
      assert.deepEqual(ab, { name: 'ab', type: 'SMS', activeVersion: 2, creationDate: '2026-11-24T00:00:03.000Z', lastModifiedDate: '2026-11-24T02:00:00.000Z' });

      // Pages of 2 follow the same order without gaps or repeats.
      const paged: string[] = [];
      let after: { creationDate: string; name: string; type: TemplateType } | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await templates.list(tenant, { limit: 2, ...(after ? { after } : {}) });
        paged.push(...page.map(key));
        if (page.length < 2) break;
        const last = page[page.length - 1]!;
        after = { creationDate: last.creationDate, name: last.name, type: last.type };
      }
      assert.deepEqual(paged, all.map(key));

      // '_' is a LIKE wildcard: the prefix 'a_' must not match 'ab' or 'ac'.
      assert.deepEqual((await templates.list(tenant, { limit: 100, prefix: 'a_' })).map(key), ['a_/SMS']);
      assert.deepEqual((await templates.list(tenant, { limit: 100, prefix: 'a' })).map(key), ['a-2/EMAIL', 'ab/EMAIL', 'ab/SMS', 'ac/SMS', 'a_/SMS']);
      assert.deepEqual((await templates.list(tenant, { limit: 100, prefix: 'A' })).map(key), ['A_x/VOICE']);
      assert.deepEqual((await templates.list(tenant, { limit: 100, prefix: 'a%' })).map(key), []);
      assert.deepEqual((await templates.list(tenant, { limit: 100, prefix: 'ab' })).map(key), ['ab/EMAIL', 'ab/SMS']);
      assert.deepEqual((await templates.list(tenant, { limit: 100, type: 'EMAIL' })).map(key), ['a-2/EMAIL', 'ab/EMAIL']);
      assert.deepEqual((await templates.list(tenant, { limit: 100, type: 'SMS', prefix: 'a' })).map(key), ['ab/SMS', 'ac/SMS', 'a_/SMS']);
      assert.deepEqual((await templates.list(tenant, { limit: 1, type: 'SMS', prefix: 'a', after: { creationDate: '2026-11-24T00:00:03.000Z', name: 'ab', type: 'SMS' } })).map(key), ['ac/SMS']);
      assert.deepEqual(await templates.list(tenant, { limit: 100, type: 'INAPP' }), []);
    });

    test('concurrent new versions get distinct consecutive numbers; concurrent creates of one name make one template', async () => {
      const tenant = randomTenant();
      await create(tenant, 'race', 'SMS', sms('1'));
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => templates.write(tenant, 'race', 'SMS', { mode: 'new-version', maxVersions: 5_000 }, sms(`v${i}`), T1)),
      );
      const numbers = results.map((r) => (r as { record: TemplateVersionRecord }).record.version).sort((a, b) => a - b);
      assert.deepEqual(numbers, Array.from({ length: 12 }, (_, i) => i + 2));
      assert.deepEqual((await templates.listVersions(tenant, 'race', 'SMS', { limit: 100 })).map((v) => v.version), Array.from({ length: 13 }, (_, i) => 13 - i));

      // Overwrites racing with new versions: each overwrite lands on a version that exists.
      const mixed = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          i % 2 === 0
            ? templates.write(tenant, 'race', 'SMS', { mode: 'new-version', maxVersions: 5_000 }, sms(`n${i}`), T2)
            : templates.write(tenant, 'race', 'SMS', { mode: 'overwrite' }, sms(`o${i}`), T2),
        ),
      );
      assert.ok(mixed.every((r) => r.outcome === 'written'));
      assert.deepEqual((await templates.listVersions(tenant, 'race', 'SMS', { limit: 100 })).map((v) => v.version), Array.from({ length: 17 }, (_, i) => 17 - i));

      const creates = await Promise.all(
        Array.from({ length: 6 }, (_, i) => templates.create(tenant, { name: 'once', type: 'EMAIL', arn: arnOf(tenant, 'once', 'EMAIL'), creationDate: T0, content: { Subject: String(i) } }, {}, 10_000)),
      );
      assert.equal(creates.filter((r) => r.outcome === 'created').length, 1);
      assert.equal(creates.filter((r) => r.outcome === 'exists').length, 5);
      assert.deepEqual((await templates.listVersions(tenant, 'once', 'EMAIL', { limit: 10 })).map((v) => v.version), [1]);
    });

    test('concurrent setActiveVersion and deleteVersion never leave a template without its active version', async () => {
      const tenant = randomTenant();
      await create(tenant, 'tug', 'SMS', sms('1'));
      await newVersion(tenant, 'tug', 'SMS', sms('2'), T1);
      await newVersion(tenant, 'tug', 'SMS', sms('3'), T1);
      const outcomes = await Promise.all([
        templates.setActiveVersion(tenant, 'tug', 'SMS', 2, T2),
        templates.deleteVersion(tenant, 'tug', 'SMS', 2, T2),
        templates.setActiveVersion(tenant, 'tug', 'SMS', 3, T2),
        templates.deleteVersion(tenant, 'tug', 'SMS', 3, T2),
      ]);
      assert.ok(outcomes.length === 4);
      const active = await templates.get(tenant, 'tug', 'SMS');
      assert.ok(active, 'the active version exists');
      assert.equal(active.version, active.activeVersion);
    });
  });
}

const { sqlite, postgres } = storageTargets('templates');
defineSuite(sqlite);
defineSuite(postgres);

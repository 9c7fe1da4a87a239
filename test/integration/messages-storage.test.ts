// The message log on a real SQLite file and a real PostgreSQL database
// (test/helpers/storage-targets.ts): messages and their events written together, newest-first
// keyset pages (optionally only the simulator's), lookups by the transport's own id for receipts,
// status updates, report events capped per message, pruning by age, and nothing written for a
// project that is gone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appArn } from '../../src/domain/arn.ts';
import { ProjectMissingError } from '../../src/storage/endpoints-repository.ts';
import type { MessageRecord } from '../../src/storage/messages-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';

const TENANT: Tenant = { accountId: '123456789012', region: 'us-east-1' };
let appCounter = 0;

function message(id: string, createdDate: string, fields: Partial<MessageRecord> = {}): MessageRecord {
  return { id, channel: 'SMS', transport: 'simulator', address: '+12065550100', deliveryStatus: 'SUCCESSFUL', statusCode: 200, statusMessage: '', createdDate, ...fields };
}

const { sqlite, postgres } = storageTargets('messages');
for (const target of [sqlite, postgres] as StorageTarget[]) {
  describe(`message log on ${target.kind}`, () => {
    let storage: Storage;
    let options: StorageOptions;

    before(async () => {
      options = await target.fresh();
      storage = await openStorage(options);
    });
    after(async () => {
      await storage?.close();
      await target.cleanup();
    });

    async function newApp(): Promise<string> {
      appCounter += 1;
      const id = `${String(appCounter).padStart(4, '0')}${'d'.repeat(28)}`;
      await storage.repositories.apps.create(TENANT, { id, name: id, arn: appArn(TENANT, id), creationDate: '2026-11-23T00:00:00.000Z' }, {});
      return id;
    }

    test('messages and their events are written together; pages are newest first and can keep to one transport', async () => {
      const appId = await newApp();
      const messages = storage.repositories.messages;
      await messages.record(
        TENANT,
        appId,
        [
          message('m1', '2026-11-23T10:00:00.000Z', { content: { body: 'one' }, endpointId: 'e1', traceId: 't' }),
          message('m2', '2026-11-23T11:00:00.000Z', { transport: 'smtp', channel: 'EMAIL', address: 'a@example.com', providerMessageId: 'relay-42' }),
          message('m3', '2026-11-23T11:00:00.000Z', { content: { body: 'three' } }),
        ],
        [{ endpointId: 'e1', eventType: '_SMS.BUFFERED', eventTimestamp: 1, arrivalTimestamp: 2, record: '{"event_type":"_SMS.BUFFERED"}' }],
      );
      const all = await messages.list(TENANT, appId, { limit: 10 });
      assert.deepEqual(all.map((m) => m.id), ['m3', 'm2', 'm1']);
      assert.deepEqual(all[2], message('m1', '2026-11-23T10:00:00.000Z', { content: { body: 'one' }, endpointId: 'e1', traceId: 't' }));
      const first = await messages.list(TENANT, appId, { limit: 1, transport: 'simulator' });
      assert.deepEqual(first.map((m) => m.id), ['m3']);
      const next = await messages.list(TENANT, appId, { limit: 5, transport: 'simulator', after: { createdDate: first[0]!.createdDate, id: first[0]!.id } });
      assert.deepEqual(next.map((m) => m.id), ['m1']);
      const found = await messages.findByProviderId('smtp', 'relay-42');
      assert.equal(found?.appId, appId);
      assert.deepEqual(found?.tenant, TENANT);
      assert.equal(found?.message.id, 'm2');
      assert.equal(await messages.findByProviderId('smpp', 'relay-42'), undefined);
      await messages.updateStatus(TENANT, appId, 'm2', { deliveryStatus: 'PERMANENT_FAILURE', statusCode: 400, statusMessage: 'bounced' });
      assert.equal((await messages.get(TENANT, appId, 'm2'))?.statusMessage, 'bounced');
      const events = await target.query(options, `select event_type from event_log where app_id = '${appId}'`);
      assert.deepEqual(events.map((row) => row.event_type), ['_SMS.BUFFERED']);
    });

    test('pruning removes messages older than the cutoff only; a deleted project takes its messages along', async () => {
      const appId = await newApp();
      await storage.repositories.messages.record(TENANT, appId, [message('old', '2026-01-01T00:00:00.000Z'), message('new', '2026-11-23T00:00:00.000Z')], []);
      assert.ok((await storage.repositories.messages.prune(new Date('2026-06-01T00:00:00.000Z'))) >= 1);
      assert.deepEqual((await storage.repositories.messages.list(TENANT, appId, { limit: 10 })).map((m) => m.id), ['new']);
      await storage.repositories.apps.delete(TENANT, appId);
      assert.equal(await storage.repositories.messages.get(TENANT, appId, 'new'), undefined);
    });

    test('a report event is appended up to its limit per message and kind, counted in storage, and not for a message that is gone', async () => {
      const appId = await newApp();
      const messages = storage.repositories.messages;
      await messages.record(TENANT, appId, [message('r1', '2026-11-23T10:00:00.000Z'), message('r2', '2026-11-23T10:00:00.000Z')], []);
      const event = (n: number) => ({ endpointId: 'e1', eventType: '_email.softbounce', eventTimestamp: n, arrivalTimestamp: n, record: `{"n":${n}}` });
      const soft = { kind: 'softbounce', limit: 2 };
      // Three copies of one report at once: two are recorded, whichever they are.
      const answers = await Promise.all([1, 2, 3].map((n) => messages.appendReportEvent(TENANT, appId, 'r1', soft, event(n))));
      assert.deepEqual(answers.filter(Boolean).length, 2);
      assert.equal(await messages.appendReportEvent(TENANT, appId, 'r1', soft, event(4)), false);
      // Another kind and another message count apart.
      assert.equal(await messages.appendReportEvent(TENANT, appId, 'r1', { kind: 'hardbounce', limit: 1 }, event(5)), true);
      assert.equal(await messages.appendReportEvent(TENANT, appId, 'r2', soft, event(6)), true);
      assert.equal(await messages.appendReportEvent(TENANT, appId, 'gone', soft, event(7)), false);
      const logged = await target.query(options, `select record from event_log where app_id = '${appId}'`);
      assert.equal(logged.length, 4);
      // The counts live with the message: a second connection (a restarted server) sees them.
      const reopened = await openStorage(options);
      try {
        assert.equal(await reopened.repositories.messages.appendReportEvent(TENANT, appId, 'r1', soft, event(8)), false);
        assert.equal(await reopened.repositories.messages.appendReportEvent(TENANT, appId, 'r1', { kind: 'hardbounce', limit: 1 }, event(9)), false);
      } finally {
        await reopened.close();
      }
      await assert.rejects(messages.appendReportEvent(TENANT, 'f'.repeat(32), 'r1', soft, event(10)), ProjectMissingError);
    });

    test('nothing is written for a project that does not exist', async () => {
      const ghost = 'f'.repeat(32);
      await assert.rejects(storage.repositories.messages.record(TENANT, ghost, [message('x', '2026-11-23T00:00:00.000Z')], []), ProjectMissingError);
      await assert.rejects(storage.repositories.messages.appendEvents(TENANT, ghost, [{ endpointId: 'e', eventType: 't', eventTimestamp: 1, arrivalTimestamp: 1, record: '{}' }]), ProjectMissingError);
      assert.equal(await storage.repositories.messages.get(TENANT, ghost, 'x'), undefined);
    });
  });
}

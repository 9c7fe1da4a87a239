import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordOutcomes, RegionalClients } from './event-sink.ts';

test('RegionalClients makes one client per region and keeps at most 16, destroying the least recently used', () => {
  const destroyed: string[] = [];
  const clients = new RegionalClients((region) => ({ region, destroy: () => destroyed.push(region) }));
  const first = clients.get('us-east-1');
  assert.equal(clients.get('us-east-1'), first);
  for (let i = 0; i < 15; i++) clients.get(`r-${i}`);
  clients.get('us-east-1'); // recently used again
  clients.get('one-more');
  assert.deepEqual(destroyed, ['r-0']);
  assert.equal(clients.get('us-east-1'), first);
  clients.destroy();
  assert.equal(destroyed.length, 17);
});

test('recordOutcomes maps per-record results and refuses a count mismatch', () => {
  assert.deepEqual(recordOutcomes('op', [{}, { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow down' }, { ErrorCode: '' }], 3), [
    { ok: true },
    { ok: false, code: 'ProvisionedThroughputExceededException', message: 'slow down' },
    { ok: true },
  ]);
  assert.throws(() => recordOutcomes('op', [{}], 2), /answered 1 results for 2 records/);
});

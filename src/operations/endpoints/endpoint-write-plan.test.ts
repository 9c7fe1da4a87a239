import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import { pushTokenReplacement } from './endpoint-write-plan.ts';

const NOW = '2026-11-24T03:00:00.000Z';

function stored(address: string, changes: Partial<StoredEndpoint> = {}): StoredEndpoint {
  return {
    Id: 'tablet',
    ChannelType: 'GCM',
    Address: address,
    Attributes: { shelf: ['top'] },
    OptOut: 'NONE',
    EndpointStatus: 'ACTIVE',
    EffectiveDate: '2026-11-01T00:00:00.000Z',
    CreationDate: '2026-11-01T00:00:00.000Z',
    CohortId: '7',
    RequestId: 'r0',
    ...changes,
  } as StoredEndpoint;
}

describe('pushTokenReplacement', () => {
  const write = pushTokenReplacement('app', 'tablet', 'GCM', 'old-token', 'new-token', NOW, 'r1');

  test('an endpoint still on the token the message went to takes the new one, keeping the rest', () => {
    const [merged, ...rest] = write.merge(new Map([['tablet', stored('old-token')]]));
    assert.equal(rest.length, 0);
    assert.equal(merged!.Address, 'new-token');
    assert.deepEqual(merged!.Attributes, { shelf: ['top'] });
    assert.equal(merged!.CreationDate, '2026-11-01T00:00:00.000Z');
  });

  test('an endpoint re-registered with another token meanwhile is left alone', () => {
    assert.deepEqual(write.merge(new Map([['tablet', stored('someone-elses-token')]])), []);
  });

  test('an endpoint made INACTIVE meanwhile takes the token but stays INACTIVE', () => {
    const [merged] = write.merge(new Map([['tablet', stored('old-token', { EndpointStatus: 'INACTIVE' })]]));
    assert.equal(merged!.Address, 'new-token');
    assert.equal(merged!.EndpointStatus, 'INACTIVE');
  });

  test('an endpoint moved to another channel meanwhile is left alone', () => {
    assert.deepEqual(write.merge(new Map([['tablet', stored('old-token', { ChannelType: 'APNS' })]])), []);
  });

  test('a deleted endpoint is not re-created', () => {
    assert.deepEqual(write.merge(new Map()), []);
  });
});

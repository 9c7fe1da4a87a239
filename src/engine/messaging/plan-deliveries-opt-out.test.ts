import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import { recipientsOf } from '../../domain/messages/recipients.ts';
import { planDeliveries } from './plan-deliveries.ts';

function endpoint(Id: string, fields: Partial<StoredEndpoint>): StoredEndpoint {
  return { Id, OptOut: 'NONE', EndpointStatus: 'ACTIVE', EffectiveDate: '2026-11-23T00:00:00.000Z', CreationDate: '2026-11-23T00:00:00.000Z', CohortId: '1', ...fields };
}

test('SMS and voice to a number that replied STOP are OPT_OUT, as bare addresses and as endpoints; other channels are not affected', () => {
  const endpoints = new Map([
    ['phone', endpoint('phone', { ChannelType: 'SMS', Address: '+447700900555' })],
    ['voice', endpoint('voice', { ChannelType: 'VOICE', Address: '+447700900555' })],
    ['other', endpoint('other', { ChannelType: 'SMS', Address: '+447700900556' })],
  ]);
  const recipients = recipientsOf({
    Addresses: { '+447700900555': { ChannelType: 'SMS' }, '+447700900557': { ChannelType: 'SMS' } },
    Endpoints: { phone: {}, voice: {}, other: {} },
  });
  const planned = planDeliveries(recipients, endpoints, new Set(['+447700900555']));
  assert.deepEqual(
    planned.map((p) => [p.channel, p.address, p.refused?.status]),
    [
      ['SMS', '+447700900555', 'OPT_OUT'],
      ['SMS', '+447700900557', undefined],
      ['SMS', '+447700900555', 'OPT_OUT'],
      ['VOICE', '+447700900555', 'OPT_OUT'],
      ['SMS', '+447700900556', undefined],
    ],
  );
  assert.equal(planned[0]!.refused!.statusMessage, 'The number has opted out of messages (it replied STOP)');
  assert.equal(planned[2]!.endpoint?.Id, 'phone');
  // Without the set, nothing is refused for it.
  assert.equal(planDeliveries(recipients, endpoints)[0]!.refused, undefined);
});

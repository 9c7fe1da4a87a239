import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import { recipientsOf } from '../../domain/messages/recipients.ts';
import { planDeliveries } from './plan-deliveries.ts';

function endpoint(Id: string, fields: Partial<StoredEndpoint>): StoredEndpoint {
  return { Id, OptOut: 'NONE', EndpointStatus: 'ACTIVE', EffectiveDate: '2026-11-23T00:00:00.000Z', CreationDate: '2026-11-23T00:00:00.000Z', CohortId: '1', ...fields };
}

test('addresses and endpoints become deliveries in request order, with refusals where Pinpoint refuses', () => {
  const endpoints = new Map([
    ['a', endpoint('a', { ChannelType: 'EMAIL', Address: 'Ada@Example.org' })],
    ['out', endpoint('out', { ChannelType: 'SMS', Address: '+12065550100', OptOut: 'ALL' })],
    ['old', endpoint('old', { ChannelType: 'SMS', Address: '+12065550100', EndpointStatus: 'INACTIVE' })],
    ['bare', endpoint('bare', { ChannelType: 'GCM' })],
  ]);
  const recipients = recipientsOf({
    Addresses: { 'ada@example.org': { ChannelType: 'EMAIL' }, 'not-an-email': { ChannelType: 'EMAIL' } },
    Endpoints: { a: {}, out: {}, old: {}, bare: {}, missing: {} },
  });
  const planned = planDeliveries(recipients, endpoints);
  assert.deepEqual(
    planned.map((p) => [p.channel, p.address, p.refused?.status]),
    [
      ['EMAIL', 'ada@example.org', undefined],
      ['EMAIL', 'not-an-email', 'PERMANENT_FAILURE'],
      ['EMAIL', 'Ada@Example.org', 'DUPLICATE'],
      ['SMS', '+12065550100', 'OPT_OUT'],
      ['SMS', '+12065550100', 'PERMANENT_FAILURE'],
      ['GCM', '', 'PERMANENT_FAILURE'],
      ['', '', 'PERMANENT_FAILURE'],
    ],
  );
  assert.equal(planned[6]!.refused!.statusCode, 404);
  // Error text never quotes the address (personal data).
  assert.doesNotMatch(planned[1]!.refused!.statusMessage, /not-an-email/);
});

test('recipient limits and missing channel types are request-wide errors naming the member', () => {
  assert.throws(() => recipientsOf({}), /at least one recipient/);
  const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`u${i}@example.net`, { ChannelType: 'EMAIL' }]));
  const more = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`e${i}`, {}]));
  assert.throws(() => recipientsOf({ Addresses: many, Endpoints: more }), /101 recipients.*limit is 100/);
  assert.throws(() => recipientsOf({ Addresses: { 'a@example.net': {} } }), (error: Error & { member?: string }) => error.member === 'MessageRequest.Addresses (entry 1).ChannelType');
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressProblem } from './endpoint-address.ts';
import { cohortIdOf } from './cohort-id.ts';
import { endpointIdProblem, endpointPatchProblems } from './endpoint-patch.ts';
import { mergedEndpointProblems, mergeEndpoint } from './merge-endpoint.ts';
import { decideUserLimit } from './user-limit.ts';
import type { StoredEndpoint } from './stored-endpoint.ts';

const t0 = '2026-11-01T00:00:00.000Z';
const t1 = '2026-11-02T00:00:00.000Z';

describe('mergeEndpoint', () => {
  test('a new endpoint gets defaults: ACTIVE, OptOut NONE, dates now, a cohort', () => {
    const endpoint = mergeEndpoint(undefined, 'e1', { ChannelType: 'EMAIL', Address: 'a@example.com' }, t0);
    assert.deepEqual(endpoint, { Id: 'e1', ChannelType: 'EMAIL', Address: 'a@example.com', OptOut: 'NONE', EndpointStatus: 'ACTIVE', EffectiveDate: t0, CreationDate: t0, CohortId: cohortIdOf('e1') });
  });

  test('maps merge by name, nested structures by field, CreationDate and OptOut are kept', () => {
    const stored = mergeEndpoint(undefined, 'e1', {
      Attributes: { a: ['1'], b: ['2'] },
      Metrics: { m: 1 },
      Demographic: { Make: 'Apple', Model: 'iPhone' },
      User: { UserId: 'u', UserAttributes: { n: ['x'] } },
      OptOut: 'ALL',
      EndpointStatus: 'INACTIVE',
    }, t0);
    const updated = mergeEndpoint(stored, 'e1', { Attributes: { b: ['3'], c: ['4'] }, Metrics: { k: 2 }, Demographic: { Model: 'iPad' }, User: { UserAttributes: { o: ['y'] } } }, t1);
    assert.deepEqual(updated.Attributes, { a: ['1'], b: ['3'], c: ['4'] });
    assert.deepEqual(updated.Metrics, { m: 1, k: 2 });
    assert.deepEqual(updated.Demographic, { Make: 'Apple', Model: 'iPad' });
    assert.deepEqual(updated.User, { UserId: 'u', UserAttributes: { n: ['x'], o: ['y'] } });
    assert.equal(updated.CreationDate, t0);
    assert.equal(updated.EffectiveDate, t1);
    assert.equal(updated.OptOut, 'ALL');
    assert.equal(updated.EndpointStatus, 'ACTIVE', 'an update makes the endpoint ACTIVE unless it says otherwise');
  });

  test('an attribute given with no values is removed', () => {
    const stored = mergeEndpoint(undefined, 'e1', { Attributes: { a: ['1'] } }, t0);
    assert.equal(mergeEndpoint(stored, 'e1', { Attributes: { a: [] } }, t1).Attributes, undefined);
  });

  test('the cohort is 0–99 and stable for an id', () => {
    const cohorts = new Set(Array.from({ length: 2000 }, (_, i) => cohortIdOf(`endpoint-${i}`)));
    for (const cohort of cohorts) assert.ok(Number(cohort) >= 0 && Number(cohort) <= 99);
    assert.ok(cohorts.size > 90, 'ids spread over the cohorts');
    assert.equal(cohortIdOf('abc'), cohortIdOf('abc'));
  });

  test('the address is checked against the merged channel; the size against 15 KB', () => {
    const sms = mergeEndpoint(undefined, 'e1', { ChannelType: 'SMS', Address: '+12065550100' }, t0);
    const changed = mergeEndpoint(sms, 'e1', { Address: 'a@example.com' }, t1);
    assert.match(mergedEndpointProblems(changed, 'EndpointRequest').join(), /^EndpointRequest\.Address: is not a phone number in E\.164/);
    const big = mergeEndpoint(undefined, 'e1', { Attributes: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`attr${i}`, ['v'.repeat(90)]])) }, t0);
    assert.match(mergedEndpointProblems(big, 'P').join(), /an endpoint can be at most 15360 bytes/);
  });
});

describe('addressProblem', () => {
  test('E.164 for SMS and VOICE', () => {
    assert.equal(addressProblem('SMS', '+447700900123'), undefined);
    assert.equal(addressProblem('VOICE', '+12065550100'), undefined);
    for (const bad of ['12065550100', '+0123', '+1 206 555 0100', '+1234567890123456']) assert.ok(addressProblem('SMS', bad), bad);
  });
  test('an addr-spec for EMAIL', () => {
    for (const good of ['a@example.com', 'first.last+tag@sub.example.co.uk', '"quoted name"@example.com', 'x@[127.0.0.1]']) assert.equal(addressProblem('EMAIL', good), undefined, good);
    for (const bad of ['Ada <a@example.com>', 'a@', '@example.com', 'a..b@example.com', 'a b@example.com', `${'l'.repeat(65)}@example.com`]) assert.ok(addressProblem('EMAIL', bad), bad);
  });
  test('other channels take any non-empty address', () => {
    assert.equal(addressProblem('GCM', 'token:abc/def'), undefined);
    assert.ok(addressProblem('GCM', ''));
  });
});

describe('endpointPatchProblems', () => {
  test('names each field and limit', () => {
    const problems = endpointPatchProblems({
      OptOut: 'SOME',
      EndpointStatus: 'ON',
      EffectiveDate: 'yesterday',
      Attributes: { ['n'.repeat(51)]: ['v'], ok: ['v'.repeat(101)], many: Array.from({ length: 51 }, () => 'v') },
      Location: { Latitude: 91 },
      User: { UserId: 'a\u0000b' },
    }, 'EndpointRequest');
    const text = problems.join('\n');
    assert.match(text, /EndpointRequest\.OptOut: must be ALL or NONE, got 'SOME'/);
    assert.match(text, /EndpointRequest\.EndpointStatus: must be ACTIVE or INACTIVE/);
    assert.match(text, /EndpointRequest\.EffectiveDate: 'yesterday' is not an ISO-8601 date-time/);
    assert.match(text, /attribute names can be at most 50 characters/);
    assert.match(text, /EndpointRequest\.Attributes\.ok\[0\]: attribute values can be at most 100 characters/);
    assert.match(text, /EndpointRequest\.Attributes\.many: an attribute can have at most 50 values, got 51/);
    assert.match(text, /Location\.Latitude: must be from -90 to 90/);
    assert.match(text, /User\.UserId: must not contain NUL/);
    assert.equal(problems.length, 8);
  });
  test('endpoint ids', () => {
    assert.equal(endpointIdProblem('abc'), undefined);
    assert.ok(endpointIdProblem(' '));
    assert.ok(endpointIdProblem('x'.repeat(257)));
  });
});

describe('decideUserLimit', () => {
  // 14 other endpoints: 10 push (APNS, oldest o0), 4 email.
  const others = Array.from({ length: 14 }, (_, i) => ({ id: `o${i}`, channelType: i < 10 ? 'APNS' : 'EMAIL', effectiveDate: `2026-11-01T00:00:${String(10 + i).padStart(2, '0')}.000Z` }));
  const endpoint = (id: string, channel: string): StoredEndpoint => mergeEndpoint(undefined, id, { ChannelType: channel, User: { UserId: 'u' } }, t0);
  test('up to 15 is fine', () => {
    const e = endpoint('n1', 'EMAIL');
    assert.deepEqual(decideUserLimit('u', others, [e], [e]), { retire: 0, candidates: [] });
  });
  test('a 16th push endpoint retires the push endpoint with the oldest EffectiveDate', () => {
    const a = endpoint('n1', 'GCM');
    const b = endpoint('n2', 'APNS');
    assert.deepEqual(decideUserLimit('u', [...others].reverse(), [a, b], [a, b]), { retire: 1, candidates: ['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8', 'o9'] });
  });
  test('EffectiveDates with other offsets are compared as instants', () => {
    const tokyo = { id: 'tokyo', channelType: 'APNS', effectiveDate: '2030-01-01T08:00:00+09:00' };
    const london = { id: 'london', channelType: 'APNS', effectiveDate: '2029-12-31T23:30:00.000Z' };
    const emails = Array.from({ length: 13 }, (_, i) => ({ id: `e${i}`, channelType: 'EMAIL', effectiveDate: '2020-01-01T00:00:00Z' }));
    const a = endpoint('n1', 'GCM');
    assert.deepEqual(decideUserLimit('u', [london, tokyo, ...emails], [a], [a]), { retire: 1, candidates: ['tokyo', 'london'] });
  });
  test('a 16th endpoint of another channel (PUSH included) is refused', () => {
    for (const channel of ['SMS', 'PUSH', 'EMAIL', 'VOICE', 'CUSTOM', 'IN_APP']) {
      const a = endpoint('n1', 'GCM');
      const b = endpoint('n2', channel);
      const decision = decideUserLimit('u', others, [a, b], [a, b]);
      assert.ok('refuse' in decision && /^Exceeded maximum endpoint per user count: the user would have 16 endpoints; the limit is 15$/.test(decision.refuse), channel);
    }
  });
  test('a 16th push endpoint is refused when the user has no other push endpoint', () => {
    const emails = others.map((other) => ({ ...other, channelType: 'EMAIL' }));
    const a = endpoint('n1', 'GCM');
    const b = endpoint('n2', 'BAIDU');
    const decision = decideUserLimit('u', emails, [a, b], [a, b]);
    assert.ok('refuse' in decision && /no older push endpoint to retire$/.test(decision.refuse));
  });
});

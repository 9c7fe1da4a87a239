import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { importedEndpointId } from './import-row.ts';
import { jsonLineRow } from './json-record.ts';

const origin = { jobId: 'job-1', key: 'imports/file.json' };

function rowOf(value: unknown, line = 1) {
  return jsonLineRow(JSON.stringify(value), origin, line);
}

describe('JSON import line', () => {
  test('an EndpointRequest with Id is the endpoint patch as given', () => {
    const request = {
      Id: 'ep-1',
      ChannelType: 'EMAIL',
      Address: 'a@example.com',
      Attributes: { Ride: ['Bus', 'Train'] },
      Metrics: { Trips: 3 },
      Demographic: { Platform: 'ios', Timezone: 'Europe/Paris' },
      Location: { Country: 'FR', Latitude: 48.8, Longitude: 2.3 },
      User: { UserId: 'user-1', UserAttributes: { Plan: ['gold'] } },
      OptOut: 'NONE',
      EndpointStatus: 'ACTIVE',
      EffectiveDate: '2026-11-01T00:00:00.000Z',
      RequestId: 'r-1',
    };
    const { Id, ...patch } = request;
    assert.deepEqual(rowOf(request, 5), { kind: 'endpoint', line: 5, id: Id, patch });
  });

  test('null members are absent; the members only an export writes are ignored', () => {
    const row = rowOf({ ChannelType: 'SMS', Address: '+12065550100', Demographic: null, ApplicationId: 'x', CohortId: '12', CreationDate: '2026-01-01T00:00:00Z' }, 3);
    assert.deepEqual(row, { kind: 'endpoint', line: 3, id: importedEndpointId(origin, 3), patch: { ChannelType: 'SMS', Address: '+12065550100' } });
  });

  test('members of the wrong type and unknown members fail the row, each named', () => {
    const row = rowOf({
      Id: 'ep-1',
      Address: 12,
      Attributes: { a: 'x', b: ['y', 3] },
      Metrics: { m: '4' },
      Location: { Latitude: '47.6', Planet: 'Earth' },
      User: { UserId: 7, Name: 'n' },
      Channel: 'SMS',
    });
    assert.deepEqual(row, {
      kind: 'invalid',
      line: 1,
      problem: [
        'Address: must be a string',
        'Attributes.a: must be a list of strings',
        'Attributes.b: must be a list of strings',
        'Metrics.m: must be a number',
        'Location.Latitude: must be a number',
        'Location.Planet: is not a member of Location',
        'User.UserId: must be a string',
        'User.Name: is not a member of User',
        'Channel: is not a member of EndpointRequest (with Id)',
      ].join('; '),
    });
  });

  test('a line that is not JSON, or not an object, fails without quoting the line', () => {
    const broken = jsonLineRow('{"Address":"+12065550100",}', origin, 9);
    assert.equal(broken.kind, 'invalid');
    assert.match((broken as { problem: string }).problem, /^is not valid JSON( \(error at character \d+\))?$/);
    assert.doesNotMatch((broken as { problem: string }).problem, /2065550100/);
    assert.deepEqual(jsonLineRow('[1,2]', origin, 2), { kind: 'invalid', line: 2, problem: 'is not a JSON object (each line is one endpoint: {"Id": …, "ChannelType": …, "Address": …})' });
  });

  test('the checks of UpdateEndpoint apply: address checks wait for the merge, the others do not', () => {
    assert.deepEqual(rowOf({ Id: 'ep-1', OptOut: 'SOMETIMES', Attributes: { [''.padEnd(51, 'n')]: ['v'] } }), {
      kind: 'invalid',
      line: 1,
      problem: `OptOut: must be ALL or NONE, got 'SOMETIMES'; Attributes.${''.padEnd(51, 'n')}: attribute names can be at most 50 characters`,
    });
    // An SMS address that is not E.164 is caught when the row is written (it may update a stored endpoint's channel).
    assert.equal(rowOf({ Id: 'ep-1', ChannelType: 'SMS', Address: '12' }).kind, 'endpoint');
  });

  test('a line with only User.UserId names users', () => {
    assert.deepEqual(rowOf({ User: { UserId: 'alice bob' } }, 4), { kind: 'users', line: 4, userIds: ['alice', 'bob'] });
    assert.deepEqual(rowOf({ User: { UserId: ' ' } }, 4), { kind: 'invalid', line: 4, problem: 'User.UserId: names no user' });
  });

  test('an Id that is too long fails the row', () => {
    assert.deepEqual(rowOf({ Id: 'x'.repeat(257) }), { kind: 'invalid', line: 1, problem: 'Id: can be at most 256 characters' });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileCsvHeader, csvRecordRow } from './csv-record.ts';
import type { CsvHeader } from './csv-record.ts';
import { importedEndpointId } from './import-row.ts';

const origin = { jobId: 'job-1', key: 'imports/file.csv' };

function header(names: string): CsvHeader {
  const compiled = compileCsvHeader(names.split(','));
  assert.ok(!('problem' in compiled), `header ${names}: ${'problem' in compiled ? compiled.problem : ''}`);
  return compiled;
}

function row(names: string, values: string, line = 2) {
  return csvRecordRow(header(names), values.split(','), origin, line);
}

describe('CSV header', () => {
  test('names in dot notation, trimmed, a byte-order mark dropped', () => {
    assert.ok(!('problem' in compileCsvHeader(['\uFEFFId', ' ChannelType ', 'Location.Latitude', 'User.UserAttributes.First.Name'])));
  });

  test('an unusable header says why', () => {
    assert.deepEqual(compileCsvHeader(['Address', '']), { problem: 'column 2 of the header has no name' });
    assert.deepEqual(compileCsvHeader(['Address', 'Attributes.']), { problem: "column 2 of the header ('Attributes.') names no attribute after the dot" });
    assert.deepEqual(compileCsvHeader(['Address', 'ChannelType', 'Address']), {
      problem: "column 'Address' appears more than once in the header; only Attributes.<name> and User.UserAttributes.<name> columns can repeat (one value per column)",
    });
    assert.match((compileCsvHeader(['Metrics.a', 'Metrics.a']) as { problem: string }).problem, /'Metrics\.a' appears more than once/);
    assert.match((compileCsvHeader(['+12065550100', 'SMS']) as { problem: string }).problem, /^the first line is not a header: it names no endpoint field/);
  });
});

describe('CSV record', () => {
  test('every documented column lands in its place of the endpoint request', () => {
    const names = 'Id,ChannelType,Address,EffectiveDate,EndpointStatus,OptOut,RequestId,Location.City,Location.Country,Location.Latitude,Location.Longitude,Location.PostalCode,Location.Region,Demographic.AppVersion,Demographic.Locale,Demographic.Make,Demographic.Model,Demographic.ModelVersion,Demographic.Platform,Demographic.PlatformVersion,Demographic.Timezone,Attributes.Color,Metrics.Visits,User.UserId,User.UserAttributes.Plan';
    const values = 'ep-1,SMS,+12065550100,2026-11-01T00:00:00Z,INACTIVE,ALL,req-1,Seattle,US,47.6,-122.3,98101,WA,1.2,en_US,Apple,iPhone,15,ios,17.1,America/Los_Angeles,red,12.5,user-1,gold';
    assert.deepEqual(row(names, values), {
      kind: 'endpoint',
      line: 2,
      id: 'ep-1',
      patch: {
        ChannelType: 'SMS',
        Address: '+12065550100',
        EffectiveDate: '2026-11-01T00:00:00Z',
        EndpointStatus: 'INACTIVE',
        OptOut: 'ALL',
        RequestId: 'req-1',
        Location: { City: 'Seattle', Country: 'US', Latitude: 47.6, Longitude: -122.3, PostalCode: '98101', Region: 'WA' },
        Demographic: { AppVersion: '1.2', Locale: 'en_US', Make: 'Apple', Model: 'iPhone', ModelVersion: '15', Platform: 'ios', PlatformVersion: '17.1', Timezone: 'America/Los_Angeles' },
        Attributes: { Color: ['red'] },
        Metrics: { Visits: 12.5 },
        User: { UserId: 'user-1', UserAttributes: { Plan: ['gold'] } },
      },
    });
  });

  test('a repeated attribute column gives the attribute several values; empty cells are no values', () => {
    const result = row('Id,Attributes.Interest,Attributes.Interest,Attributes.Interest,User.UserAttributes.Tag,User.UserAttributes.Tag,Location.City', 'ep-1,cats,,dogs,a,b,');
    assert.deepEqual(result, { kind: 'endpoint', line: 2, id: 'ep-1', patch: { Attributes: { Interest: ['cats', 'dogs'] }, User: { UserAttributes: { Tag: ['a', 'b'] } } } });
  });

  test('an attribute named __proto__ is an attribute', () => {
    const result = row('Id,Attributes.__proto__', 'ep-1,x');
    assert.equal(result.kind, 'endpoint');
    assert.deepEqual(Object.entries((result as { patch: { Attributes: object } }).patch.Attributes), [['__proto__', ['x']]]);
  });

  test('a row without Id gets an id derived from job, object and line, the same every time', () => {
    const first = row('ChannelType,Address', 'EMAIL,a@example.com', 7);
    const again = row('ChannelType,Address', 'EMAIL,a@example.com', 7);
    assert.equal(first.kind, 'endpoint');
    assert.equal((first as { id: string }).id, importedEndpointId(origin, 7));
    assert.match((first as { id: string }).id, /^[0-9a-f]{32}$/);
    assert.deepEqual(first, again);
    assert.ok(importedEndpointId(origin, 8) > importedEndpointId(origin, 7), 'the ids of one object ascend with the line');
    assert.ok(importedEndpointId(origin, 16) > importedEndpointId(origin, 15));
    assert.notEqual(importedEndpointId({ ...origin, key: 'other.csv' }, 7), importedEndpointId(origin, 7));
  });

  test('a new endpoint (no Id) needs ChannelType and Address', () => {
    assert.deepEqual(row('ChannelType,Address,Attributes.a', 'EMAIL,,x', 3), {
      kind: 'invalid',
      line: 3,
      problem: 'a row without Id defines a new endpoint, which needs ChannelType and Address (missing: Address)',
    });
  });

  test('bad values fail the row, each problem named; addresses are never quoted', () => {
    const result = row('Id,ChannelType,OptOut,Metrics.Visits,Location.Latitude,EffectiveDate', 'ep-1,FAX,MAYBE,many,91,yesterday');
    assert.equal(result.kind, 'invalid');
    assert.equal(
      (result as { problem: string }).problem,
      [
        'Metrics.Visits: is not a number',
        'ChannelType: must be one of PUSH, GCM, APNS, APNS_SANDBOX, APNS_VOIP, APNS_VOIP_SANDBOX, ADM, SMS, VOICE, EMAIL, BAIDU, CUSTOM, IN_APP',
        "OptOut: must be ALL or NONE, got 'MAYBE'",
        "EffectiveDate: 'yesterday' is not an ISO-8601 date-time",
        'Location.Latitude: must be from -90 to 90',
      ].join('; '),
    );
  });

  test('numbers are decimal numbers only', () => {
    for (const text of ['0x10', 'Infinity', 'NaN', '1,5', '1e999', '--1']) {
      const result = csvRecordRow(header('Id,Metrics.m'), ['ep-1', text], origin, 2);
      assert.deepEqual(result, { kind: 'invalid', line: 2, problem: 'Metrics.m: is not a number' }, text);
    }
    assert.deepEqual((row('Id,Metrics.m', 'ep-1,-1.5e3') as { patch: unknown }).patch, { Metrics: { m: -1500 } });
  });

  test('a value in an unknown column fails the row naming the column; an empty one does not', () => {
    assert.deepEqual(row('Id,Channeltype,Colour', 'ep-1,SMS,'), {
      kind: 'invalid',
      line: 2,
      problem:
        "column 'Channeltype' is not an endpoint field (did you mean 'ChannelType'? column names are case-sensitive); the columns an import knows are Id, ChannelType, Address, EffectiveDate, EndpointStatus, OptOut, RequestId, Demographic.<field>, Location.<field>, Attributes.<name>, Metrics.<name>, User.UserId and User.UserAttributes.<name>",
    });
    assert.equal(row('Id,Colour', 'ep-1,').kind, 'endpoint');
  });

  test('a line with more or fewer values than the header has columns fails', () => {
    assert.deepEqual(csvRecordRow(header('Id,Address'), ['a', 'b', 'c'], origin, 4), { kind: 'invalid', line: 4, problem: 'the line has 3 values and the header 2 columns' });
  });

  test('a row with only User.UserId names users, separated by spaces', () => {
    assert.deepEqual(row('User.UserId', 'alice  bob carol'), { kind: 'users', line: 2, userIds: ['alice', 'bob', 'carol'] });
    assert.deepEqual(row('Id,ChannelType,Address,User.UserId', ',,,alice bob'), { kind: 'users', line: 2, userIds: ['alice', 'bob'] });
    // With anything else the row is an endpoint whose user id is the whole text.
    assert.equal(row('Id,User.UserId', 'ep-1,alice bob').kind, 'endpoint');
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContextEntry } from '@aws-sdk/client-iam';
import { contextEntryKeys, identityKeys, simulationKeys } from './simulation-context.ts';

const invalid = (message: string) => ({ code: 'InvalidInput', status: 400, message });

describe('contextEntryKeys', () => {
  test('lowercases names; single types stay strings, list types become arrays', () => {
    const keys = contextEntryKeys([
      { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.2.3'], ContextKeyType: 'ip' },
      { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['Owner', 'Stage'], ContextKeyType: 'stringList' },
      { ContextKeyName: 'x:None', ContextKeyValues: [], ContextKeyType: 'numericList' },
      { ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2024-01-02T03:04:05Z'], ContextKeyType: 'date' },
      { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['TRUE'], ContextKeyType: 'boolean' },
      { ContextKeyName: 'x:Blob', ContextKeyValues: ['aGk='], ContextKeyType: 'binary' },
      { ContextKeyName: 'x:Age', ContextKeyValues: ['1.5e3'], ContextKeyType: 'numeric' },
    ]);
    assert.deepEqual(
      [...keys],
      [
        ['aws:sourceip', '10.1.2.3'],
        ['aws:tagkeys', ['Owner', 'Stage']],
        ['x:none', []],
        ['aws:currenttime', '2024-01-02T03:04:05Z'],
        ['aws:securetransport', 'TRUE'],
        ['x:blob', 'aGk='],
        ['x:age', '1.5e3'],
      ],
    );
    assert.equal(contextEntryKeys(undefined).size, 0);
  });

  test('refuses values the policy engine could not read, naming the key and the type', () => {
    const cases: [ContextEntry, string][] = [
      [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.300'], ContextKeyType: 'ip' }, 'The value 10.0.0.300 for context key aws:SourceIp is not a valid IP address.'],
      [{ ContextKeyName: 'x:n', ContextKeyValues: ['1', 'ten'], ContextKeyType: 'numericList' }, 'The value ten for context key x:n is not a valid number.'],
      [{ ContextKeyName: 'x:b', ContextKeyValues: ['yes'], ContextKeyType: 'boolean' }, 'The value yes for context key x:b is not a valid boolean (true or false).'],
      [{ ContextKeyName: 'x:d', ContextKeyValues: ['tomorrow'], ContextKeyType: 'date' }, 'The value tomorrow for context key x:d is not a valid date (ISO 8601 or epoch seconds).'],
      [{ ContextKeyName: 'x:bin', ContextKeyValues: ['***'], ContextKeyType: 'binary' }, 'The value *** for context key x:bin is not a valid base64-encoded binary value.'],
    ];
    for (const [entry, message] of cases) assert.throws(() => contextEntryKeys([entry]), invalid(message));
  });

  test('refuses entries without a name, a vendor prefix or a type, repeated names and a wrong number of values', () => {
    assert.throws(() => contextEntryKeys([{ ContextKeyValues: ['a'], ContextKeyType: 'string' }]), invalid('ContextEntries.member.1 has no ContextKeyName.'));
    assert.throws(
      () => contextEntryKeys([{ ContextKeyName: 'username', ContextKeyValues: ['a'], ContextKeyType: 'string' }]),
      invalid('Context key username must be prefaced by a vendor, e.g., aws, iam, mobiletargeting.'),
    );
    assert.throws(() => contextEntryKeys([{ ContextKeyName: 'aws:username', ContextKeyValues: ['a'] }]), invalid('Context key aws:username has no ContextKeyType.'));
    assert.throws(
      () =>
        contextEntryKeys([
          { ContextKeyName: 'aws:username', ContextKeyValues: ['a'], ContextKeyType: 'string' },
          { ContextKeyName: 'AWS:UserName', ContextKeyValues: ['b'], ContextKeyType: 'string' },
        ]),
      invalid('Context key AWS:UserName is given more than once (context key names are case-insensitive).'),
    );
    assert.throws(
      () => contextEntryKeys([{ ContextKeyName: 'aws:username', ContextKeyValues: ['a', 'b'], ContextKeyType: 'string' }]),
      invalid('Context key aws:username of type string takes exactly one value, got 2; use stringList for several.'),
    );
    assert.throws(
      () => contextEntryKeys([{ ContextKeyName: 'aws:username', ContextKeyType: 'string' }]),
      invalid('Context key aws:username of type string takes exactly one value, got 0; use stringList for several.'),
    );
  });
});

describe('identityKeys', () => {
  test('a user: name, id, ARN, account, type and tags', () => {
    const keys = identityKeys({ kind: 'user', arn: 'arn:aws:iam::123456789012:user/ops/alice', accountId: '123456789012', name: 'alice', id: 'AIDAEXAMPLE', tags: { Team: 'Blue' } });
    assert.deepEqual(Object.fromEntries(keys), {
      'aws:principalaccount': '123456789012',
      'aws:principalarn': 'arn:aws:iam::123456789012:user/ops/alice',
      'aws:principaltype': 'User',
      'aws:username': 'alice',
      'aws:userid': 'AIDAEXAMPLE',
      'aws:principaltag/team': 'Blue',
    });
  });

  test('a role has no user name and, without a session, no aws:userid; a group only its account', () => {
    const role = identityKeys({ kind: 'role', arn: 'arn:aws:iam::123456789012:role/R', accountId: '123456789012', name: 'R', id: 'AROAEXAMPLE', tags: {} });
    assert.deepEqual(Object.fromEntries(role), { 'aws:principalaccount': '123456789012', 'aws:principalarn': 'arn:aws:iam::123456789012:role/R', 'aws:principaltype': 'AssumedRole' });
    const group = identityKeys({ kind: 'group', arn: 'arn:aws:iam::123456789012:group/G', accountId: '123456789012', name: 'G' });
    assert.deepEqual(Object.fromEntries(group), { 'aws:principalaccount': '123456789012' });
  });

  test('ContextEntries override what the principal implies', () => {
    const keys = simulationKeys({ kind: 'user', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', name: 'alice' }, new Map([['aws:username', 'mallory']]));
    assert.equal(keys.get('aws:username'), 'mallory');
    assert.deepEqual([...simulationKeys(undefined, new Map([['x:y', 'z']]))], [['x:y', 'z']]);
  });
});

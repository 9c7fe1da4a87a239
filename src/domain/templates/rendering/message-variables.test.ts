import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { messageVariables, renderMessagePart } from './index.ts';

function text(source: string, variables: Record<string, unknown>): string {
  const outcome = renderMessagePart(source, variables, { html: false, now: new Date(0), randomUUID: () => 'u' });
  assert.equal(outcome.ok, true, outcome.ok ? '' : outcome.reason);
  return outcome.ok ? outcome.text : '';
}

describe('messageVariables', () => {
  test('the endpoint’s own fields, copied as plain data', () => {
    const endpoint = {
      Id: 'e1', Address: '+15555550100', ChannelType: 'SMS', EffectiveDate: '2019-08-23T10:54:35.220Z', OptOut: 'NONE',
      Attributes: { Plan: ['Gold'] }, Metrics: { Sessions: 3 }, Demographic: { Platform: 'android' },
      Location: { City: 'Lyon', Latitude: 45.8 }, User: { UserId: 'u1', UserAttributes: { FirstName: ['Ana'] } },
    };
    const built = messageVariables({ endpoint });
    assert.deepEqual(built, endpoint);
    assert.notEqual(built.Attributes, endpoint.Attributes);
    assert.equal(text('{{Id}} {{Address}} {{ChannelType}} {{OptOut}} {{Attributes.Plan}} {{Metrics.Sessions}} {{Demographic.Platform}} {{Location.City}} {{User.UserId}} {{User.UserAttributes.FirstName}}', built),
      'e1 +15555550100 SMS NONE Gold 3 android Lyon u1 Ana');
  });

  test('precedence: template defaults < message Substitutions < endpoint fields < recipient Substitutions', () => {
    const built = messageVariables({
      defaultSubstitutions: JSON.stringify({ a: 'default', b: 'default', c: 'default', d: 'default' }),
      messageSubstitutions: { b: ['message'], c: ['message'], d: ['message'] },
      endpoint: { c: 'endpoint', d: 'endpoint' },
      recipientSubstitutions: { d: ['recipient'] },
    });
    assert.deepEqual(built, { a: ['default'], b: ['message'], c: 'endpoint', d: ['recipient'] });
    assert.equal(text('{{a}} {{b}} {{c}} {{d}}', built), 'default message endpoint recipient');
  });

  test('dotted keys address nested variables; objects merge value by value', () => {
    const built = messageVariables({
      endpoint: { Attributes: { Plan: ['Gold'], Team: ['Red'] }, User: { UserAttributes: { FirstName: ['Ana'] } } },
      defaultSubstitutions: JSON.stringify({ 'User.UserAttributes.FirstName': 'friend', 'User.UserAttributes.LastName': 'Customer', 'Attributes.[Favorite Food]': 'pizza' }),
      recipientSubstitutions: { 'Attributes.Team': ['Blue'], Coupon: ['SAVE10'] },
    });
    assert.deepEqual(built, {
      User: { UserAttributes: { FirstName: ['Ana'], LastName: ['Customer'] } },
      Attributes: { 'Favorite Food': ['pizza'], Plan: ['Gold'], Team: ['Blue'] },
      Coupon: ['SAVE10'],
    });
    assert.equal(text('{{User.UserAttributes.FirstName}} {{User.UserAttributes.LastName}} {{Attributes.[Favorite Food]}} {{Attributes.Team}} {{Coupon}}', built),
      'Ana Customer pizza Blue SAVE10');
  });

  test('a default keyed with .[n] sets that item; both {{X}} and {{X.[0]}} show a default', () => {
    const built = messageVariables({ defaultSubstitutions: JSON.stringify({ 'User.UserAttributes.FirstName.[0]': 'friend', Count: 3, Flag: true }) });
    assert.deepEqual(built, { User: { UserAttributes: { FirstName: ['friend'] } }, Count: ['3'], Flag: ['true'] });
    assert.equal(text('{{User.UserAttributes.FirstName}}/{{User.UserAttributes.FirstName.[0]}}/{{Count}}/{{Count.[0]}}', built), 'friend/friend/3/3');
  });

  test('an empty list or a missing value does not hide a default', () => {
    const built = messageVariables({
      defaultSubstitutions: '{"Attributes.Plan":"Basic","Attributes.Team":"None"}',
      endpoint: { Attributes: { Plan: [] } },
      recipientSubstitutions: { 'Attributes.Team': [] },
    });
    assert.equal(text('{{Attributes.Plan}} {{Attributes.Team}}', built), 'Basic None');
  });

  test('DefaultSubstitutions that are absent, not JSON or not an object are ignored', () => {
    for (const defaults of [undefined, '', '   ', 'not json', '{"a":', '[1,2]', '"text"', 'null', '42']) {
      assert.deepEqual(messageVariables({ defaultSubstitutions: defaults, messageSubstitutions: { x: ['1'] } }), { x: ['1'] }, String(defaults));
    }
    assert.deepEqual(messageVariables({ defaultSubstitutions: '{"a":null,"b":{"c":"d"},"e":["f",1,{}]}' }), { e: ['f', '1'] });
  });

  test('the address of an address-based send is the Address variable', () => {
    assert.deepEqual(messageVariables({ address: '+15555550123', messageSubstitutions: { Name: ['Bo'] } }), { Name: ['Bo'], Address: '+15555550123' });
    assert.equal(messageVariables({ address: 'new@example.com', endpoint: { Address: 'old@example.com' } }).Address, 'new@example.com');
  });

  test('only plain data is kept from the endpoint', () => {
    const built = messageVariables({
      endpoint: { Id: 'e1', fn: () => 'x', when: new Date(0), big: 10n, nan: Number.NaN, nested: { ok: 'yes', bad: Symbol('s') } } as Record<string, unknown>,
    });
    assert.deepEqual(built, { Id: 'e1', nested: { ok: 'yes' } });
  });
});

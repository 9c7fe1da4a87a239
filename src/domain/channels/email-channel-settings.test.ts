import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configurationSetProblem, fromAddressProblem, identityProblem } from './email-channel-settings.ts';

describe('FromAddress', () => {
  test('an addr-spec or a display name with an address in angle brackets', () => {
    for (const ok of ['sender@example.com', 'Example Corp <sender@example.com>', '"Example, Corp" <sender@example.com>', '<sender@example.com>', 'first.last+tag@sub.example.org']) {
      assert.equal(fromAddressProblem(ok), undefined, ok);
    }
  });

  test('anything else is refused, naming FromAddress', () => {
    assert.match(fromAddressProblem('')!, /^FromAddress must not be empty/);
    assert.match(fromAddressProblem('sender')!, /^FromAddress is not an email address/);
    assert.match(fromAddressProblem('sender@')!, /^FromAddress is not an email address/);
    assert.match(fromAddressProblem('Name <sender>')!, /^FromAddress is not an email address/);
    assert.match(fromAddressProblem('Bad, Name <sender@example.com>')!, /^FromAddress has a display name/);
    assert.match(fromAddressProblem('Name\r\nBcc: x <sender@example.com>')!, /^FromAddress has a display name/);
  });
});

describe('Identity and ConfigurationSet', () => {
  test('Identity takes any well-formed ARN', () => {
    assert.equal(identityProblem('arn:aws:ses:us-east-1:123456789012:identity/example.com'), undefined);
    assert.match(identityProblem('example.com')!, /^Identity must be an ARN/);
    assert.match(identityProblem('arn:aws:ses:us-east-1:123456789012:')!, /^Identity must be an ARN/);
  });

  test('ConfigurationSet is an SES configuration set name', () => {
    assert.equal(configurationSetProblem('my_set-1'), undefined);
    assert.match(configurationSetProblem('my set')!, /^ConfigurationSet must be/);
    assert.match(configurationSetProblem('x'.repeat(65))!, /^ConfigurationSet must be/);
  });
});

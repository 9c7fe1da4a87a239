import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { IssueList, describeValue, joinPath } from './validation-issues.ts';

describe('describeValue', () => {
  test('quotes strings, numbers, booleans and JSON for the rest', () => {
    assert.equal(describeValue('Name', 'abc'), "'abc'");
    assert.equal(describeValue('Count', 3), "'3'");
    assert.equal(describeValue('Flag', false), "'false'");
    assert.equal(describeValue('Ids', [1, 2]), "'[1,2]'");
    assert.equal(describeValue('Name', null), 'null');
    assert.equal(describeValue('Name', undefined), 'null');
  });

  test('masks members that may hold secrets, by any path segment', () => {
    for (const path of ['SecretAccessKey', 'Password', 'APNSChannelRequest.PrivateKey', 'Credential', 'ApiKey', 'Token', 'NextToken', 'GCMChannelRequest.ServiceJson', 'Otp', 'VerificationCode', 'Certificate', 'Secrets.myKey', 'Credentials[0]']) {
      assert.equal(describeValue(path, 'hunter2'), "'***'", path);
    }
    assert.equal(describeValue('Endpoint.Name', 'visible'), "'visible'");
  });

  test('truncates long values at 64 characters', () => {
    const value = 'x'.repeat(65);
    assert.equal(describeValue('Name', value), `'${'x'.repeat(64)}…'`);
    assert.equal(describeValue('Name', 'y'.repeat(64)), `'${'y'.repeat(64)}'`);
  });
});

describe('IssueList', () => {
  test('one issue is "1 validation error detected" in AWS wording', () => {
    const issues = new IssueList();
    assert.equal(issues.empty, true);
    issues.constraint('Name', 'x', 'Member must have length greater than or equal to 2');
    assert.equal(issues.empty, false);
    assert.equal(
      issues.summary(),
      "1 validation error detected: Value 'x' at 'Name' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
  });

  test('several issues are counted and joined with "; "', () => {
    const issues = new IssueList();
    issues.constraint('A', undefined, 'Member must not be null');
    issues.constraint('Password', 'p', 'Member must have length greater than or equal to 8');
    assert.equal(
      issues.summary(),
      "2 validation errors detected: Value null at 'A' failed to satisfy constraint: Member must not be null; " +
        "Value '***' at 'Password' failed to satisfy constraint: Member must have length greater than or equal to 8",
    );
    assert.deepEqual(issues.issues.map((i) => i.path), ['A', 'Password']);
  });
});

test('joinPath', () => {
  assert.equal(joinPath('', 'Name'), 'Name');
  assert.equal(joinPath('Request', 'Name'), 'Request.Name');
});

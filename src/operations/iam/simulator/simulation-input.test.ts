import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { actionNames, callerArn, checkResourceOwner, pageOf, parseEntityArn, policySourceArn, refuseBoundaryPolicies, resourceArns } from './simulation-input.ts';

const invalid = (message: string) => ({ code: 'InvalidInput', status: 400, message });

describe('entity ARNs', () => {
  test('user, group and role ARNs with and without a path', () => {
    assert.deepEqual(parseEntityArn('arn:aws:iam::123456789012:user/alice'), {
      arn: 'arn:aws:iam::123456789012:user/alice',
      accountId: '123456789012',
      kind: 'user',
      path: '/',
      name: 'alice',
    });
    assert.deepEqual(parseEntityArn('arn:aws:iam::123456789012:role/service/ops/Deployer'), {
      arn: 'arn:aws:iam::123456789012:role/service/ops/Deployer',
      accountId: '123456789012',
      kind: 'role',
      path: '/service/ops/',
      name: 'Deployer',
    });
    assert.equal(parseEntityArn('arn:aws:iam::123456789012:group/devs')?.kind, 'group');
  });

  test('anything else is refused with IAM’s wording', () => {
    for (const arn of [
      'arn:aws:sts::123456789012:assumed-role/R/s',
      'arn:aws:iam::123456789012:policy/p',
      'arn:aws:iam::123456789012:user/',
      'arn:aws:iam::123456789012:root',
      'arn:aws:iam::12345:user/alice',
      'alice',
    ]) {
      assert.throws(() => policySourceArn(arn), invalid(`Invalid Entity Arn: ${arn}`));
    }
  });

  test('a caller must be a user', () => {
    assert.equal(callerArn(undefined), undefined);
    assert.equal(callerArn('arn:aws:iam::123456789012:user/bob')?.name, 'bob');
    assert.throws(
      () => callerArn('arn:aws:iam::123456789012:role/R'),
      invalid('Invalid CallerArn: arn:aws:iam::123456789012:role/R. The simulated caller must be the ARN of an IAM user.'),
    );
  });
});

describe('actions, resources, owner, boundaries', () => {
  test('action names need a service prefix and no wildcard', () => {
    assert.deepEqual(actionNames(['mobiletargeting:GetApp', 'iam:CreateUser']), ['mobiletargeting:GetApp', 'iam:CreateUser']);
    for (const name of ['GetApp', 'mobiletargeting:Get*', 's3:Get Object', ':x']) {
      assert.throws(() => actionNames([name]), invalid(`Action name ${name} is not valid: name one action with its service prefix, e.g. mobiletargeting:GetApp, without wildcards.`));
    }
  });

  test('resources default to *; each must be * or an ARN', () => {
    assert.deepEqual(resourceArns(undefined), ['*']);
    assert.deepEqual(resourceArns([]), ['*']);
    assert.deepEqual(resourceArns(['*', 'arn:aws:s3:::bucket']), ['*', 'arn:aws:s3:::bucket']);
    assert.throws(() => resourceArns(['arn:aws:s3:::b', 'my-bucket']), invalid('ResourceNames are not in a valid ARN format: my-bucket.'));
  });

  test('the resource owner can only be this account', () => {
    checkResourceOwner(undefined, '123456789012');
    checkResourceOwner('123456789012', '123456789012');
    checkResourceOwner('arn:aws:iam::123456789012:root', '123456789012');
    assert.throws(
      () => checkResourceOwner('210987654321', '123456789012'),
      invalid('ResourceOwner 210987654321 is not this account: Pinion simulates only account 123456789012 (give 123456789012 or arn:aws:iam::123456789012:root).'),
    );
  });

  test('permissions boundaries are refused, an empty list is not', () => {
    refuseBoundaryPolicies(undefined);
    refuseBoundaryPolicies([]);
    assert.throws(() => refuseBoundaryPolicies(['{}']), invalid('Pinion does not support permissions boundaries yet (PermissionsBoundaryPolicyInputList)'));
  });
});

describe('pageOf', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  test('pages follow one another through the marker and the last is not truncated', () => {
    const first = pageOf(items, 2, undefined);
    assert.deepEqual(first.items, ['a', 'b']);
    assert.equal(first.IsTruncated, true);
    const second = pageOf(items, 2, first.Marker);
    assert.deepEqual(second.items, ['c', 'd']);
    const third = pageOf(items, 2, second.Marker);
    assert.deepEqual(third, { items: ['e'], IsTruncated: false });
    assert.deepEqual(pageOf(items, undefined, undefined), { items, IsTruncated: false });
  });

  test('a marker this code did not make, or one past the end, is refused', () => {
    const message = (marker: string) => invalid(`Marker ${marker} is not one this simulation returned: repeat the call with the same input and no Marker.`);
    for (const marker of ['garbage!', Buffer.from('0').toString('base64url'), Buffer.from('07').toString('base64url'), Buffer.from('9').toString('base64url')]) {
      assert.throws(() => pageOf(items, 2, marker), message(marker));
    }
  });
});

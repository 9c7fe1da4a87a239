import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadQueryModels } from '../../spec/load-models.ts';
import type { ApiError } from '../api-error.ts';
import { parseFormBody } from './form-params.ts';
import { readQueryRequest } from './read-query-request.ts';

const models = loadQueryModels();

function read(service: 'iam' | 'sts', body: string) {
  return readQueryRequest(models, service, parseFormBody(body));
}

function input(service: 'iam' | 'sts', body: string): Record<string, unknown> {
  const result = read(service, body);
  if (!result.ok) assert.fail(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.input;
}

function failure(service: 'iam' | 'sts', body: string): ApiError {
  const result = read(service, body);
  if (result.ok) assert.fail(`expected an error, got ${JSON.stringify(result.input)}`);
  return result.error;
}

function validation(service: 'iam' | 'sts', body: string): string {
  const error = failure(service, body);
  assert.equal(error.code, 'ValidationError');
  assert.equal(error.status, 400);
  return error.message;
}

describe('readQueryRequest: operation lookup', () => {
  test('finds the operation and reads its members', () => {
    const result = read('iam', 'Action=CreateUser&Version=2010-05-08&UserName=bob&Path=%2Fteam%2F');
    assert.ok(result.ok);
    assert.equal(result.operation.name, 'CreateUser');
    assert.equal(result.operation.service.key, 'iam');
    assert.deepEqual(result.input, { UserName: 'bob', Path: '/team/' });
  });

  test('an operation without members reads as {}', () => {
    assert.deepEqual(input('sts', 'Action=GetCallerIdentity&Version=2011-06-15'), {});
  });

  test('an unknown Action is 400 InvalidAction in AWS wording', () => {
    const error = failure('iam', 'Action=CreateBucket&Version=2010-05-08');
    assert.equal(error.code, 'InvalidAction');
    assert.equal(error.status, 400);
    assert.equal(error.message, 'Could not find operation CreateBucket for version 2010-05-08');
  });

  test('an operation of the other API is not found (STS does not serve CreateUser)', () => {
    assert.equal(failure('sts', 'Action=CreateUser&Version=2011-06-15').message, 'Could not find operation CreateUser for version 2011-06-15');
    assert.equal(failure('iam', 'Action=AssumeRole&Version=2010-05-08').code, 'InvalidAction');
  });

  test('a missing, empty or wrong Version is InvalidAction naming the version, as STS answers', () => {
    assert.equal(failure('sts', 'Action=GetCallerIdentity').message, 'Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED');
    assert.equal(failure('sts', 'Action=GetCallerIdentity&Version=').message, 'Could not find operation GetCallerIdentity for version ');
    assert.equal(failure('sts', 'Action=GetCallerIdentity&Version=2000-01-01').message, 'Could not find operation GetCallerIdentity for version 2000-01-01');
    // The IAM version is not the STS version.
    assert.equal(failure('sts', 'Action=GetCallerIdentity&Version=2010-05-08').code, 'InvalidAction');
  });

  test('a missing or empty Action is InvalidAction with an empty name', () => {
    assert.equal(failure('iam', 'Version=2010-05-08').message, 'Could not find operation  for version 2010-05-08');
    assert.equal(failure('iam', 'Action=&Version=2010-05-08').message, 'Could not find operation  for version 2010-05-08');
  });

  test('Action names are case-sensitive and not inherited from Object.prototype', () => {
    assert.equal(failure('iam', 'Action=createuser&Version=2010-05-08&UserName=bob').code, 'InvalidAction');
    assert.equal(failure('iam', 'Action=constructor&Version=2010-05-08').code, 'InvalidAction');
    assert.equal(failure('iam', 'Action=__proto__&Version=2010-05-08').code, 'InvalidAction');
  });

  test('the first Action and Version win when repeated', () => {
    assert.ok(read('sts', 'Action=GetCallerIdentity&Action=NoSuchAction&Version=2011-06-15').ok);
    assert.ok(read('sts', 'Action=GetCallerIdentity&Version=2011-06-15&Version=2000-01-01').ok);
    assert.equal(failure('sts', 'Action=NoSuchAction&Action=GetCallerIdentity&Version=2011-06-15').code, 'InvalidAction');
  });

  test('parameters the model does not name are ignored', () => {
    assert.deepEqual(input('iam', 'Action=GetUser&Version=2010-05-08&UserName=bob&Unknown=1&UserName.x=2'), { UserName: 'bob' });
  });

  test('accepts a Map of parameters (e.g. from a GET query string)', () => {
    const result = readQueryRequest(models, 'iam', new Map([['Action', 'ListUsers'], ['Version', '2010-05-08'], ['MaxItems', '5']]));
    assert.ok(result.ok);
    assert.deepEqual(result.input, { MaxItems: 5 });
  });

  test('a service without a loaded model is a programming error', () => {
    assert.throws(() => readQueryRequest(new Map(), 'iam', []), /No query model loaded for iam/);
  });
});

describe('readQueryRequest: lists and nested structures', () => {
  test('Name.member.N lists of structures, in index order', () => {
    const body =
      'Action=CreateUser&Version=2010-05-08&UserName=bob' +
      '&Tags.member.2.Key=team&Tags.member.2.Value=core&Tags.member.1.Key=env&Tags.member.1.Value=';
    assert.deepEqual(input('iam', body), {
      UserName: 'bob',
      Tags: [
        { Key: 'env', Value: '' },
        { Key: 'team', Value: 'core' },
      ],
    });
  });

  test('lists of strings', () => {
    const body = 'Action=UntagUser&Version=2010-05-08&UserName=bob&TagKeys.member.1=a&TagKeys.member.2=b%20c';
    assert.deepEqual(input('iam', body), { UserName: 'bob', TagKeys: ['a', 'b c'] });
  });

  test('`Name=` is an empty list, as both SDKs send []', () => {
    assert.deepEqual(input('iam', 'Action=UntagUser&Version=2010-05-08&UserName=bob&TagKeys='), { UserName: 'bob', TagKeys: [] });
  });

  test('a list member that is absent is absent, and reported when required', () => {
    assert.equal(
      validation('iam', 'Action=UntagUser&Version=2010-05-08&UserName=bob'),
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
  });

  test('lists nested in list items (SimulateCustomPolicy context entries)', () => {
    const body =
      'Action=SimulateCustomPolicy&Version=2010-05-08&PolicyInputList.member.1=%7B%7D&ActionNames.member.1=iam%3AGetUser' +
      '&ContextEntries.member.1.ContextKeyName=aws%3Ausername&ContextEntries.member.1.ContextKeyType=stringList' +
      '&ContextEntries.member.1.ContextKeyValues.member.1=a&ContextEntries.member.1.ContextKeyValues.member.2=b' +
      '&ContextEntries.member.2.ContextKeyName=aws%3ASourceIp&ContextEntries.member.2.ContextKeyValues=&MaxItems=10';
    assert.deepEqual(input('iam', body), {
      PolicyInputList: ['{}'],
      ActionNames: ['iam:GetUser'],
      ContextEntries: [
        { ContextKeyName: 'aws:username', ContextKeyValues: ['a', 'b'], ContextKeyType: 'stringList' },
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: [] },
      ],
      MaxItems: 10,
    });
  });

  test('STS AssumeRole: lowercase member names (PolicyArns.member.N.arn), integers, tags', () => {
    const body =
      'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy&RoleSessionName=ci-run' +
      '&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess&DurationSeconds=3600' +
      '&Tags.member.1.Key=project&Tags.member.1.Value=pinion&TransitiveTagKeys.member.1=project';
    assert.deepEqual(input('sts', body), {
      RoleArn: 'arn:aws:iam::123456789012:role/deploy',
      RoleSessionName: 'ci-run',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      DurationSeconds: 3600,
      Tags: [{ Key: 'project', Value: 'pinion' }],
      TransitiveTagKeys: ['project'],
    });
  });

  test('booleans and integers are parsed from text', () => {
    assert.deepEqual(input('iam', 'Action=ListPolicies&Version=2010-05-08&OnlyAttached=true&MaxItems=100&Scope=Local'), {
      OnlyAttached: true,
      MaxItems: 100,
      Scope: 'Local',
    });
    assert.deepEqual(input('iam', 'Action=ListPolicies&Version=2010-05-08&OnlyAttached=false'), { OnlyAttached: false });
  });

  test('policy documents are plain strings, decoded once; + and %2B differ', () => {
    const document = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a+b"}]}';
    const body = `Action=PutUserPolicy&Version=2010-05-08&UserName=bob&PolicyName=p&PolicyDocument=${encodeURIComponent(document)}`;
    assert.equal(input('iam', body).PolicyDocument, document);
    const plus = 'Action=PutUserPolicy&Version=2010-05-08&UserName=bob&PolicyName=p&PolicyDocument=%7B+%22a%22%3A%22b%2Bc%22+%7D';
    assert.equal(input('iam', plus).PolicyDocument, '{ "a":"b+c" }');
  });
});

describe('readQueryRequest: validation errors in IAM wording', () => {
  const createUser = 'Action=CreateUser&Version=2010-05-08';

  test('pattern', () => {
    assert.equal(
      validation('iam', `${createUser}&UserName=bob!`),
      "1 validation error detected: Value 'bob!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  test('required member missing', () => {
    assert.equal(
      validation('iam', createUser),
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    );
  });

  test('string length, min and max', () => {
    // Every constraint is checked, so an empty name fails the pattern too.
    assert.equal(
      validation('iam', `${createUser}&UserName=`),
      "2 validation errors detected: Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    assert.match(
      validation('iam', `${createUser}&UserName=${'a'.repeat(65)}`),
      /^1 validation error detected: Value 'a{64}…' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64$/,
    );
  });

  test('enum', () => {
    assert.equal(
      validation('iam', 'Action=UpdateAccessKey&Version=2010-05-08&AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=Paused'),
      "1 validation error detected: Value 'Paused' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]",
    );
  });

  test('integer range and integer syntax', () => {
    assert.equal(
      validation('iam', 'Action=ListUsers&Version=2010-05-08&MaxItems=0'),
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    assert.equal(
      validation('sts', 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=ok&DurationSeconds=43201'),
      "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
    );
    assert.equal(
      validation('iam', 'Action=ListUsers&Version=2010-05-08&MaxItems=ten'),
      "1 validation error detected: Value 'ten' at 'maxItems' failed to satisfy constraint: Member must be an integer",
    );
    assert.equal(
      validation('iam', 'Action=ListUsers&Version=2010-05-08&MaxItems=1.5'),
      "1 validation error detected: Value '1.5' at 'maxItems' failed to satisfy constraint: Member must be an integer",
    );
  });

  test('boolean syntax', () => {
    assert.equal(
      validation('iam', 'Action=ListPolicies&Version=2010-05-08&OnlyAttached=yes'),
      "1 validation error detected: Value 'yes' at 'onlyAttached' failed to satisfy constraint: Member must be a boolean",
    );
  });

  test('members of list items: position before `member`, lowercase member names', () => {
    assert.equal(
      validation('iam', `${createUser}&UserName=bob&Tags.member.1.Key=ok&Tags.member.2.Key=bad*key&Tags.member.2.Value=v`),
      "2 validation errors detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null; " +
        "Value 'bad*key' at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    );
    assert.equal(
      validation('sts', 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=ok&PolicyArns.member.1.arn=x'),
      "1 validation error detected: Value 'x' at 'policyArns.1.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    );
  });

  test('list items that are scalars', () => {
    assert.equal(
      validation('iam', 'Action=UntagUser&Version=2010-05-08&UserName=bob&TagKeys.member.1='),
      "2 validation errors detected: Value '' at 'tagKeys.1.member' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'tagKeys.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    );
  });

  test('list length', () => {
    const tags = Array.from({ length: 51 }, (_, i) => `&Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=v`).join('');
    assert.match(
      validation('iam', `${createUser}&UserName=bob${tags}`),
      /^1 validation error detected: Value '.*' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/,
    );
  });

  test('every problem is reported, in member order, with the count', () => {
    assert.equal(
      validation('sts', 'Action=AssumeRole&Version=2011-06-15&RoleSessionName=a%20b&DurationSeconds=60'),
      "3 validation errors detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; " +
        "Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900; " +
        "Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    );
  });

  test('a member that may hold a secret is not quoted back', () => {
    assert.equal(
      validation('sts', 'Action=GetSessionToken&Version=2011-06-15&TokenCode=12ab56'),
      "1 validation error detected: Value '***' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*",
    );
  });

  test('policy documents outside the allowed characters fail the model pattern', () => {
    assert.match(
      validation('iam', `Action=CreatePolicy&Version=2010-05-08&PolicyName=p&PolicyDocument=${encodeURIComponent('{"Sid":"\u65e5"}')}`),
      /at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\u0009\\u000A\\u000D\\u0020-\\u00FF\]\+$/,
    );
  });
});

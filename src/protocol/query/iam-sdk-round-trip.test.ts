import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserCommand,
  EntityAlreadyExistsException,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  UntagUserCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import type { SimulateCustomPolicyCommandInput, User } from '@aws-sdk/client-iam';
import { loadQueryModels } from '../../spec/load-models.ts';
import { authErrors } from '../api-error.ts';
import { queryServiceError } from './query-errors.ts';
import { clientConfig, lastInput, startQueryTestServer } from './sdk-test-server.ts';
import type { QueryTestServer } from './sdk-test-server.ts';

/**
 * The real @aws-sdk/client-iam against a server built from this folder's reader and writer:
 * what the SDK serializes must read into the SDK's own input, and what we write must parse into
 * the SDK's output shapes and error classes.
 */

const iamModel = loadQueryModels().get('iam')!;
let server: QueryTestServer;
let iam: IAMClient;

before(async () => {
  server = await startQueryTestServer();
  iam = new IAMClient(clientConfig(server));
});

after(async () => {
  iam.destroy();
  await server.close();
});

const created = new Date('2024-05-06T07:08:09Z');

function user(name: string): User {
  return { Path: '/team/', UserName: name, UserId: `AIDA${name.toUpperCase()}`, Arn: `arn:aws:iam::123456789012:user/team/${name}`, CreateDate: created };
}

describe('IAM via @aws-sdk/client-iam', () => {
  test('CreateUser: the request reads into the SDK input; the User parses with tags and dates', async () => {
    const input = {
      UserName: 'bob',
      Path: '/team/',
      PermissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary',
      Tags: [
        { Key: 'team', Value: 'core platform' },
        { Key: 'cost+center', Value: '' },
      ],
    };
    server.respond = (operation, read) => {
      assert.equal(operation, 'CreateUser');
      return { User: { ...user(String(read.UserName)), Tags: read.Tags } };
    };
    const output = await iam.send(new CreateUserCommand(input));
    assert.deepEqual(lastInput(server), input);
    assert.equal(server.captured.at(-1)!.method, 'POST');
    assert.equal(server.captured.at(-1)!.contentType, 'application/x-www-form-urlencoded');
    assert.deepEqual(output.User, { ...user('bob'), Tags: input.Tags });
    assert.ok(output.User!.CreateDate instanceof Date);
    assert.equal(output.$metadata.httpStatusCode, 200);
    assert.equal(output.$metadata.requestId, `req-${server.captured.length}`);
  });

  test('ListUsers: pagination markers round-trip through the SDK paginator', async () => {
    const marker = 'page 2/+=&<';
    server.respond = (_operation, read) =>
      read.Marker === undefined
        ? { Users: [{ ...user('a'), PasswordLastUsed: new Date('2024-06-01T00:00:00.123Z') }], IsTruncated: true, Marker: marker }
        : { Users: [user('b')], IsTruncated: false };
    const pages = [];
    for await (const page of paginateListUsers({ client: iam, pageSize: 1 }, { PathPrefix: '/team/' })) pages.push(page);
    assert.equal(pages.length, 2);
    assert.deepEqual(pages[0]!.Users, [{ ...user('a'), PasswordLastUsed: new Date('2024-06-01T00:00:00.123Z') }]);
    assert.equal(pages[0]!.IsTruncated, true);
    assert.equal(pages[0]!.Marker, marker);
    assert.deepEqual(pages[1]!.Users, [user('b')]);
    assert.equal(pages[1]!.IsTruncated, false);
    const inputs = server.captured.slice(-2).map((c) => (c.read.ok ? c.read.input : undefined));
    assert.deepEqual(inputs, [
      { PathPrefix: '/team/', MaxItems: 1 },
      { PathPrefix: '/team/', MaxItems: 1, Marker: marker },
    ]);
  });

  test('an empty list in a response parses as []', async () => {
    server.respond = () => ({ AttachedPolicies: [], IsTruncated: false });
    const output = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'bob' }));
    assert.deepEqual(output.AttachedPolicies, []);
  });

  test('an empty list in a request is sent as `Name=` and reads as []', async () => {
    server.respond = () => undefined;
    await iam.send(new UntagUserCommand({ UserName: 'bob', TagKeys: [] }));
    assert.match(server.captured.at(-1)!.body, /(^|&)TagKeys=(&|$)/);
    assert.deepEqual(lastInput(server), { UserName: 'bob', TagKeys: [] });
  });

  test('GetPolicyVersion: the URL-encoded document string arrives unchanged', async () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*', Condition: { StringLike: { 'aws:username': 'a b+c' } } }] };
    const encoded = encodeURIComponent(JSON.stringify(document));
    server.respond = () => ({ PolicyVersion: { Document: encoded, VersionId: 'v2', IsDefaultVersion: true, CreateDate: created } });
    const output = await iam.send(new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::123456789012:policy/p', VersionId: 'v2' }));
    assert.deepEqual(output.PolicyVersion, { Document: encoded, VersionId: 'v2', IsDefaultVersion: true, CreateDate: created });
    assert.deepEqual(JSON.parse(decodeURIComponent(output.PolicyVersion!.Document!)), document);
    assert.deepEqual(lastInput(server), { PolicyArn: 'arn:aws:iam::123456789012:policy/p', VersionId: 'v2' });
  });

  test('PutUserPolicy: a policy document with +, spaces, quotes and Latin-1 reads back exactly', async () => {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Grüße', Effect: 'Allow', Action: 's3:*', Resource: "arn:aws:s3:::a+b c/'x'/%41" }] }, null, 2);
    server.respond = () => undefined;
    await iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'inline', PolicyDocument: document }));
    assert.deepEqual(lastInput(server), { UserName: 'bob', PolicyName: 'inline', PolicyDocument: document });
  });

  test('GetRole: escaped text (markup, quotes, CR/LF, astral characters) parses back unchanged', async () => {
    const description = `a<b>&"c"\t'd'\r\ne 😀`;
    const trust = encodeURIComponent('{"Version":"2012-10-17","Statement":[]}');
    server.respond = () => ({
      Role: { Path: '/', RoleName: 'r', RoleId: 'AROA1', Arn: 'arn:aws:iam::123456789012:role/r', CreateDate: created, AssumeRolePolicyDocument: trust, Description: description, MaxSessionDuration: 3600 },
    });
    const output = await iam.send(new GetRoleCommand({ RoleName: 'r' }));
    assert.equal(output.Role!.Description, description);
    assert.equal(output.Role!.AssumeRolePolicyDocument, trust);
    assert.equal(output.Role!.MaxSessionDuration, 3600);
  });

  test('SimulateCustomPolicy: nested lists and maps both ways', async () => {
    const input: SimulateCustomPolicyCommandInput = {
      PolicyInputList: ['{"Version":"2012-10-17","Statement":[]}', '{}'],
      ActionNames: ['mobiletargeting:GetApp', 'mobiletargeting:GetApps'],
      ResourceArns: ['arn:aws:mobiletargeting:us-east-1:123456789012:apps/a'],
      ContextEntries: [
        { ContextKeyName: 'aws:PrincipalTag/team', ContextKeyValues: ['core', 'web'], ContextKeyType: 'stringList' },
        { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: [], ContextKeyType: 'boolean' },
      ],
      MaxItems: 50,
    };
    const results = [
      {
        EvalActionName: 'mobiletargeting:GetApp',
        EvalResourceName: 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/a',
        EvalDecision: 'allowed' as const,
        MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'user' as const, StartPosition: { Line: 1, Column: 2 }, EndPosition: { Line: 3, Column: 4 } }],
        MissingContextValues: [],
        EvalDecisionDetails: { IAM: 'allowed' as const },
        ResourceSpecificResults: [
          { EvalResourceName: 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/a', EvalResourceDecision: 'allowed' as const, MatchedStatements: [], MissingContextValues: ['aws:SourceIp'], EvalDecisionDetails: { IAM: 'allowed' as const } },
        ],
      },
      { EvalActionName: 'mobiletargeting:GetApps', EvalResourceName: '*', EvalDecision: 'implicitDeny' as const, MatchedStatements: [], MissingContextValues: ['aws:a', 'aws:b'] },
    ];
    server.respond = () => ({ EvaluationResults: results, IsTruncated: false });
    const output = await iam.send(new SimulateCustomPolicyCommand(input));
    assert.deepEqual(lastInput(server), input);
    assert.deepEqual(output.EvaluationResults, results);
    assert.equal(output.IsTruncated, false);
  });

  test('a modelled error raises its SDK exception class with message, status and request id', async () => {
    server.respond = () => queryServiceError(iamModel, 'NoSuchEntity', 'The user with name nobody cannot be found.');
    const error = await iam.send(new GetUserCommand({ UserName: 'nobody' })).then(
      () => assert.fail('expected NoSuchEntity'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof NoSuchEntityException);
    assert.equal(error.name, 'NoSuchEntityException');
    assert.equal(error.message, 'The user with name nobody cannot be found.');
    assert.equal(error.$metadata.httpStatusCode, 404);
    assert.equal(error.$metadata.requestId, `req-${server.captured.length}`);
    assert.equal(error.$fault, 'client');

    server.respond = () => queryServiceError(iamModel, 'EntityAlreadyExists', 'User with name bob already exists.');
    await assert.rejects(iam.send(new CreateUserCommand({ UserName: 'bob' })), (e: unknown) => e instanceof EntityAlreadyExistsException && e.$metadata.httpStatusCode === 409);
  });

  test('a front-door failure raises InvalidClientTokenId (403)', async () => {
    server.respond = () => authErrors.unrecognizedClient();
    await assert.rejects(iam.send(new GetUserCommand({})), (e: unknown) => {
      const error = e as Error & { $metadata: { httpStatusCode: number } };
      assert.equal(error.name, 'InvalidClientTokenId');
      assert.equal(error.message, 'The security token included in the request is invalid.');
      assert.equal(error.$metadata.httpStatusCode, 403);
      return true;
    });
  });

  test('a GET with the parameters in the query string is read the same way', async () => {
    server.respond = () => ({ Users: [user('a')], IsTruncated: false });
    const response = await fetch(`${server.endpoint}/?Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fteam%2F&MaxItems=2`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/xml');
    assert.match(await response.text(), /^<ListUsersResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><ListUsersResult><Users><member>/);
    assert.equal(server.captured.at(-1)!.method, 'GET');
    assert.deepEqual(lastInput(server), { PathPrefix: '/team/', MaxItems: 2 });
  });

  test("the reader's validation errors reach the SDK as ValidationError (400)", async () => {
    server.respond = () => assert.fail('not reached');
    await assert.rejects(iam.send(new CreateUserCommand({ UserName: 'bad name' })), (e: unknown) => {
      const error = e as Error & { $metadata: { httpStatusCode: number } };
      assert.equal(error.name, 'ValidationError');
      assert.equal(
        error.message,
        "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      );
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    });
  });
});

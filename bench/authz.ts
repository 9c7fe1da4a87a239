/**
 * `authz` benchmark: what authorization costs per request for an IAM user with 10 attached
 * managed policies of 10 statements each (conditions on source IP, time, resource tags and
 * principal tags, policy variables in resources), against root (which skips evaluation), on the
 * same server in the same run:
 * - the authorization step alone, in process (bench/authz-in-process.ts): p50 of one
 *   Authorizer.authorize() call for the user against root's;
 * - added latency over HTTP: p50 of sequential signed GetApp calls as the user minus the same as root;
 * - throughput: the user's GetApp requests/s under load against the trivial /livez route (the
 *   `api` benchmark's ratio, with this user instead of root).
 */
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import { CreateAppCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { startPinion } from '../test/helpers/server-process.ts';
import { authorizationInProcess } from './authz-in-process.ts';
import { load, type LoadResult } from './load.ts';

/** Statement i of policy p: ten shapes of realistic statements, one of them the one that allows GetApp. */
export function statement(p: number, i: number, accountId: string): Record<string, unknown> {
  const apps = `arn:aws:mobiletargeting:*:${accountId}:apps`;
  switch (i) {
    case 0:
      return { Sid: `ReadOwnTeam${p}`, Effect: 'Allow', Action: ['mobiletargeting:Get*', 'mobiletargeting:List*'], Resource: `${apps}/*`, Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } };
    case 1:
      return { Effect: 'Allow', Action: 'mobiletargeting:UpdateApplicationSettings', Resource: `${apps}/*`, Condition: { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '10.0.0.0/8', '::1/128'] } } };
    case 2:
      return { Effect: 'Deny', Action: 'mobiletargeting:Delete*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/role': 'admin' } } };
    case 3:
      return { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: `arn:aws:mobiletargeting:us-east-1:${accountId}:apps/\${aws:username}-*`, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } };
    case 4:
      return { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '::1/128', '192.0.2.0/24'] } } };
    case 5:
      return { Effect: 'Allow', Action: 'mobiletargeting:TagResource', Resource: '*', Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['team', 'cost-*'] } } };
    case 6:
      return { Effect: 'Allow', Action: ['mobiletargeting:CreateSegment', 'mobiletargeting:UpdateSegment'], Resource: `${apps}/*/segments/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    case 7:
      return { Effect: 'Deny', Action: 'mobiletargeting:SendMessages', Resource: '*', Condition: { NumericGreaterThan: { 'aws:EpochTime': '4102444800' } } };
    case 8:
      return { Effect: 'Allow', Action: 'mobiletargeting:GetCampaign*', Resource: `${apps}/*/campaigns/*`, Condition: { StringLike: { 'aws:userid': 'AIDA*' } } };
    default:
      return { Effect: 'Allow', NotAction: ['mobiletargeting:Delete*', 'iam:*'], Resource: `${apps}/*/journeys/*`, Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${accountId}:user/*` } } };
  }
}

export async function authzBenchmark(options: { seconds: number; concurrency: number }): Promise<Record<string, unknown>> {
  const server = await startPinion();
  try {
    const accountId = server.accountId;
    const pinpoint = new PinpointClient({ endpoint: server.url, region: server.region, credentials: server.credentials });
    const iam = new IAMClient({ endpoint: server.url, region: server.region, credentials: server.credentials });
    const appId = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'bench', tags: { team: 'bench' } } }))).ApplicationResponse!.Id!;
    await iam.send(new CreateUserCommand({ UserName: 'bench-user', Tags: [{ Key: 'team', Value: 'bench' }] }));
    for (let p = 0; p < 10; p++) {
      const document = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 10 }, (_, i) => statement(p, i, accountId)) });
      const policy = await iam.send(new CreatePolicyCommand({ PolicyName: `bench-${p}`, PolicyDocument: document }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'bench-user', PolicyArn: policy.Policy!.Arn! }));
    }
    await iam.send(new TagUserCommand({ UserName: 'bench-user', Tags: [{ Key: 'role', Value: 'analyst' }] }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-user' }))).AccessKey!;
    pinpoint.destroy();
    iam.destroy();

    const signAs = (credentials: { accessKeyId: string; secretAccessKey: string }) => ({ ...credentials, region: server.region, service: 'mobiletargeting' });
    const user = signAs({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const root = signAs(server.credentials);
    const path = `/v1/apps/${appId}`;
    const common = { url: server.url, seconds: options.seconds };

    // Warm both principals' paths (JIT, caches) before measuring.
    await load({ ...common, seconds: 1, concurrency: 4, path, sign: root });
    await load({ ...common, seconds: 1, concurrency: 4, path, sign: user });
    const rootSequential = await load({ ...common, concurrency: 1, path, sign: root });
    const userSequential = await load({ ...common, concurrency: 1, path, sign: user });
    const baseline = await load({ ...common, concurrency: options.concurrency, path: '/livez' });
    const userLoaded = await load({ ...common, concurrency: options.concurrency, path, sign: user });
    for (const r of [rootSequential, userSequential, baseline, userLoaded]) if (r.errors > 0) throw new Error(`${r.errors} requests failed`);
    const fmt = (r: LoadResult) => ({ rps: Math.round(r.rps), p50Ms: +r.p50Ms.toFixed(3), p99Ms: +r.p99Ms.toFixed(3) });
    return {
      benchmark: 'authz',
      policies: '10 attached managed policies x 10 statements (conditions, variables, resource and principal tags)',
      authorizeCallInProcess: await authorizationInProcess(statement),
      sequential: { root: fmt(rootSequential), user: fmt(userSequential), addedP50Micros: Math.round((userSequential.p50Ms - rootSequential.p50Ms) * 1000), target: '< 50' },
      underLoad: { baseline: { route: 'GET /livez', ...fmt(baseline) }, user: { route: 'GetApp as the user', ...fmt(userLoaded) }, ratio: +(userLoaded.rps / baseline.rps).toFixed(3), target: '>= 0.40' },
    };
  } finally {
    await server.stop();
  }
}

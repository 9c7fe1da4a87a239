// The example policies of the seeds, applied verbatim (placeholders filled in) to real IAM users
// through the IAM API, then exercised with the Pinpoint SDK: each allows what the seed says and
// nothing else. 000's KPI policy, the tag-owner and IP policies are in iam-sdk.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateAppCommand,
  DeleteAppCommand,
  GetAppCommand,
  GetAppsCommand,
  GetApplicationSettingsCommand,
  PinpointClient,
  UpdateApplicationSettingsCommand,
} from '@aws-sdk/client-pinpoint';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';

let server: PinionProcess;
let root: IAMClient;
let rootPinpoint: PinpointClient;
let project: string;
let otherProject: string;
const clients: { destroy(): void }[] = [];

/** The seed's text with its placeholders replaced, exactly as an administrator would. */
function fill(policy: string): string {
  return policy.replaceAll('account-id', testAccountId).replaceAll('accountId', testAccountId).replaceAll('region', 'us-east-1').replaceAll('projectId', project).replaceAll('project-id', project).replaceAll('810c7aab86d42fb2b56c8c966example', project);
}

async function pinpointFor(user: string, policyText: string): Promise<PinpointClient> {
  await root.send(new CreateUserCommand({ UserName: user }));
  await root.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'seed', PolicyDocument: fill(policyText) }));
  const key = (await root.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
  const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
  clients.push(client);
  return client;
}

const denied = (promise: Promise<unknown>) => rejectsWith(promise, 'AccessDeniedException', 403, /is not authorized to perform: mobiletargeting:/);

before(async () => {
  server = await startPinion();
  root = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  rootPinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  clients.push(root, rootPinpoint);
  project = (await rootPinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'project' } }))).ApplicationResponse!.Id!;
  otherProject = (await rootPinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'other' } }))).ApplicationResponse!.Id!;
});

after(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

describe('003: IAM policies for Pinpoint users', () => {
  test('Amazon Pinpoint Administrator: every Pinpoint action, nothing else', async () => {
    const admin = await pinpointFor('pinpoint-admin', `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ "mobiletargeting:*" ], "Resource": "*" } ] }`);
    const created = await admin.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'by-admin' } }));
    await admin.send(new GetAppsCommand({}));
    await admin.send(new DeleteAppCommand({ ApplicationId: created.ApplicationResponse!.Id! }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'pinpoint-admin' }))).AccessKey!;
    const iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
    clients.push(iam);
    await rejectsWith(iam.send(new ListUsersCommand({})), 'AccessDenied', 403, /iam:ListUsers/);
  });

  test('Read-Only Access for all apps: Get* on apps/*', async () => {
    const reader = await pinpointFor('all-apps-reader', `{ "Version": "2012-10-17", "Statement": [ { "Action": [ "mobiletargeting:Get*" ], "Effect": "Allow", "Resource": [ "arn:aws:mobiletargeting:*:account-id:apps/*" ] } ] }`);
    await reader.send(new GetAppCommand({ ApplicationId: project }));
    await reader.send(new GetApplicationSettingsCommand({ ApplicationId: otherProject }));
    // GetApps acts on …:apps, which apps/* does not cover.
    await denied(reader.send(new GetAppsCommand({})));
    await denied(reader.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'nope' } })));
    await denied(reader.send(new UpdateApplicationSettingsCommand({ ApplicationId: project, WriteApplicationSettingsRequest: { CloudWatchMetricsEnabled: true } })));
  });

  test('Read-only access to a specific project', async () => {
    const reader = await pinpointFor('one-project-reader', `{ "Version": "2012-10-17", "Statement": [ { "Action": [ "mobiletargeting:Get*" ], "Effect": "Allow", "Resource": [ "arn:aws:mobiletargeting:region:account-id:apps/project-id" ] } ] }`);
    await reader.send(new GetAppCommand({ ApplicationId: project }));
    await denied(reader.send(new GetAppCommand({ ApplicationId: otherProject })));
    await denied(reader.send(new DeleteAppCommand({ ApplicationId: project })));
  });
});

describe('001: accessing a single project', () => {
  const readOnly = `{
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "ViewProject", "Effect": "Allow", "Action": "mobiletargeting:GetApps", "Resource": "arn:aws:mobiletargeting:region:accountId:*" },
        { "Effect": "Allow", "Action": [ "mobiletargeting:Get*", "mobiletargeting:List*" ],
          "Resource": [ "arn:aws:mobiletargeting:region:accountId:apps/projectId", "arn:aws:mobiletargeting:region:accountId:apps/projectId/*", "arn:aws:mobiletargeting:region:accountId:reports" ] },
        { "Effect": "Allow", "Action": [ "ses:Get*", "kinesis:ListStreams", "firehose:ListDeliveryStreams", "iam:ListRoles", "ses:List*", "sns:ListTopics", "ses:Describe*", "s3:List*" ], "Resource": "*" }
    ]
  }`;
  const limitedWrite = `{
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "LimitedWriteProject", "Effect": "Allow", "Action": "mobiletargeting:GetApps", "Resource": "arn:aws:mobiletargeting:region:accountId:*" },
        { "Effect": "Allow", "Action": [ "mobiletargeting:Get*", "mobiletargeting:List*", "mobiletargeting:Create*", "mobiletargeting:Update*", "mobiletargeting:Put*" ],
          "Resource": [ "arn:aws:mobiletargeting:region:accountId:apps/810c7aab86d42fb2b56c8c966example", "arn:aws:mobiletargeting:region:accountId:apps/810c7aab86d42fb2b56c8c966example/*", "arn:aws:mobiletargeting:region:accountId:reports" ] },
        { "Effect": "Allow", "Action": [ "ses:Get*", "kinesis:ListStreams", "firehose:ListDeliveryStreams", "iam:ListRoles", "ses:List*", "sns:ListTopics", "ses:Describe*", "s3:List*" ], "Resource": "*" }
    ]
  }`;

  test('the single-project read-only policy lists projects and reads only its own', async () => {
    const reader = await pinpointFor('single-project-reader', readOnly);
    const listed = await reader.send(new GetAppsCommand({}));
    assert.ok(listed.ApplicationsResponse!.Item!.some((app) => app.Id === project));
    await reader.send(new GetAppCommand({ ApplicationId: project }));
    await reader.send(new GetApplicationSettingsCommand({ ApplicationId: project }));
    await denied(reader.send(new GetAppCommand({ ApplicationId: otherProject })));
    await denied(reader.send(new UpdateApplicationSettingsCommand({ ApplicationId: project, WriteApplicationSettingsRequest: { CloudWatchMetricsEnabled: true } })));
    // The project itself stays in another region's reach only through that region's ARN.
    const eu = new PinpointClient({ endpoint: server.url, region: 'eu-west-1', credentials: await reader.config.credentials(), maxAttempts: 1 });
    clients.push(eu);
    await denied(eu.send(new GetAppsCommand({})));
  });

  test('the limited-write policy adds, updates and puts, but never deletes', async () => {
    const writer = await pinpointFor('single-project-writer', limitedWrite);
    await writer.send(new UpdateApplicationSettingsCommand({ ApplicationId: project, WriteApplicationSettingsRequest: { QuietTime: { Start: '22:00', End: '07:00' } } }));
    assert.deepEqual((await writer.send(new GetApplicationSettingsCommand({ ApplicationId: project }))).ApplicationSettingsResource!.QuietTime, { Start: '22:00', End: '07:00' });
    await denied(writer.send(new DeleteAppCommand({ ApplicationId: project })));
    await denied(writer.send(new UpdateApplicationSettingsCommand({ ApplicationId: otherProject, WriteApplicationSettingsRequest: { CloudWatchMetricsEnabled: true } })));
    // CreateApp acts on …:apps, outside the project's ARNs.
    await denied(writer.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'new' } })));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadServiceModels } from '../../spec/load-models.ts';
import type { ServiceKey, ServiceModel, Shape } from '../../spec/service-model.ts';
import { shapeOf } from '../../spec/service-model.ts';
import type { OperationAuthorization, TenantScope } from './index.ts';
import {
  actionNames,
  authorizationFor,
  operationActions,
  originationIdentityArn,
  requestTagKeys,
  requestTags,
  resolveResources,
} from './index.ts';
import { scopePlaceholders, templatePlaceholders } from './operation-authorization.ts';

const models = loadServiceModels();
const services: readonly ServiceKey[] = ['pinpoint', 'sms-voice', 'sms-voice-v2'];
const prefixOf: Record<ServiceKey, string> = { pinpoint: 'mobiletargeting', 'sms-voice': 'sms-voice', 'sms-voice-v2': 'sms-voice' };
const scope: TenantScope = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };
const MT = 'arn:aws:mobiletargeting:us-east-1:123456789012:';
const SV = 'arn:aws:sms-voice:us-east-1:123456789012:';

function model(service: ServiceKey): ServiceModel {
  const found = models.get(service);
  assert.ok(found, `model ${service} loads`);
  return found;
}

function entry(service: ServiceKey, operation: string): OperationAuthorization {
  const found = authorizationFor(service, operation);
  assert.ok(found, `${service} ${operation} has an entry`);
  return found;
}

function inputShape(service: ServiceKey, operation: string): Shape {
  const op = model(service).operations.get(operation);
  assert.ok(op, `${service} has operation ${operation}`);
  return op.inputShape === undefined ? { type: 'structure', members: {} } : shapeOf(model(service), op.inputShape);
}

/** The shapes along a dotted member path (list shapes stepped into), or a message saying where it breaks. */
function shapePath(service: ServiceKey, operation: string, path: string): { names: string[]; shapes: Shape[] } | string {
  const svc = model(service);
  let shape = inputShape(service, operation);
  const names: string[] = [];
  const shapes: Shape[] = [];
  for (const key of path.split('.')) {
    if (shape.type === 'list' && shape.member) {
      names.push(shape.member.shape);
      shape = shapeOf(svc, shape.member.shape);
      shapes.push(shape);
    }
    const ref = shape.type === 'structure' ? shape.members?.[key] : undefined;
    if (!ref) return `${service} ${operation}: '${key}' of '${path}' is not a member`;
    names.push(ref.shape);
    shape = shapeOf(svc, ref.shape);
    shapes.push(shape);
  }
  return { names, shapes };
}

function templatesOf(auth: OperationAuthorization): string[] {
  return [...auth.resources, ...(auth.optionalResources ?? [])];
}

function memberPlaceholders(template: string): string[] {
  return templatePlaceholders(template).filter((name) => !scopePlaceholders.includes(name));
}

const every = (fn: (service: ServiceKey, operation: string, auth: OperationAuthorization) => void): void => {
  for (const service of services) {
    for (const [operation, auth] of Object.entries(operationActions[service])) fn(service, operation, auth);
  }
};

describe('operation → IAM action table', () => {
  it('has exactly one entry per operation of each model', () => {
    for (const service of services) {
      const modelOps = [...model(service).operations.keys()].sort();
      const tableOps = Object.keys(operationActions[service]).sort();
      assert.deepEqual(
        tableOps.filter((op) => !modelOps.includes(op)),
        [],
        `${service}: entries for operations the model does not have`,
      );
      assert.deepEqual(
        modelOps.filter((op) => !tableOps.includes(op)),
        [],
        `${service}: operations without an entry`,
      );
    }
    // 122 Pinpoint operations and Pinion's four extensions (ListEndpoints, GetSegmentSize, ListOutboxMessages, GetOutboxMessage).
    assert.equal(Object.keys(operationActions.pinpoint).length, 126);
    assert.equal(Object.keys(operationActions['sms-voice']).length, 8);
    assert.equal(Object.keys(operationActions['sms-voice-v2']).length, 106);
  });

  it('names only members of the operation input shape in placeholders and member fields', () => {
    const problems: string[] = [];
    every((service, operation, auth) => {
      const check = (path: string): void => {
        const found = shapePath(service, operation, path);
        if (typeof found === 'string') problems.push(found);
      };
      for (const template of templatesOf(auth)) memberPlaceholders(template).forEach(check);
      for (const path of auth.idOrArnMembers ?? []) check(path);
      if (auth.originationIdentity) {
        check(auth.originationIdentity.member);
        if (auth.originationIdentity.isoCountryCodeMember) check(auth.originationIdentity.isoCountryCodeMember);
      }
      if (auth.resourceArnMember) check(auth.resourceArnMember);
      if (auth.requestTagsPath) check(auth.requestTagsPath);
      if (auth.requestTagKeysPath) check(auth.requestTagKeysPath);
    });
    assert.deepEqual(problems, []);
  });

  it('builds ARNs of its own service, with at most one list member per template, and only list members may be optional', () => {
    const problems: string[] = [];
    every((service, operation, auth) => {
      const arnStart = `arn:\${Partition}:${prefixOf[service]}:\${Region}:\${Account}:`;
      const required = inputShape(service, operation).required ?? [];
      for (const template of templatesOf(auth)) {
        if (template === '*') continue;
        if (template === '${ResourceArn}') {
          if (auth.resourceArnMember !== 'ResourceArn') problems.push(`${operation}: ResourceArn template without resourceArnMember`);
          continue;
        }
        if (!template.startsWith(arnStart) || template.length === arnStart.length) problems.push(`${operation}: ${template}`);
        const listRoots = new Set<string>();
        for (const path of memberPlaceholders(template)) {
          const found = shapePath(service, operation, path);
          if (typeof found === 'string') continue;
          const root = path.split('.')[0]!;
          const rootIsList = found.shapes[0]?.type === 'list';
          if (rootIsList) listRoots.add(root);
          const leaf = found.shapes.at(-1)!;
          if (leaf.type === 'structure' || leaf.type === 'map' || (leaf.type === 'list' && path.includes('.'))) {
            problems.push(`${operation}: ${path} is not a scalar`);
          }
          if (auth.resources.includes(template) && !rootIsList && !required.includes(root)) {
            problems.push(`${operation}: ${path} is optional in ${template}`);
          }
        }
        if (listRoots.size > 1) problems.push(`${operation}: ${template} uses several list members`);
      }
      if (auth.resources.length === 0 && !auth.optionalResources && !auth.originationIdentity) problems.push(`${operation}: no resources`);
    });
    assert.deepEqual(problems, []);
  });

  it('marks exactly the members of …OrArn shapes as id-or-ARN', () => {
    const problems: string[] = [];
    every((service, operation, auth) => {
      const declared = new Set(auth.idOrArnMembers ?? []);
      const used = new Set(templatesOf(auth).flatMap(memberPlaceholders));
      for (const path of used) {
        const found = shapePath(service, operation, path);
        if (typeof found === 'string') continue;
        const leaf = found.shapes.at(-1)!;
        const leafName = leaf.type === 'list' && leaf.member ? leaf.member.shape : found.names.at(-1)!;
        const orArn = leafName.endsWith('OrArn');
        if (orArn !== declared.has(path)) problems.push(`${service} ${operation}: ${path} ${orArn ? 'takes an ARN but is not' : 'is'} marked id-or-ARN`);
      }
      for (const path of declared) if (!used.has(path)) problems.push(`${service} ${operation}: id-or-ARN ${path} is in no template`);
    });
    assert.deepEqual(problems, []);
  });

  it('points tag paths at tags: a map, a list of {Key, Value}, or a list of keys', () => {
    const problems: string[] = [];
    every((service, operation, auth) => {
      if (auth.requestTagsPath) {
        const found = shapePath(service, operation, auth.requestTagsPath);
        const leaf = typeof found === 'string' ? undefined : found.shapes.at(-1);
        const element = leaf?.type === 'list' && leaf.member ? shapeOf(model(service), leaf.member.shape) : undefined;
        const ok = leaf?.type === 'map' || (element?.type === 'structure' && element.members?.Key !== undefined && element.members.Value !== undefined);
        if (!ok) problems.push(`${operation}: ${auth.requestTagsPath}`);
      }
      if (auth.requestTagKeysPath) {
        const found = shapePath(service, operation, auth.requestTagKeysPath);
        const leaf = typeof found === 'string' ? undefined : found.shapes.at(-1);
        if (leaf?.type !== 'list') problems.push(`${operation}: ${auth.requestTagKeysPath}`);
      }
    });
    assert.deepEqual(problems, []);
  });

  it('gives every tag-carrying input a tag path', () => {
    // Any input member (or member of a payload structure) called tags/Tags must be read for aws:RequestTag.
    const problems: string[] = [];
    every((service, operation, auth) => {
      const shape = inputShape(service, operation);
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const member = shapeOf(model(service), ref.shape);
        const paths = name.toLowerCase() === 'tags' ? [name] : [];
        if (member.type === 'structure') {
          for (const inner of Object.keys(member.members ?? {})) if (inner.toLowerCase() === 'tags') paths.push(`${name}.${inner}`);
        }
        for (const path of paths) if (auth.requestTagsPath !== path) problems.push(`${service} ${operation}: ${path}`);
      }
    });
    assert.deepEqual(problems, []);
  });

  it('uses Prefix:PascalCase action names of the right prefix, named after the operation', () => {
    every((service, operation, auth) => {
      const prefix = prefixOf[service];
      // An extension is authorized as the AWS action that reads the same data, or, where no AWS
      // action reads it (the simulator outbox's sent content), as a Pinion action of its own name.
      const extensionActions: Record<string, string> = {
        ListEndpoints: 'mobiletargeting:GetEndpoint',
        GetSegmentSize: 'mobiletargeting:GetSegment',
        ListOutboxMessages: 'mobiletargeting:ListOutboxMessages',
        GetOutboxMessage: 'mobiletargeting:GetOutboxMessage',
      };
      if (model(service).operations.get(operation)?.extension) assert.equal(auth.action, extensionActions[operation]);
      else assert.equal(auth.action, `${prefix}:${operation}`);
      for (const name of actionNames(auth)) {
        assert.match(name, /^[a-z-]+:[A-Z][A-Za-z0-9]*$/, name);
        assert.ok(name.startsWith(`${prefix}:`), name);
      }
    });
  });

  it('is frozen', () => {
    for (const service of services) {
      assert.ok(Object.isFrozen(operationActions[service]));
      for (const auth of Object.values(operationActions[service])) assert.ok(Object.isFrozen(auth));
    }
    assert.ok(Object.isFrozen(operationActions));
  });

  it('answers undefined for names that are not operations', () => {
    assert.equal(authorizationFor('pinpoint', 'NoSuchOperation'), undefined);
    assert.equal(authorizationFor('pinpoint', 'toString'), undefined);
    assert.equal(authorizationFor('pinpoint', 'constructor'), undefined);
    assert.equal(authorizationFor('pinpoint', '__proto__'), undefined);
    assert.equal(authorizationFor('sms-voice', 'DescribePools'), undefined);
  });
});

interface SpotCheck {
  /** Where the expected action and ARN come from. */
  readonly seed: string;
  readonly service: ServiceKey;
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly action: string;
  readonly aliases?: readonly string[];
  readonly resources: readonly string[];
}

const spotChecks: readonly SpotCheck[] = [
  // 001 line 953; 000 line 14 (apps/*/kpis/*).
  { seed: '001:953', service: 'pinpoint', operation: 'GetApplicationDateRangeKpi', input: { ApplicationId: 'abc', KpiName: 'email-open-rate' }, action: 'mobiletargeting:GetApplicationDateRangeKpi', resources: [`${MT}apps/abc/kpis/daterange/email-open-rate`] },
  { seed: '001:961', service: 'pinpoint', operation: 'GetCampaignDateRangeKpi', input: { ApplicationId: 'abc', CampaignId: 'c1', KpiName: 'unique-deliveries' }, action: 'mobiletargeting:GetCampaignDateRangeKpi', resources: [`${MT}apps/abc/campaigns/c1/kpis/daterange/unique-deliveries`] },
  { seed: '001:969', service: 'pinpoint', operation: 'GetJourneyDateRangeKpi', input: { ApplicationId: 'abc', JourneyId: 'j1', KpiName: 'email-open-rate' }, action: 'mobiletargeting:GetJourneyDateRangeKpi', resources: [`${MT}apps/abc/journeys/j1/kpis/daterange/email-open-rate`] },
  { seed: '001:978', service: 'pinpoint', operation: 'GetJourneyExecutionMetrics', input: { ApplicationId: 'abc', JourneyId: 'j1' }, action: 'mobiletargeting:GetJourneyExecutionMetrics', resources: [`${MT}apps/abc/journeys/j1/execution-metrics`] },
  { seed: '001:986', service: 'pinpoint', operation: 'GetJourneyExecutionActivityMetrics', input: { ApplicationId: 'abc', JourneyId: 'j1', JourneyActivityId: 'a1' }, action: 'mobiletargeting:GetJourneyExecutionActivityMetrics', resources: [`${MT}apps/abc/journeys/j1/activities/a1/execution-metrics`] },
  { seed: '001:998', service: 'pinpoint', operation: 'CreateCampaign', input: { ApplicationId: 'abc', WriteCampaignRequest: {} }, action: 'mobiletargeting:CreateCampaign', resources: [`${MT}apps/abc/campaigns`] },
  { seed: '001:1031', service: 'pinpoint', operation: 'GetCampaigns', input: { ApplicationId: 'abc' }, action: 'mobiletargeting:GetCampaigns', resources: [`${MT}apps/abc`] },
  { seed: '001:1039', service: 'pinpoint', operation: 'GetCampaignVersion', input: { ApplicationId: 'abc', CampaignId: 'c1', Version: '3' }, action: 'mobiletargeting:GetCampaignVersion', resources: [`${MT}apps/abc/campaigns/c1`] },
  { seed: '001:1164', service: 'pinpoint', operation: 'DeleteApnsVoipSandboxChannel', input: { ApplicationId: 'abc' }, action: 'mobiletargeting:DeleteApnsVoipSandboxChannel', resources: [`${MT}apps/abc/channels/apns_voip_sandbox`] },
  { seed: '001:1285', service: 'pinpoint', operation: 'GetChannels', input: { ApplicationId: 'abc' }, action: 'mobiletargeting:GetChannels', resources: [`${MT}apps/abc/channels`] },
  { seed: '001:1338', service: 'pinpoint', operation: 'RemoveAttributes', input: { ApplicationId: 'abc', AttributeType: 'endpoint-custom-attributes', UpdateAttributesRequest: {} }, action: 'mobiletargeting:RemoveAttributes', resources: [`${MT}apps/abc/attributes/endpoint-custom-attributes`] },
  { seed: '001:1354', service: 'pinpoint', operation: 'UpdateEndpointsBatch', input: { ApplicationId: 'abc', EndpointBatchRequest: {} }, action: 'mobiletargeting:UpdateEndpointsBatch', resources: [`${MT}apps/abc`] },
  { seed: '001:1383', service: 'pinpoint', operation: 'PutEventStream', input: { ApplicationId: 'abc', WriteEventStream: {} }, action: 'mobiletargeting:PutEventStream', resources: [`${MT}apps/abc/eventstream`] },
  { seed: '001:1395', service: 'pinpoint', operation: 'PutEvents', input: { ApplicationId: 'abc', EventsRequest: {} }, action: 'mobiletargeting:PutEvents', resources: [`${MT}apps/abc/events`] },
  // 001 line 1407; 003 line 374 (older name CreateExportJobs).
  { seed: '001:1407', service: 'pinpoint', operation: 'CreateExportJob', input: { ApplicationId: 'abc', ExportJobRequest: {} }, action: 'mobiletargeting:CreateExportJob', aliases: ['mobiletargeting:CreateExportJobs'], resources: [`${MT}apps/abc/jobs/export`] },
  { seed: '001:1436', service: 'pinpoint', operation: 'CreateImportJob', input: { ApplicationId: 'abc', ImportJobRequest: {} }, action: 'mobiletargeting:CreateImportJob', resources: [`${MT}apps/abc`] },
  { seed: '001:1444', service: 'pinpoint', operation: 'GetImportJob', input: { ApplicationId: 'abc', JobId: 'job1' }, action: 'mobiletargeting:GetImportJob', resources: [`${MT}apps/abc/jobs/import/job1`] },
  { seed: '001:1481', service: 'pinpoint', operation: 'ListJourneys', input: { ApplicationId: 'abc' }, action: 'mobiletargeting:ListJourneys', resources: [`${MT}apps/abc/journeys`] },
  { seed: '001:1498', service: 'pinpoint', operation: 'UpdateJourneyState', input: { ApplicationId: 'abc', JourneyId: 'j1', JourneyStateRequest: {} }, action: 'mobiletargeting:UpdateJourneyState', resources: [`${MT}apps/abc/journeys/j1/state`] },
  { seed: '001:1518', service: 'pinpoint', operation: 'ListTemplates', input: {}, action: 'mobiletargeting:ListTemplates', resources: [`${MT}templates`] },
  { seed: '001:1542', service: 'pinpoint', operation: 'GetEmailTemplate', input: { TemplateName: 'welcome' }, action: 'mobiletargeting:GetEmailTemplate', resources: [`${MT}templates/welcome/EMAIL`] },
  { seed: '001:1552', service: 'pinpoint', operation: 'CreateEmailTemplate', input: { TemplateName: 'welcome', EmailTemplateRequest: {} }, action: 'mobiletargeting:CreateEmailTemplate', resources: [`${MT}templates/welcome/EMAIL`] },
  { seed: '001:1583', service: 'pinpoint', operation: 'GetPushTemplate', input: { TemplateName: 'p' }, action: 'mobiletargeting:GetPushTemplate', resources: [`${MT}templates/p/PUSH`] },
  { seed: '001:1691', service: 'pinpoint', operation: 'DeleteVoiceTemplate', input: { TemplateName: 'v' }, action: 'mobiletargeting:DeleteVoiceTemplate', resources: [`${MT}templates/v/VOICE`] },
  { seed: '001:1703', service: 'pinpoint', operation: 'SendMessages', input: { ApplicationId: 'abc', MessageRequest: {} }, action: 'mobiletargeting:SendMessages', resources: [`${MT}apps/abc/messages`] },
  // 001 line 1711 (003 line 428 says users-messages; 001 wins).
  { seed: '001:1711', service: 'pinpoint', operation: 'SendUsersMessages', input: { ApplicationId: 'abc', SendUsersMessageRequest: {} }, action: 'mobiletargeting:SendUsersMessages', resources: [`${MT}apps/abc/messages`] },
  { seed: '001:1724', service: 'pinpoint', operation: 'SendOTPMessage', input: { ApplicationId: 'abc', SendOTPMessageRequestParameters: {} }, action: 'mobiletargeting:SendOTPMessage', resources: [`${MT}apps/abc/otp`] },
  { seed: '001:1732', service: 'pinpoint', operation: 'VerifyOTPMessage', input: { ApplicationId: 'abc', VerifyOTPMessageRequestParameters: {} }, action: 'mobiletargeting:VerifyOTPMessage', resources: [`${MT}apps/abc/verify-otp`] },
  { seed: '001:1744', service: 'pinpoint', operation: 'PhoneNumberValidate', input: { NumberValidateRequest: {} }, action: 'mobiletargeting:PhoneNumberValidate', resources: [`${MT}phone/number/validate`] },
  { seed: '001:1756', service: 'pinpoint', operation: 'CreateApp', input: { CreateApplicationRequest: { Name: 'x' } }, action: 'mobiletargeting:CreateApp', resources: [`${MT}apps`] },
  { seed: '001:1772', service: 'pinpoint', operation: 'GetApp', input: { ApplicationId: 'abc' }, action: 'mobiletargeting:GetApp', resources: [`${MT}apps/abc`] },
  { seed: '001:1780', service: 'pinpoint', operation: 'GetApps', input: {}, action: 'mobiletargeting:GetApps', resources: [`${MT}apps`] },
  { seed: '001:1826', service: 'pinpoint', operation: 'GetRecommenderConfiguration', input: { RecommenderId: 'r1' }, action: 'mobiletargeting:GetRecommenderConfiguration', resources: [`${MT}recommenders/r1`] },
  { seed: '001:1858', service: 'pinpoint', operation: 'CreateSegment', input: { ApplicationId: 'abc', WriteSegmentRequest: {} }, action: 'mobiletargeting:CreateSegment', resources: [`${MT}apps/abc`] },
  { seed: '001:1882', service: 'pinpoint', operation: 'GetSegmentExportJobs', input: { ApplicationId: 'abc', SegmentId: 's1' }, action: 'mobiletargeting:GetSegmentExportJobs', resources: [`${MT}apps/abc/segments/s1/jobs/export`] },
  { seed: '001:1906', service: 'pinpoint', operation: 'GetSegmentVersion', input: { ApplicationId: 'abc', SegmentId: 's1', Version: '2' }, action: 'mobiletargeting:GetSegmentVersion', resources: [`${MT}apps/abc/segments/s1`] },
  { seed: '001:1942', service: 'pinpoint', operation: 'TagResource', input: { ResourceArn: `${MT}apps/abc/segments/s1`, TagsModel: { tags: { team: 'blue' } } }, action: 'mobiletargeting:TagResource', resources: [`${MT}apps/abc/segments/s1`] },
  // 001 line 1962; 003 line 552 (DeleteUser).
  { seed: '001:1962', service: 'pinpoint', operation: 'DeleteUserEndpoints', input: { ApplicationId: 'abc', UserId: 'u1' }, action: 'mobiletargeting:DeleteUserEndpoints', aliases: ['mobiletargeting:DeleteUser'], resources: [`${MT}apps/abc/users/u1`] },
  // 001 line 1970; 003 line 558 (GetUser).
  { seed: '001:1970', service: 'pinpoint', operation: 'GetUserEndpoints', input: { ApplicationId: 'abc', UserId: 'u1' }, action: 'mobiletargeting:GetUserEndpoints', aliases: ['mobiletargeting:GetUser'], resources: [`${MT}apps/abc/users/u1`] },
  // SMS and voice v1: "Not available. Use *."
  { seed: '001:1982', service: 'sms-voice', operation: 'CreateConfigurationSet', input: { ConfigurationSetName: 'cs' }, action: 'sms-voice:CreateConfigurationSet', resources: ['*'] },
  { seed: '001:2031', service: 'sms-voice', operation: 'SendVoiceMessage', input: {}, action: 'sms-voice:SendVoiceMessage', resources: ['*'] },
  // SMS and voice v2.
  { seed: '001:2041-2043', service: 'sms-voice-v2', operation: 'AssociateOriginationIdentity', input: { PoolId: 'pool-1', OriginationIdentity: 'phone-9', IsoCountryCode: 'US' }, action: 'sms-voice:AssociateOriginationIdentity', resources: [`${SV}pool/pool-1`, `${SV}phone-number/phone-9`] },
  { seed: '001:2049', service: 'sms-voice-v2', operation: 'CreateConfigurationSet', input: { ConfigurationSetName: 'cs' }, action: 'sms-voice:CreateConfigurationSet', resources: [`${SV}configuration-set/cs`] },
  { seed: '001:2087', service: 'sms-voice-v2', operation: 'DeleteDefaultSenderId', input: { ConfigurationSetName: 'cs' }, action: 'sms-voice:DeleteDefaultSenderId', resources: [`${SV}configuration-set/cs`] },
  { seed: '001:2118', service: 'sms-voice-v2', operation: 'DeletePool', input: { PoolId: 'pool-1' }, action: 'sms-voice:DeletePool', resources: [`${SV}pool/pool-1`] },
  { seed: '001:2124', service: 'sms-voice-v2', operation: 'DeleteTextMessageSpendLimitOverride', input: {}, action: 'sms-voice:DeleteTextMessageSpendLimitOverride', resources: ['*'] },
  { seed: '001:2161', service: 'sms-voice-v2', operation: 'DescribeOptedOutNumbers', input: { OptOutListName: 'default' }, action: 'sms-voice:DescribeOptedOutNumbers', resources: [`${SV}opt-out-list/default`] },
  { seed: '001:2185', service: 'sms-voice-v2', operation: 'DescribeSenderIds', input: { SenderIds: [{ SenderId: 'ACME', IsoCountryCode: 'GB' }] }, action: 'sms-voice:DescribeSenderIds', resources: [`${SV}sender-id/ACME/GB`] },
  { seed: '001:2234', service: 'sms-voice-v2', operation: 'ReleasePhoneNumber', input: { PhoneNumberId: 'phone-9' }, action: 'sms-voice:ReleasePhoneNumber', resources: [`${SV}phone-number/phone-9`] },
  { seed: '001:2247-2249', service: 'sms-voice-v2', operation: 'SendTextMessage', input: { DestinationPhoneNumber: '+15555550100', OriginationIdentity: 'pool-1' }, action: 'sms-voice:SendTextMessage', resources: [`${SV}pool/pool-1`] },
  { seed: '001:2268', service: 'sms-voice-v2', operation: 'SetDefaultSenderId', input: { ConfigurationSetName: 'cs', SenderId: 'ACME' }, action: 'sms-voice:SetDefaultSenderId', resources: [`${SV}configuration-set/cs`] },
  { seed: '001:2286-2301', service: 'sms-voice-v2', operation: 'TagResource', input: { ResourceArn: `${SV}pool/pool-1`, Tags: [{ Key: 'a', Value: 'b' }] }, action: 'sms-voice:TagResource', resources: [`${SV}pool/pool-1`] },
];

describe('spot checks against the seeds', () => {
  for (const check of spotChecks) {
    it(`${check.service} ${check.operation} (seed ${check.seed})`, () => {
      const auth = entry(check.service, check.operation);
      assert.equal(auth.action, check.action);
      assert.deepEqual(auth.aliases ?? [], check.aliases ?? []);
      assert.deepEqual(resolveResources(auth, check.input, scope), check.resources);
    });
  }

  it('uses the ResourceArn member for Pinpoint tag operations', () => {
    for (const operation of ['TagResource', 'UntagResource', 'ListTagsForResource']) {
      const auth = entry('pinpoint', operation);
      assert.equal(auth.resourceArnMember, 'ResourceArn');
      assert.deepEqual(resolveResources(auth, { ResourceArn: `${MT}templates/t/SMS`, TagKeys: ['k'] }, scope), [`${MT}templates/t/SMS`]);
    }
  });

  it('names only the seeds’ older names as aliases', () => {
    const aliased: string[] = [];
    every((_service, _operation, auth) => aliased.push(...(auth.aliases ?? [])));
    assert.deepEqual(aliased.sort(), ['mobiletargeting:CreateExportJobs', 'mobiletargeting:DeleteUser', 'mobiletargeting:GetUser']);
  });
});

describe('resolveResources', () => {
  it('puts the tenant partition, region and account in', () => {
    const cn: TenantScope = { partition: 'aws-cn', region: 'cn-north-1', accountId: '210987654321' };
    assert.deepEqual(resolveResources(entry('pinpoint', 'GetApp'), { ApplicationId: 'abc' }, cn), ['arn:aws-cn:mobiletargeting:cn-north-1:210987654321:apps/abc']);
    assert.deepEqual(resolveResources(entry('sms-voice-v2', 'DeletePool'), { PoolId: 'pool-1' }, cn), ['arn:aws-cn:sms-voice:cn-north-1:210987654321:pool/pool-1']);
  });

  it('inserts values verbatim', () => {
    assert.deepEqual(resolveResources(entry('pinpoint', 'GetEndpoint'), { ApplicationId: 'abc', EndpointId: 'a b/c*' }, scope), [`${MT}apps/abc/endpoints/a b/c*`]);
  });

  it('takes a ListTemplateVersions template type from the URI', () => {
    assert.deepEqual(resolveResources(entry('pinpoint', 'ListTemplateVersions'), { TemplateName: 't', TemplateType: 'SMS' }, scope), [`${MT}templates/t/SMS`]);
  });

  it('uses an id-or-ARN member given as an ARN verbatim, and builds the ARN from an id', () => {
    const other = 'arn:aws:sms-voice:eu-west-1:999999999999:pool/pool-shared';
    assert.deepEqual(resolveResources(entry('sms-voice-v2', 'DeletePool'), { PoolId: other }, scope), [other]);
    assert.deepEqual(resolveResources(entry('sms-voice-v2', 'UpdateSenderId'), { SenderId: `${SV}sender-id/ACME/GB`, IsoCountryCode: 'FR' }, scope), [`${SV}sender-id/ACME/GB`]);
    assert.deepEqual(resolveResources(entry('sms-voice-v2', 'UpdateSenderId'), { SenderId: 'ACME', IsoCountryCode: 'FR' }, scope), [`${SV}sender-id/ACME/FR`]);
  });

  it('does not take an ARN from a member that is not id-or-ARN', () => {
    // Pinpoint ids never are ARNs: a crafted one stays inside the project's ARN.
    const crafted = `${MT}apps/victim`;
    assert.deepEqual(resolveResources(entry('pinpoint', 'GetApp'), { ApplicationId: crafted }, scope), [`${MT}apps/${crafted}`]);
  });

  it('yields one ARN per element of a list member, ARNs kept verbatim, duplicates dropped', () => {
    const shared = 'arn:aws:sms-voice:us-east-1:999999999999:pool/pool-x';
    assert.deepEqual(resolveResources(entry('sms-voice-v2', 'DescribePools'), { PoolIds: ['pool-1', shared, 'pool-1'] }, scope), [`${SV}pool/pool-1`, shared]);
    assert.deepEqual(
      resolveResources(entry('sms-voice-v2', 'DescribeSenderIds'), { SenderIds: [{ SenderId: 'ACME', IsoCountryCode: 'GB' }, { SenderId: `${SV}sender-id/X/DE`, IsoCountryCode: 'DE' }] }, scope),
      [`${SV}sender-id/ACME/GB`, `${SV}sender-id/X/DE`],
    );
  });

  it('resolves a missing optional member to the nearest parent ARN', () => {
    assert.deepEqual(resolveResources(entry('sms-voice-v2', 'DescribePools'), {}, scope), [`${SV}pool`]);
    assert.deepEqual(resolveResources(entry('sms-voice-v2', 'DescribeConfigurationSets'), { ConfigurationSetNames: [] }, scope), [`${SV}configuration-set`]);
    assert.deepEqual(resolveResources(entry('sms-voice-v2', 'DescribeRegistrations'), { RegistrationIds: null }, scope), [`${SV}registration`]);
    // Within a path: the parent of the missing placeholder.
    const synthetic: OperationAuthorization = { action: 'mobiletargeting:X', resources: ['arn:${Partition}:mobiletargeting:${Region}:${Account}:apps/${ApplicationId}/campaigns/${CampaignId}/kpis'] };
    assert.deepEqual(resolveResources(synthetic, { ApplicationId: 'abc' }, scope), [`${MT}apps/abc/campaigns`]);
    assert.deepEqual(resolveResources(synthetic, { ApplicationId: 'abc', CampaignId: '' }, scope), [`${MT}apps/abc/campaigns`]);
    assert.deepEqual(resolveResources(synthetic, {}, scope), [`${MT}apps`]);
  });

  it("resolves to '*' when no parent is left", () => {
    const bare: OperationAuthorization = { action: 'sms-voice:X', resources: ['arn:${Partition}:sms-voice:${Region}:${Account}:${Name}'] };
    assert.deepEqual(resolveResources(bare, {}, scope), ['*']);
    assert.deepEqual(resolveResources(entry('pinpoint', 'TagResource'), {}, scope), ['*']);
  });

  it('turns scalar non-string values into text and treats objects as missing', () => {
    const synthetic: OperationAuthorization = { action: 'sms-voice:X', resources: ['arn:${Partition}:sms-voice:${Region}:${Account}:thing/${N}/${B}'] };
    assert.deepEqual(resolveResources(synthetic, { N: 7, B: false }, scope), [`${SV}thing/7/false`]);
    assert.deepEqual(resolveResources(synthetic, { N: { nested: 1 }, B: true }, scope), [`${SV}thing`]);
  });

  it('refuses a template with two list members', () => {
    const synthetic: OperationAuthorization = { action: 'sms-voice:X', resources: ['arn:${Partition}:sms-voice:${Region}:${Account}:a/${A}/${B}'] };
    assert.throws(() => resolveResources(synthetic, { A: ['1'], B: ['2'] }, scope), /two list members/);
  });

  it('adds optional resources only when the request names them', () => {
    const requestPhoneNumber = entry('sms-voice-v2', 'RequestPhoneNumber');
    const base = { IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'TOLL_FREE' };
    assert.deepEqual(resolveResources(requestPhoneNumber, base, scope), ['*']);
    assert.deepEqual(resolveResources(requestPhoneNumber, { ...base, PoolId: 'pool-1' }, scope), [`${SV}pool/pool-1`]);
    const sendMedia = entry('sms-voice-v2', 'SendMediaMessage');
    assert.deepEqual(resolveResources(sendMedia, { DestinationPhoneNumber: '+15555550100', OriginationIdentity: 'phone-9' }, scope), [`${SV}phone-number/phone-9`]);
    assert.deepEqual(
      resolveResources(sendMedia, { DestinationPhoneNumber: '+15555550100', OriginationIdentity: 'phone-9', ConfigurationSetName: 'cs', ProtectConfigurationId: 'protect-1' }, scope),
      [`${SV}configuration-set/cs`, `${SV}protect-configuration/protect-1`, `${SV}phone-number/phone-9`],
    );
  });

  it("resolves an SMS send without an origination identity to '*'", () => {
    assert.deepEqual(resolveResources(entry('sms-voice-v2', 'SendTextMessage'), { DestinationPhoneNumber: '+15555550100' }, scope), ['*']);
  });

  it('resolves origination identities by their form', () => {
    const keyword = entry('sms-voice-v2', 'PutKeyword');
    const resolve = (value: string): string[] => resolveResources(keyword, { OriginationIdentity: value, Keyword: 'STOP', KeywordMessage: 'bye' }, scope);
    assert.deepEqual(resolve('pool-1'), [`${SV}pool/pool-1`]);
    assert.deepEqual(resolve('phone-9'), [`${SV}phone-number/phone-9`]);
    assert.deepEqual(resolve(`${SV}phone-number/phone-9`), [`${SV}phone-number/phone-9`]);
    assert.deepEqual(resolve('+12065550100'), [`${SV}phone-number/+12065550100`]);
    assert.deepEqual(resolve('ACME'), [`${SV}sender-id/ACME`]);
    const associate = entry('sms-voice-v2', 'AssociateOriginationIdentity');
    assert.deepEqual(resolveResources(associate, { PoolId: 'pool-1', OriginationIdentity: 'ACME', IsoCountryCode: 'GB' }, scope), [`${SV}pool/pool-1`, `${SV}sender-id/ACME/GB`]);
    assert.deepEqual(resolveResources(associate, { PoolId: 'pool-1', OriginationIdentity: 'ACME' }, scope), [`${SV}pool/pool-1`, `${SV}sender-id/ACME`]);
  });

  it('asks the caller to map an origination identity it can resolve', () => {
    const lookups: string[] = [];
    const options = {
      originationIdentityArn: (value: string): string | undefined => {
        lookups.push(value);
        return value === '+12065550100' ? `${SV}phone-number/phone-9` : undefined;
      },
    };
    const send = entry('sms-voice-v2', 'SendVoiceMessage');
    const input = (origination: string) => ({ DestinationPhoneNumber: '+15555550100', OriginationIdentity: origination });
    assert.deepEqual(resolveResources(send, input('+12065550100'), scope, options), [`${SV}phone-number/phone-9`]);
    assert.deepEqual(resolveResources(send, input('pool-2'), scope, options), [`${SV}pool/pool-2`]);
    assert.deepEqual(resolveResources(send, input(`${SV}pool/pool-3`), scope, options), [`${SV}pool/pool-3`]);
    assert.deepEqual(lookups, ['+12065550100', 'pool-2'], 'an ARN is never looked up');
    assert.equal(originationIdentityArn('phone-1', { partition: 'aws-us-gov', region: 'us-gov-west-1', accountId: '1' }), 'arn:aws-us-gov:sms-voice:us-gov-west-1:1:phone-number/phone-1');
  });
});

describe('requestTags and requestTagKeys', () => {
  it('reads a Pinpoint tag map from its path', () => {
    const createApp = entry('pinpoint', 'CreateApp');
    const input = { CreateApplicationRequest: { Name: 'x', tags: { team: 'blue', Env: 'prod' } } };
    assert.deepEqual(requestTags(createApp, input), { team: 'blue', Env: 'prod' });
    assert.deepEqual(requestTagKeys(createApp, input), ['team', 'Env']);
    assert.deepEqual(requestTags(entry('pinpoint', 'TagResource'), { ResourceArn: 'x', TagsModel: { tags: { a: '1' } } }), { a: '1' });
    assert.deepEqual(requestTags(entry('pinpoint', 'CreateEmailTemplate'), { TemplateName: 't', EmailTemplateRequest: { tags: { a: '' } } }), { a: '' });
  });

  it('reads an SMS Voice v2 tag list', () => {
    const create = entry('sms-voice-v2', 'CreatePool');
    const input = { OriginationIdentity: 'phone-1', MessageType: 'TRANSACTIONAL', Tags: [{ Key: 'team', Value: 'blue' }, { Key: 'cost', Value: '' }] };
    assert.deepEqual(requestTags(create, input), { team: 'blue', cost: '' });
    assert.deepEqual(requestTagKeys(create, input), ['team', 'cost']);
  });

  it('is undefined when the operation takes no tags or the request sent none, and empty when it sent an empty set', () => {
    assert.equal(requestTags(entry('pinpoint', 'GetApp'), { ApplicationId: 'abc' }), undefined);
    assert.equal(requestTagKeys(entry('pinpoint', 'GetApp'), { ApplicationId: 'abc' }), undefined);
    assert.equal(requestTags(entry('pinpoint', 'CreateApp'), { CreateApplicationRequest: { Name: 'x' } }), undefined);
    assert.equal(requestTags(entry('pinpoint', 'CreateApp'), {}), undefined);
    assert.deepEqual(requestTags(entry('pinpoint', 'CreateApp'), { CreateApplicationRequest: { Name: 'x', tags: {} } }), {});
    assert.deepEqual(requestTags(entry('sms-voice-v2', 'CreateOptOutList'), { OptOutListName: 'o', Tags: [] }), {});
  });

  it('skips entries that are not tags and keeps a tag named __proto__ as a tag', () => {
    // An object literal's __proto__ key sets the prototype; the input gets an own property instead.
    const raw: Record<string, unknown> = { ok: 'yes', n: 5 };
    Object.defineProperty(raw, '__proto__', { value: 'x', enumerable: true, configurable: true, writable: true });
    const withProto = requestTags(entry('pinpoint', 'CreateApp'), { CreateApplicationRequest: { tags: raw } });
    assert.deepEqual(Object.keys(withProto ?? {}).sort(), ['__proto__', 'ok']);
    assert.equal(Object.getPrototypeOf(withProto), Object.prototype);
    const list = requestTags(entry('sms-voice-v2', 'TagResource'), { ResourceArn: 'x', Tags: [{ Key: 'a', Value: 'b' }, { Value: 'no key' }, 'junk'] });
    assert.deepEqual(list, { a: 'b' });
  });

  it('reads UntagResource tag keys without values', () => {
    for (const service of ['pinpoint', 'sms-voice-v2'] as const) {
      const untag = entry(service, 'UntagResource');
      const input = { ResourceArn: 'arn:aws:x', TagKeys: ['a', 'b'] };
      assert.equal(requestTags(untag, input), undefined);
      assert.deepEqual(requestTagKeys(untag, input), ['a', 'b']);
    }
  });

  it('returns frozen tags', () => {
    assert.ok(Object.isFrozen(requestTags(entry('pinpoint', 'CreateApp'), { CreateApplicationRequest: { tags: { a: 'b' } } })));
  });
});

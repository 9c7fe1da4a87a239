import type { ActionSpec } from './operation-authorization.ts';
import { defineActions } from './operation-authorization.ts';

/**
 * Amazon Pinpoint (IAM prefix `mobiletargeting`): one entry per operation of
 * spec/pinpoint-2016-12-01.json. Action = operation name unless noted.
 *
 * Sources. Seed 001 ("Amazon Pinpoint API actions", lines 909–1970) gives the resource ARN of 112
 * operations and is followed exactly; seed 000 (line 14–46) confirms the KPI and execution-metric
 * ARNs; seed 003 adds the older action names accepted as aliases (GetUser, DeleteUser at lines
 * 552–562; CreateExportJobs at line 374). The 10 operations 001 has no ARN for (in-app templates and
 * messages, journey runs; ListTemplateVersions and UpdateTemplateActiveVersion, "Not applicable" at
 * 001 lines 1526/1534) follow the Service Authorization Reference for Amazon Pinpoint and are marked
 * `SAR` below.
 *
 * Where 003 and 001 differ, 001 wins: SendUsersMessages is authorized on `apps/<id>/messages`
 * (001 line 1711; 003 line 428 says `users-messages`).
 */

const mt = 'arn:${Partition}:mobiletargeting:${Region}:${Account}:';
const apps = mt + 'apps';
const app = mt + 'apps/${ApplicationId}';
const campaign = app + '/campaigns/${CampaignId}';
const journey = app + '/journeys/${JourneyId}';
const segment = app + '/segments/${SegmentId}';
const recommender = mt + 'recommenders/${RecommenderId}';
const channel = (type: string): string => `${app}/channels/${type}`;
const template = (type: string): string => `${mt}templates/\${TemplateName}/${type}`;

const on = (...resources: string[]): ActionSpec => ({ resources });
const tagged = (tagsPath: string, ...resources: string[]): ActionSpec => ({ resources, requestTagsPath: tagsPath });

export const pinpointActions = defineActions('mobiletargeting', {
  // Analytics and metrics — 001 lines 947–986, 000 line 14.
  GetApplicationDateRangeKpi: on(app + '/kpis/daterange/${KpiName}'),
  GetCampaignDateRangeKpi: on(campaign + '/kpis/daterange/${KpiName}'),
  GetJourneyDateRangeKpi: on(journey + '/kpis/daterange/${KpiName}'),
  GetJourneyExecutionMetrics: on(journey + '/execution-metrics'),
  GetJourneyExecutionActivityMetrics: on(journey + '/activities/${JourneyActivityId}/execution-metrics'),
  // SAR: journey runs are authorized on the journey.
  GetJourneyRuns: on(journey),
  GetJourneyRunExecutionMetrics: on(journey),
  GetJourneyRunExecutionActivityMetrics: on(journey),

  // Campaigns — 001 lines 992–1055.
  CreateCampaign: tagged('WriteCampaignRequest.tags', app + '/campaigns'),
  DeleteCampaign: on(campaign),
  GetCampaign: on(campaign),
  GetCampaignActivities: on(campaign),
  GetCampaigns: on(app),
  GetCampaignVersion: on(campaign),
  GetCampaignVersions: on(campaign),
  UpdateCampaign: tagged('WriteCampaignRequest.tags', campaign),

  // Channels — 001 lines 1061–1310.
  DeleteAdmChannel: on(channel('adm')),
  GetAdmChannel: on(channel('adm')),
  UpdateAdmChannel: on(channel('adm')),
  DeleteApnsChannel: on(channel('apns')),
  GetApnsChannel: on(channel('apns')),
  UpdateApnsChannel: on(channel('apns')),
  DeleteApnsSandboxChannel: on(channel('apns_sandbox')),
  GetApnsSandboxChannel: on(channel('apns_sandbox')),
  UpdateApnsSandboxChannel: on(channel('apns_sandbox')),
  DeleteApnsVoipChannel: on(channel('apns_voip')),
  GetApnsVoipChannel: on(channel('apns_voip')),
  UpdateApnsVoipChannel: on(channel('apns_voip')),
  DeleteApnsVoipSandboxChannel: on(channel('apns_voip_sandbox')),
  GetApnsVoipSandboxChannel: on(channel('apns_voip_sandbox')),
  UpdateApnsVoipSandboxChannel: on(channel('apns_voip_sandbox')),
  DeleteBaiduChannel: on(channel('baidu')),
  GetBaiduChannel: on(channel('baidu')),
  UpdateBaiduChannel: on(channel('baidu')),
  DeleteEmailChannel: on(channel('email')),
  GetEmailChannel: on(channel('email')),
  UpdateEmailChannel: on(channel('email')),
  DeleteGcmChannel: on(channel('gcm')),
  GetGcmChannel: on(channel('gcm')),
  UpdateGcmChannel: on(channel('gcm')),
  DeleteSmsChannel: on(channel('sms')),
  GetSmsChannel: on(channel('sms')),
  UpdateSmsChannel: on(channel('sms')),
  GetChannels: on(app + '/channels'),
  DeleteVoiceChannel: on(channel('voice')),
  GetVoiceChannel: on(channel('voice')),
  UpdateVoiceChannel: on(channel('voice')),

  // Endpoints — 001 lines 1316–1354.
  DeleteEndpoint: on(app + '/endpoints/${EndpointId}'),
  GetEndpoint: on(app + '/endpoints/${EndpointId}'),
  RemoveAttributes: on(app + '/attributes/${AttributeType}'),
  UpdateEndpoint: on(app + '/endpoints/${EndpointId}'),
  UpdateEndpointsBatch: on(app),
  // Pinion extension (spec/pinion-extensions-pinpoint.json): reading endpoints, all of them.
  ListEndpoints: { resources: [app + '/endpoints/*'], action: 'mobiletargeting:GetEndpoint' },
  // SAR: in-app messages for an endpoint are authorized on the project.
  GetInAppMessages: on(app),

  // Event streams and events — 001 lines 1360–1395.
  DeleteEventStream: on(app + '/eventstream'),
  GetEventStream: on(app + '/eventstream'),
  PutEventStream: on(app + '/eventstream'),
  PutEvents: on(app + '/events'),

  // Export and import jobs — 001 lines 1401–1453; 003 line 374 calls CreateExportJob "CreateExportJobs".
  CreateExportJob: { resources: [app + '/jobs/export'], aliases: ['mobiletargeting:CreateExportJobs'] },
  GetExportJob: on(app + '/jobs/export/${JobId}'),
  GetExportJobs: on(app + '/jobs/export'),
  CreateImportJob: on(app),
  GetImportJob: on(app + '/jobs/import/${JobId}'),
  GetImportJobs: on(app),

  // Journeys — 001 lines 1459–1506 (WriteJourneyRequest carries no tags).
  CreateJourney: on(app + '/journeys'),
  GetJourney: on(journey),
  ListJourneys: on(app + '/journeys'),
  UpdateJourney: on(journey),
  UpdateJourneyState: on(journey + '/state'),
  DeleteJourney: on(journey),

  // Message templates — 001 lines 1512–1691; each template operation has a fixed channel type.
  ListTemplates: on(mt + 'templates'),
  // SAR (001: "Not applicable"): the template named by the URI, its type as given.
  ListTemplateVersions: on(mt + 'templates/${TemplateName}/${TemplateType}'),
  UpdateTemplateActiveVersion: on(mt + 'templates/${TemplateName}/${TemplateType}'),
  CreateEmailTemplate: tagged('EmailTemplateRequest.tags', template('EMAIL')),
  GetEmailTemplate: on(template('EMAIL')),
  UpdateEmailTemplate: tagged('EmailTemplateRequest.tags', template('EMAIL')),
  DeleteEmailTemplate: on(template('EMAIL')),
  CreatePushTemplate: tagged('PushNotificationTemplateRequest.tags', template('PUSH')),
  GetPushTemplate: on(template('PUSH')),
  UpdatePushTemplate: tagged('PushNotificationTemplateRequest.tags', template('PUSH')),
  DeletePushTemplate: on(template('PUSH')),
  CreateSmsTemplate: tagged('SMSTemplateRequest.tags', template('SMS')),
  GetSmsTemplate: on(template('SMS')),
  UpdateSmsTemplate: tagged('SMSTemplateRequest.tags', template('SMS')),
  DeleteSmsTemplate: on(template('SMS')),
  CreateVoiceTemplate: tagged('VoiceTemplateRequest.tags', template('VOICE')),
  GetVoiceTemplate: on(template('VOICE')),
  UpdateVoiceTemplate: tagged('VoiceTemplateRequest.tags', template('VOICE')),
  DeleteVoiceTemplate: on(template('VOICE')),
  // SAR: in-app templates, like the others, on templates/<name>/INAPP.
  CreateInAppTemplate: tagged('InAppTemplateRequest.tags', template('INAPP')),
  GetInAppTemplate: on(template('INAPP')),
  UpdateInAppTemplate: tagged('InAppTemplateRequest.tags', template('INAPP')),
  DeleteInAppTemplate: on(template('INAPP')),

  // Messages and one-time passwords — 001 lines 1697–1732.
  SendMessages: on(app + '/messages'),
  SendUsersMessages: on(app + '/messages'),
  SendOTPMessage: on(app + '/otp'),
  VerifyOTPMessage: on(app + '/verify-otp'),

  // Phone number validation — 001 line 1744.
  PhoneNumberValidate: on(mt + 'phone/number/validate'),

  // Projects — 001 lines 1750–1796.
  CreateApp: tagged('CreateApplicationRequest.tags', apps),
  DeleteApp: on(app),
  GetApp: on(app),
  GetApps: on(apps),
  GetApplicationSettings: on(app),
  UpdateApplicationSettings: on(app),

  // Recommender models — 001 lines 1802–1846.
  CreateRecommenderConfiguration: on(mt + 'recommenders'),
  GetRecommenderConfigurations: on(mt + 'recommenders'),
  GetRecommenderConfiguration: on(recommender),
  UpdateRecommenderConfiguration: on(recommender),
  DeleteRecommenderConfiguration: on(recommender),

  // Segments — 001 lines 1852–1922.
  CreateSegment: tagged('WriteSegmentRequest.tags', app),
  DeleteSegment: on(segment),
  GetSegment: on(segment),
  GetSegmentExportJobs: on(segment + '/jobs/export'),
  GetSegments: on(app),
  GetSegmentImportJobs: on(segment),
  GetSegmentVersion: on(segment),
  GetSegmentVersions: on(segment),
  UpdateSegment: tagged('WriteSegmentRequest.tags', segment),
  // Pinion extension (spec/pinion-extensions-pinpoint.json): reading what a segment selects.
  GetSegmentSize: { resources: [segment], action: 'mobiletargeting:GetSegment' },
  // Pinion extension: the simulator outbox. Pinion's own actions (no Pinpoint action reads sent
  // content), so a policy written for Pinpoint grants them only through wildcards.
  ListOutboxMessages: on(app + '/outbox'),
  GetOutboxMessage: on(app + '/outbox/${MessageId}'),

  // Tags — 001 lines 1928–1950 (`arn:aws:mobiletargeting:region:accountId:*`): the ARN the request names.
  ListTagsForResource: { resources: ['${ResourceArn}'], resourceArnMember: 'ResourceArn' },
  TagResource: { resources: ['${ResourceArn}'], resourceArnMember: 'ResourceArn', requestTagsPath: 'TagsModel.tags' },
  UntagResource: { resources: ['${ResourceArn}'], resourceArnMember: 'ResourceArn', requestTagKeysPath: 'TagKeys' },

  // Users — 001 lines 1956–1970; 003 lines 552–562 name them DeleteUser and GetUser.
  DeleteUserEndpoints: { resources: [app + '/users/${UserId}'], aliases: ['mobiletargeting:DeleteUser'] },
  GetUserEndpoints: { resources: [app + '/users/${UserId}'], aliases: ['mobiletargeting:GetUser'] },
});

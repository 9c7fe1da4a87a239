import type { ServiceKey, ServiceModel } from '../spec/service-model.ts';
import { createApp } from './apps/create-app.ts';
import { deleteApp } from './apps/delete-app.ts';
import { getApp } from './apps/get-app.ts';
import { getApplicationSettings } from './apps/get-application-settings.ts';
import { getApps } from './apps/get-apps.ts';
import { updateApplicationSettings } from './apps/update-application-settings.ts';
import { deleteAdmChannel, getAdmChannel, updateAdmChannel } from './channels/adm-channel.ts';
import { apnsChannel, apnsSandboxChannel, apnsVoipChannel, apnsVoipSandboxChannel } from './channels/apns-channels.ts';
import { deleteBaiduChannel, getBaiduChannel, updateBaiduChannel } from './channels/baidu-channel.ts';
import { deleteEmailChannel, getEmailChannel, updateEmailChannel } from './channels/email-channel.ts';
import { deleteGcmChannel, getGcmChannel, updateGcmChannel } from './channels/gcm-channel.ts';
import { getChannels } from './channels/get-channels.ts';
import { deleteSmsChannel, deleteVoiceChannel, getSmsChannel, getVoiceChannel, updateSmsChannel, updateVoiceChannel } from './channels/sms-voice-channels.ts';
import { deleteEndpoint } from './endpoints/delete-endpoint.ts';
import { deleteUserEndpoints } from './endpoints/delete-user-endpoints.ts';
import { getEndpoint } from './endpoints/get-endpoint.ts';
import { getUserEndpoints } from './endpoints/get-user-endpoints.ts';
import { listEndpoints } from './endpoints/list-endpoints.ts';
import { removeAttributes } from './endpoints/remove-attributes.ts';
import { updateEndpoint } from './endpoints/update-endpoint.ts';
import { updateEndpointsBatch } from './endpoints/update-endpoints-batch.ts';
import { putEvents } from './events/put-events.ts';
import { deleteEventStream } from './event-streams/delete-event-stream.ts';
import { getEventStream } from './event-streams/get-event-stream.ts';
import { putEventStream } from './event-streams/put-event-stream.ts';
import { createExportJob } from './jobs/create-export-job.ts';
import { createImportJob } from './jobs/create-import-job.ts';
import { getExportJob, getExportJobs, getImportJob, getImportJobs, getSegmentExportJobs, getSegmentImportJobs } from './jobs/get-jobs.ts';
import type { OperationHandler } from './operation-context.ts';
import { phoneNumberValidate } from './phone/phone-number-validate.ts';
import { sendOtpMessage } from './otp/send-otp-message.ts';
import { verifyOtpMessage } from './otp/verify-otp-message.ts';
import { getOutboxMessage, listOutboxMessages } from './messages/outbox.ts';
import { sendMessages } from './messages/send-messages.ts';
import { sendUsersMessages } from './messages/send-users-messages.ts';
import { createSegment } from './segments/create-segment.ts';
import { deleteSegment } from './segments/delete-segment.ts';
import { getSegment, getSegmentVersion } from './segments/get-segment.ts';
import { getSegmentSize } from './segments/get-segment-size.ts';
import { getSegments, getSegmentVersions } from './segments/get-segments.ts';
import { updateSegment } from './segments/update-segment.ts';
import { listTagsForResource } from './tags/list-tags-for-resource.ts';
import { tagResource } from './tags/tag-resource.ts';
import { untagResource } from './tags/untag-resource.ts';
import { createEmailTemplate, createInAppTemplate, createPushTemplate, createSmsTemplate, createVoiceTemplate } from './templates/create-template.ts';
import { deleteEmailTemplate, deleteInAppTemplate, deletePushTemplate, deleteSmsTemplate, deleteVoiceTemplate } from './templates/delete-template.ts';
import { getEmailTemplate, getInAppTemplate, getPushTemplate, getSmsTemplate, getVoiceTemplate } from './templates/get-template.ts';
import { listTemplateVersions } from './templates/list-template-versions.ts';
import { listTemplates } from './templates/list-templates.ts';
import { updateTemplateActiveVersion } from './templates/update-template-active-version.ts';
import { updateEmailTemplate, updateInAppTemplate, updatePushTemplate, updateSmsTemplate, updateVoiceTemplate } from './templates/update-template.ts';

export type HandlerTable = Readonly<Record<ServiceKey, Readonly<Record<string, OperationHandler>>>>;

/**
 * Every implemented operation, by API and operation name. Anything in a model but not here
 * answers 501 NotImplementedException; docs/compatibility.md is generated from this table.
 */
export const handlerTable: HandlerTable = {
  pinpoint: {
    CreateApp: createApp,
    DeleteApp: deleteApp,
    GetApp: getApp,
    GetApps: getApps,
    GetApplicationSettings: getApplicationSettings,
    UpdateApplicationSettings: updateApplicationSettings,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTagsForResource: listTagsForResource,
    UpdateEndpoint: updateEndpoint,
    UpdateEndpointsBatch: updateEndpointsBatch,
    GetEndpoint: getEndpoint,
    ListEndpoints: listEndpoints,
    DeleteEndpoint: deleteEndpoint,
    RemoveAttributes: removeAttributes,
    GetUserEndpoints: getUserEndpoints,
    DeleteUserEndpoints: deleteUserEndpoints,
    PutEvents: putEvents,
    PutEventStream: putEventStream,
    GetEventStream: getEventStream,
    DeleteEventStream: deleteEventStream,
    CreateSegment: createSegment,
    UpdateSegment: updateSegment,
    DeleteSegment: deleteSegment,
    GetSegment: getSegment,
    GetSegments: getSegments,
    GetSegmentVersion: getSegmentVersion,
    GetSegmentVersions: getSegmentVersions,
    GetSegmentSize: getSegmentSize,
    CreateImportJob: createImportJob,
    GetImportJob: getImportJob,
    GetImportJobs: getImportJobs,
    GetSegmentImportJobs: getSegmentImportJobs,
    CreateExportJob: createExportJob,
    GetExportJob: getExportJob,
    GetExportJobs: getExportJobs,
    GetSegmentExportJobs: getSegmentExportJobs,
    CreateEmailTemplate: createEmailTemplate,
    GetEmailTemplate: getEmailTemplate,
    UpdateEmailTemplate: updateEmailTemplate,
    DeleteEmailTemplate: deleteEmailTemplate,
    CreateSmsTemplate: createSmsTemplate,
    GetSmsTemplate: getSmsTemplate,
    UpdateSmsTemplate: updateSmsTemplate,
    DeleteSmsTemplate: deleteSmsTemplate,
    CreatePushTemplate: createPushTemplate,
    GetPushTemplate: getPushTemplate,
    UpdatePushTemplate: updatePushTemplate,
    DeletePushTemplate: deletePushTemplate,
    CreateVoiceTemplate: createVoiceTemplate,
    GetVoiceTemplate: getVoiceTemplate,
    UpdateVoiceTemplate: updateVoiceTemplate,
    DeleteVoiceTemplate: deleteVoiceTemplate,
    CreateInAppTemplate: createInAppTemplate,
    GetInAppTemplate: getInAppTemplate,
    UpdateInAppTemplate: updateInAppTemplate,
    DeleteInAppTemplate: deleteInAppTemplate,
    ListTemplates: listTemplates,
    ListTemplateVersions: listTemplateVersions,
    UpdateTemplateActiveVersion: updateTemplateActiveVersion,
    GetChannels: getChannels,
    GetEmailChannel: getEmailChannel,
    UpdateEmailChannel: updateEmailChannel,
    DeleteEmailChannel: deleteEmailChannel,
    GetSmsChannel: getSmsChannel,
    UpdateSmsChannel: updateSmsChannel,
    DeleteSmsChannel: deleteSmsChannel,
    GetVoiceChannel: getVoiceChannel,
    UpdateVoiceChannel: updateVoiceChannel,
    DeleteVoiceChannel: deleteVoiceChannel,
    GetApnsChannel: apnsChannel.get,
    UpdateApnsChannel: apnsChannel.update,
    DeleteApnsChannel: apnsChannel.delete,
    GetApnsSandboxChannel: apnsSandboxChannel.get,
    UpdateApnsSandboxChannel: apnsSandboxChannel.update,
    DeleteApnsSandboxChannel: apnsSandboxChannel.delete,
    GetApnsVoipChannel: apnsVoipChannel.get,
    UpdateApnsVoipChannel: apnsVoipChannel.update,
    DeleteApnsVoipChannel: apnsVoipChannel.delete,
    GetApnsVoipSandboxChannel: apnsVoipSandboxChannel.get,
    UpdateApnsVoipSandboxChannel: apnsVoipSandboxChannel.update,
    DeleteApnsVoipSandboxChannel: apnsVoipSandboxChannel.delete,
    GetGcmChannel: getGcmChannel,
    UpdateGcmChannel: updateGcmChannel,
    DeleteGcmChannel: deleteGcmChannel,
    GetBaiduChannel: getBaiduChannel,
    UpdateBaiduChannel: updateBaiduChannel,
    DeleteBaiduChannel: deleteBaiduChannel,
    GetAdmChannel: getAdmChannel,
    UpdateAdmChannel: updateAdmChannel,
    DeleteAdmChannel: deleteAdmChannel,
    SendMessages: sendMessages,
    SendUsersMessages: sendUsersMessages,
    ListOutboxMessages: listOutboxMessages,
    GetOutboxMessage: getOutboxMessage,
    PhoneNumberValidate: phoneNumberValidate,
    SendOTPMessage: sendOtpMessage,
    VerifyOTPMessage: verifyOtpMessage,
  },
  'sms-voice': {},
  'sms-voice-v2': {},
};

/** Refuses to start with a handler for an operation the models do not have (a typo or stale name). */
export function checkHandlerTable(table: HandlerTable, models: ReadonlyMap<ServiceKey, ServiceModel>): void {
  const unknown: string[] = [];
  for (const [key, handlers] of Object.entries(table) as [ServiceKey, Record<string, OperationHandler>][]) {
    const model = models.get(key);
    for (const name of Object.keys(handlers)) {
      if (!model?.operations.has(name)) unknown.push(`${key}:${name}`);
    }
  }
  if (unknown.length > 0) {
    throw new Error(`Handler table names operations that are not in the models: ${unknown.join(', ')}`);
  }
}

import type { ServiceKey, ServiceModel } from '../spec/service-model.ts';
import { createApp } from './apps/create-app.ts';
import { deleteApp } from './apps/delete-app.ts';
import { getApp } from './apps/get-app.ts';
import { getApplicationSettings } from './apps/get-application-settings.ts';
import { getApps } from './apps/get-apps.ts';
import { updateApplicationSettings } from './apps/update-application-settings.ts';
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
import { createSegment } from './segments/create-segment.ts';
import { deleteSegment } from './segments/delete-segment.ts';
import { getSegment, getSegmentVersion } from './segments/get-segment.ts';
import { getSegmentSize } from './segments/get-segment-size.ts';
import { getSegments, getSegmentVersions } from './segments/get-segments.ts';
import { updateSegment } from './segments/update-segment.ts';
import { listTagsForResource } from './tags/list-tags-for-resource.ts';
import { tagResource } from './tags/tag-resource.ts';
import { untagResource } from './tags/untag-resource.ts';

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

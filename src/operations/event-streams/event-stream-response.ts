import type { EventStream } from '@aws-sdk/client-pinpoint';
import type { EventStreamConfig } from '../../storage/event-streams-repository.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

export function toEventStream(stream: EventStreamConfig): EventStream {
  return {
    ApplicationId: stream.applicationId,
    DestinationStreamArn: stream.destinationStreamArn,
    RoleArn: stream.roleArn,
    LastModifiedDate: stream.lastModifiedDate,
    LastUpdatedBy: stream.lastUpdatedBy,
    ...(stream.externalId === undefined ? {} : { ExternalId: stream.externalId }),
  };
}

export function noEventStream(appId: string) {
  return pinpointErrors.notFound(`Application ${appId} has no event stream`);
}

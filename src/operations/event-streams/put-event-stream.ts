import type { PutEventStreamCommandInput, PutEventStreamCommandOutput } from '@aws-sdk/client-pinpoint';
import { parseDestinationStreamArn } from '../../integrations/destination-stream-arn.ts';
import type { EventStreamConfig } from '../../storage/event-streams-repository.ts';
import { requireApp } from '../apps/app-response.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { toEventStream } from './event-stream-response.ts';

/**
 * Creates or replaces the project's event stream. In order: the app must exist (404), the
 * destination must be a Kinesis data stream or Firehose delivery stream ARN (400 naming
 * DestinationStreamArn), and the caller must be allowed iam:PassRole on an existing role of the
 * account (403 AccessDeniedException, or 400 naming RoleArn). Whether the role lets Pinion write to
 * the stream is checked at delivery time, as in Pinpoint: a role that cannot makes the stream
 * UNHEALTHY (see `pinion streams status`), not the request fail.
 */
export const putEventStream: OperationHandler<PutEventStreamCommandInput, Output<PutEventStreamCommandOutput>> = async (input, context) => {
  const app = await requireApp(context, input.ApplicationId!);
  const write = input.WriteEventStream!;
  const destination = parseDestinationStreamArn(write.DestinationStreamArn!);
  if (!destination.ok) throw pinpointErrors.badRequest(destination.problem);
  if (!context.eventStreamAccounts.has(destination.stream.accountId)) {
    throw pinpointErrors.badRequest(
      `DestinationStreamArn: streams of AWS account ${destination.stream.accountId} are not destinations this server delivers to (allowed: ${[...context.eventStreamAccounts].join(', ')}; an operator sets PINION_EVENT_STREAM_ACCOUNTS)`,
    );
  }
  await context.serviceRoles.requirePassRole(context.caller, write.RoleArn!, {
    tenant: context.tenant,
    facts: context.requestFacts,
    badRequest: (message) => pinpointErrors.badRequest(message),
  });
  const stream: EventStreamConfig = {
    applicationId: app.id,
    destinationStreamArn: destination.stream.arn,
    roleArn: write.RoleArn!,
    externalId: undefined,
    lastModifiedDate: context.now().toISOString(),
    lastUpdatedBy: context.caller.arn,
  };
  // The app may have been deleted since it was read: then nothing is stored.
  if (!(await context.repositories.eventStreams.put(context.tenant, stream))) throw pinpointErrors.notFound('Application not found');
  return { EventStream: toEventStream(stream) };
};

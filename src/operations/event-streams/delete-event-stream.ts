import type { DeleteEventStreamCommandInput, DeleteEventStreamCommandOutput } from '@aws-sdk/client-pinpoint';
import { requireApp } from '../apps/app-response.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { noEventStream, toEventStream } from './event-stream-response.ts';

/**
 * Stops streaming: deletes the stream and the records still waiting to be delivered (they were
 * meant for a destination that is no longer configured). Answers with the deleted configuration.
 */
export const deleteEventStream: OperationHandler<DeleteEventStreamCommandInput, Output<DeleteEventStreamCommandOutput>> = async (input, context) => {
  const app = await requireApp(context, input.ApplicationId!);
  const deleted = await context.repositories.eventStreams.delete(context.tenant, app.id);
  if (!deleted) throw noEventStream(app.id);
  return { EventStream: toEventStream(deleted) };
};

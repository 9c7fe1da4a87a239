import type { GetEventStreamCommandInput, GetEventStreamCommandOutput } from '@aws-sdk/client-pinpoint';
import { requireApp } from '../apps/app-response.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { noEventStream, toEventStream } from './event-stream-response.ts';

/** The project's event stream; 404 when the app does not exist or has none. */
export const getEventStream: OperationHandler<GetEventStreamCommandInput, Output<GetEventStreamCommandOutput>> = async (input, context) => {
  const app = await requireApp(context, input.ApplicationId!);
  const stream = await context.repositories.eventStreams.get(context.tenant, app.id);
  if (!stream) throw noEventStream(app.id);
  return { EventStream: toEventStream(stream) };
};

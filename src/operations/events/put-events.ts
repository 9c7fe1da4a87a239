import type { PutEventsCommandInput, PutEventsCommandOutput } from '@aws-sdk/client-pinpoint';
import { endpointLimits } from '../../domain/endpoints/endpoint-limits.ts';
import type { EndpointPatch } from '../../domain/endpoints/endpoint-patch.ts';
import { endpointIdProblem, endpointPatchProblems } from '../../domain/endpoints/endpoint-patch.ts';
import { appEventProblems, eventLimits } from '../../domain/events/app-event.ts';
import type { AppEvent } from '../../domain/events/app-event.ts';
import { requireApp } from '../apps/app-response.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { setOwn } from '../../protocol/validation-issues.ts';
import { writeEventBatch } from './write-event-batch.ts';
import type { EventBatchItem } from './write-event-batch.ts';

const acceptedStatus = { StatusCode: 202, Message: 'Accepted' };

/**
 * Records events and upserts the endpoint each batch item names, in one transaction. Each
 * endpoint and each event gets its own status: a bad event is refused alone; a refused endpoint
 * takes its events with it (they would describe an endpoint that was not written).
 */
export const putEvents: OperationHandler<PutEventsCommandInput, Output<PutEventsCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const batch = Object.entries(input.EventsRequest!.BatchItem!);
  const eventCount = batch.reduce((sum, [, item]) => sum + Object.keys(item.Events ?? {}).length, 0);
  if (batch.length === 0) throw pinpointErrors.badRequest('EventsRequest.BatchItem: must contain at least one endpoint with its events');
  // As UpdateEndpointsBatch: one request upserts at most 100 endpoints.
  if (batch.length > endpointLimits.batchItems) {
    throw pinpointErrors.badRequest(`EventsRequest.BatchItem: a request can name at most ${endpointLimits.batchItems} endpoints, got ${batch.length}`);
  }
  if (eventCount > eventLimits.eventsPerRequest) {
    throw pinpointErrors.badRequest(`EventsRequest: a request can carry at most ${eventLimits.eventsPerRequest} events, got ${eventCount}`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(input.EventsRequest), 'utf8');
  if (bytes > eventLimits.requestBytes) throw pinpointErrors.payloadTooLarge(`EventsRequest: a request can be at most 4 MB of events, got ${bytes} bytes`);
  await requireApp(context, appId);

  const results: Record<string, { EndpointItemResponse: { StatusCode: number; Message: string }; EventsItemResponse: Record<string, { StatusCode: number; Message: string }> }> = {};
  const items: EventBatchItem[] = [];
  for (const [endpointId, item] of batch) {
    const events = Object.entries((item.Events ?? {}) as Record<string, AppEvent>);
    const patch = (item.Endpoint ?? {}) as EndpointPatch;
    const idProblem = endpointIdProblem(endpointId);
    const endpointProblems = idProblem ? [`BatchItem key '${endpointId.slice(0, 64)}': ${idProblem}`] : endpointPatchProblems(patch, 'Endpoint');
    const result: (typeof results)[string] = { EndpointItemResponse: acceptedStatus, EventsItemResponse: {} };
    setOwn(results, endpointId, result);
    if (endpointProblems.length > 0) {
      result.EndpointItemResponse = { StatusCode: 400, Message: endpointProblems.join('; ') };
      for (const [eventId] of events) setOwn(result.EventsItemResponse, eventId, { StatusCode: 400, Message: 'Event not recorded: its endpoint was refused' });
      continue;
    }
    const accepted: [string, AppEvent][] = [];
    for (const [eventId, event] of events) {
      const problems = appEventProblems(event);
      if (problems.length > 0) setOwn(result.EventsItemResponse, eventId, { StatusCode: 400, Message: problems.join('; ') });
      else {
        setOwn(result.EventsItemResponse, eventId, acceptedStatus);
        accepted.push([eventId, event]);
      }
    }
    items.push({ endpointId, patch, events: accepted });
  }

  const refusals = await writeEventBatch(context, appId, items);
  for (const [endpointId, message] of refusals) {
    const result = results[endpointId]!;
    result.EndpointItemResponse = { StatusCode: 400, Message: message };
    for (const eventId of Object.keys(result.EventsItemResponse)) {
      if (result.EventsItemResponse[eventId]!.StatusCode === 202) result.EventsItemResponse[eventId] = { StatusCode: 400, Message: 'Event not recorded: its endpoint was refused' };
    }
  }
  return { EventsResponse: { Results: results } };
};

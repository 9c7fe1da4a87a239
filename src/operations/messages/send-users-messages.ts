import type { EndpointMessageResult, SendUsersMessagesCommandInput, SendUsersMessagesCommandOutput } from '@aws-sdk/client-pinpoint';
import { MAX_RECIPIENTS } from '../../domain/messages/recipients.ts';
import type { Recipient } from '../../domain/messages/recipients.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { sendDirect, toEndpointResult } from './send-direct.ts';

/**
 * SendUsersMessages: one message to every endpoint of each user id (at most 100 users), with the
 * user's settings; results keyed by user id, then endpoint id. A user without endpoints answers
 * an empty result.
 */
export const sendUsersMessages: OperationHandler<SendUsersMessagesCommandInput, Output<SendUsersMessagesCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const request = input.SendUsersMessageRequest!;
  const users = Object.entries(request.Users ?? {});
  if (users.length === 0) throw pinpointErrors.badRequest('SendUsersMessageRequest.Users must name at least one user id');
  if (users.length > MAX_RECIPIENTS) throw pinpointErrors.badRequest(`SendUsersMessageRequest.Users names ${users.length} users; the limit is ${MAX_RECIPIENTS}`);
  if (users.some(([userId]) => userId === '')) throw pinpointErrors.badRequest('SendUsersMessageRequest.Users has an empty user id');
  const recipients: Recipient[] = [];
  const owners: string[] = [];
  for (const [userId, settings] of users) {
    for (const endpoint of await context.repositories.endpoints.listByUser(context.tenant, appId, userId)) {
      recipients.push({ kind: 'endpoint', endpointId: endpoint.Id, settings });
      owners.push(userId);
    }
  }
  const results = recipients.length > 0
    ? await sendDirect(context, {
        appId,
        configuration: request.MessageConfiguration!,
        recipients,
        ...(request.TemplateConfiguration ? { templateConfiguration: request.TemplateConfiguration } : {}),
        ...(request.TraceId !== undefined ? { traceId: request.TraceId } : {}),
        ...(request.Context !== undefined ? { context: request.Context } : {}),
      })
    : [];
  if (recipients.length === 0 && !(await context.repositories.apps.get(context.tenant, appId))) throw pinpointErrors.notFound('Application not found');
  // Maps, then fromEntries: user and endpoint ids are caller-chosen (even "__proto__").
  const byUser = new Map<string, [string, EndpointMessageResult][]>(users.map(([userId]) => [userId, []]));
  recipients.forEach((recipient, index) => {
    if (recipient.kind === 'endpoint') byUser.get(owners[index]!)!.push([recipient.endpointId, toEndpointResult(results[index]!)]);
  });
  const result = Object.fromEntries([...byUser].map(([userId, entries]) => [userId, Object.fromEntries(entries)]));
  return { SendUsersMessageResponse: { ApplicationId: appId, RequestId: context.requestId, Result: result } };
};

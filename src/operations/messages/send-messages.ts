import type { EndpointMessageResult, MessageResult, SendMessagesCommandInput, SendMessagesCommandOutput } from '@aws-sdk/client-pinpoint';
import { recipientsOf } from '../../domain/messages/recipients.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { asBadRequest, sendDirect, toEndpointResult } from './send-direct.ts';

/** SendMessages: one message to each address and endpoint; results keyed as the request keyed them. */
export const sendMessages: OperationHandler<SendMessagesCommandInput, Output<SendMessagesCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const request = input.MessageRequest!;
  const recipients = asBadRequest(() => recipientsOf(request));
  const results = await sendDirect(context, {
    appId,
    configuration: request.MessageConfiguration!,
    recipients,
    ...(request.TemplateConfiguration ? { templateConfiguration: request.TemplateConfiguration } : {}),
    ...(request.TraceId !== undefined ? { traceId: request.TraceId } : {}),
    ...(request.Context !== undefined ? { context: request.Context } : {}),
  });
  // Entries, then fromEntries: keys are caller-chosen (a custom channel address may be
  // "__proto__"), and only defineProperty semantics keep them plain data.
  const byAddress: [string, MessageResult][] = [];
  const byEndpoint: [string, EndpointMessageResult][] = [];
  recipients.forEach((recipient, index) => {
    const result = toEndpointResult(results[index]!);
    if (recipient.kind === 'address') {
      const { Address: _address, ...rest } = result;
      byAddress.push([recipient.address, rest]);
    } else {
      byEndpoint.push([recipient.endpointId, result]);
    }
  });
  return {
    MessageResponse: {
      ApplicationId: appId,
      RequestId: context.requestId,
      ...(byAddress.length > 0 ? { Result: Object.fromEntries(byAddress) } : {}),
      ...(byEndpoint.length > 0 ? { EndpointResult: Object.fromEntries(byEndpoint) } : {}),
    },
  };
};

import type { UpdateEmailChannelCommandInput } from '@aws-sdk/client-pinpoint';
import { configurationSetProblem, fromAddressProblem, identityProblem } from '../../domain/channels/email-channel-settings.ts';
import type { OperationContext, OperationHandler } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { deleteChannelOperation, getChannelOperation, mergeSettings, refuse, requireText, writeChannel } from './channel-operations.ts';
import { toChannelResponse } from './channel-response.ts';

export const getEmailChannel = getChannelOperation('email', 'EmailChannelResponse');
export const deleteEmailChannel = deleteChannelOperation('email', 'EmailChannelResponse');

/** RoleArn and OrchestrationSendingRoleArn are service roles: the caller must be allowed iam:PassRole on them. */
async function passRole(context: OperationContext, member: string, roleArn: string | undefined): Promise<void> {
  if (roleArn === undefined || roleArn === '') return;
  await context.serviceRoles.requirePassRole(context.caller, roleArn, {
    tenant: context.tenant,
    facts: context.requestFacts,
    badRequest: (message) => pinpointErrors.badRequest(`${member}: ${message}`),
  });
}

/**
 * FromAddress and Identity are required by the model on every update. Identity is an SES
 * identity ARN in Pinpoint; Pinion has no SES, so any well-formed ARN is kept as it is.
 */
export const updateEmailChannel: OperationHandler<UpdateEmailChannelCommandInput> = async (input, context) => {
  const appId = input.ApplicationId!;
  const request = input.EmailChannelRequest!;
  const fromAddress = requireText('FromAddress', request.FromAddress);
  refuse(fromAddressProblem(fromAddress));
  const identity = requireText('Identity', request.Identity);
  refuse(identityProblem(identity));
  if (request.ConfigurationSet) refuse(configurationSetProblem(request.ConfigurationSet));
  await passRole(context, 'RoleArn', request.RoleArn);
  await passRole(context, 'OrchestrationSendingRoleArn', request.OrchestrationSendingRoleArn);
  const record = await writeChannel(context, appId, 'email', request.Enabled, ({ record: current }) => ({
    settings: mergeSettings(current?.settings, {
      FromAddress: fromAddress,
      Identity: identity,
      ConfigurationSet: request.ConfigurationSet,
      RoleArn: request.RoleArn,
      OrchestrationSendingRoleArn: request.OrchestrationSendingRoleArn,
    }),
  }));
  return { EmailChannelResponse: toChannelResponse(record) };
};

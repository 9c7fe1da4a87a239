import type { ChannelResponse, GetChannelsCommandInput, GetChannelsCommandOutput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { appNotFound } from './channel-operations.ts';
import { channelTypes, toChannelSummary } from './channel-response.ts';

/**
 * Every configured channel of the project keyed by its type (EMAIL, SMS, APNS, GCM, …), plus the
 * in-app channel, which Pinpoint lists for every project without configuration
 * (`"IN_APP": {"Enabled": true, "IsArchived": false, "Version": 0}` in the AWS CLI's example).
 */
export const getChannels: OperationHandler<GetChannelsCommandInput, Output<GetChannelsCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  if (!(await context.repositories.apps.get(context.tenant, appId))) throw appNotFound(appId);
  const channels: Record<string, ChannelResponse> = {};
  for (const record of await context.repositories.channels.list(context.tenant, appId)) channels[channelTypes[record.kind]] = toChannelSummary(record);
  channels.IN_APP = { Enabled: true, IsArchived: false, Version: 0 };
  return { ChannelsResponse: { Channels: channels } };
};

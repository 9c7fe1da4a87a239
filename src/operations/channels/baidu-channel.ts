import type { UpdateBaiduChannelCommandInput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler } from '../operation-context.ts';
import { deleteChannelOperation, getChannelOperation, requireText, writeChannel } from './channel-operations.ts';
import { toChannelResponse } from './channel-response.ts';

export const getBaiduChannel = getChannelOperation('baidu', 'BaiduChannelResponse');
export const deleteBaiduChannel = deleteChannelOperation('baidu', 'BaiduChannelResponse');

/**
 * ApiKey and SecretKey are both required by the model on every update and both sealed: the
 * response's `Credential` member (the API key, in the model) is never answered.
 */
export const updateBaiduChannel: OperationHandler<UpdateBaiduChannelCommandInput> = async (input, context) => {
  const request = input.BaiduChannelRequest!;
  const credentials = { ApiKey: requireText('ApiKey', request.ApiKey), SecretKey: requireText('SecretKey', request.SecretKey) };
  const record = await writeChannel(context, input.ApplicationId!, 'baidu', request.Enabled, () => ({ settings: {}, credentials }));
  return { BaiduChannelResponse: toChannelResponse(record) };
};

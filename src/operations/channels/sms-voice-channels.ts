import type { UpdateSmsChannelCommandInput, UpdateVoiceChannelCommandInput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { deleteChannelOperation, getChannelOperation, mergeSettings, writeChannel } from './channel-operations.ts';
import { toChannelResponse } from './channel-response.ts';

export const getSmsChannel = getChannelOperation('sms', 'SMSChannelResponse');
export const deleteSmsChannel = deleteChannelOperation('sms', 'SMSChannelResponse');
export const getVoiceChannel = getChannelOperation('voice', 'VoiceChannelResponse');
export const deleteVoiceChannel = deleteChannelOperation('voice', 'VoiceChannelResponse');

/**
 * SenderId: an alphanumeric sender id (1 to 11 letters, digits, _ or -, as SMS and Voice v2's
 * sender ids); ShortCode: 3 to 8 digits. An empty string removes the stored value.
 */
export const updateSmsChannel: OperationHandler<UpdateSmsChannelCommandInput> = async (input, context) => {
  const appId = input.ApplicationId!;
  const request = input.SMSChannelRequest!;
  if (request.SenderId && !/^[A-Za-z0-9_-]{1,11}$/.test(request.SenderId)) {
    throw pinpointErrors.badRequest('SenderId must be 1 to 11 letters, digits, underscores or hyphens');
  }
  if (request.ShortCode && !/^\d{3,8}$/.test(request.ShortCode)) throw pinpointErrors.badRequest('ShortCode must be 3 to 8 digits');
  const record = await writeChannel(context, appId, 'sms', request.Enabled, ({ record: current }) => ({
    settings: mergeSettings(current?.settings, { SenderId: request.SenderId, ShortCode: request.ShortCode }),
  }));
  return { SMSChannelResponse: toChannelResponse(record) };
};

/** The voice channel has nothing but Enabled. */
export const updateVoiceChannel: OperationHandler<UpdateVoiceChannelCommandInput> = async (input, context) => {
  const record = await writeChannel(context, input.ApplicationId!, 'voice', input.VoiceChannelRequest!.Enabled, () => ({ settings: {} }));
  return { VoiceChannelResponse: toChannelResponse(record) };
};

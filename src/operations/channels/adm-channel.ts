import type { UpdateAdmChannelCommandInput } from '@aws-sdk/client-pinpoint';
import type { OperationHandler } from '../operation-context.ts';
import { deleteChannelOperation, getChannelOperation, requireText, writeChannel } from './channel-operations.ts';
import { toChannelResponse } from './channel-response.ts';

export const getAdmChannel = getChannelOperation('adm', 'ADMChannelResponse');
export const deleteAdmChannel = deleteChannelOperation('adm', 'ADMChannelResponse');

/** ClientId (kept in the settings, not answered) and ClientSecret (sealed), both required by the model. */
export const updateAdmChannel: OperationHandler<UpdateAdmChannelCommandInput> = async (input, context) => {
  const request = input.ADMChannelRequest!;
  const clientId = requireText('ClientId', request.ClientId);
  const credentials = { ClientSecret: requireText('ClientSecret', request.ClientSecret) };
  const record = await writeChannel(context, input.ApplicationId!, 'adm', request.Enabled, () => ({ settings: { ClientId: clientId }, credentials }));
  return { ADMChannelResponse: toChannelResponse(record) };
};

import type { UpdateGcmChannelCommandInput } from '@aws-sdk/client-pinpoint';
import { serviceJsonProblem } from '../../domain/channels/push-credentials.ts';
import type { OperationHandler } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { deleteChannelOperation, getChannelOperation, refuse, requireText, writeChannel } from './channel-operations.ts';
import { toChannelResponse } from './channel-response.ts';

export const getGcmChannel = getChannelOperation('gcm', 'GCMChannelResponse');
export const deleteGcmChannel = deleteChannelOperation('gcm', 'GCMChannelResponse');

/**
 * FCM credentials: ApiKey (the legacy server key, authentication KEY) and/or ServiceJson (a
 * service-account key file for FCM HTTP v1, authentication TOKEN), both sealed. A credential the
 * request leaves out keeps its stored value. DefaultAuthenticationMethod (KEY or TOKEN) defaults
 * to the stored one, else to the only credential there is, else (both) to KEY as Pinpoint's model
 * says; it must name a credential the channel has.
 */
export const updateGcmChannel: OperationHandler<UpdateGcmChannelCommandInput> = async (input, context) => {
  const request = input.GCMChannelRequest!;
  const apiKey = request.ApiKey === undefined ? undefined : requireText('ApiKey', request.ApiKey);
  if (apiKey !== undefined && /\s/.test(apiKey)) throw pinpointErrors.badRequest('ApiKey must not contain white space');
  const serviceJson = request.ServiceJson === undefined ? undefined : requireText('ServiceJson', request.ServiceJson);
  if (serviceJson !== undefined) refuse(serviceJsonProblem(serviceJson));
  const method = methodOf(request.DefaultAuthenticationMethod);
  const record = await writeChannel(context, input.ApplicationId!, 'gcm', request.Enabled, (stored) => {
    const kept = apiKey !== undefined && serviceJson !== undefined ? {} : stored.credentials();
    const key = apiKey ?? kept.ApiKey;
    const json = serviceJson ?? kept.ServiceJson;
    const credentials: Record<string, string> = { ...(key === undefined ? {} : { ApiKey: key }), ...(json === undefined ? {} : { ServiceJson: json }) };
    const hasKey = credentials.ApiKey !== undefined;
    const hasToken = credentials.ServiceJson !== undefined;
    if (!hasKey && !hasToken) throw pinpointErrors.badRequest('ApiKey or ServiceJson is required: the GCM channel needs an FCM server key (ApiKey) or a service-account key file (ServiceJson)');
    const storedMethod = stored.record?.settings.DefaultAuthenticationMethod;
    const chosen = method ?? (storedMethod === 'KEY' || storedMethod === 'TOKEN' ? storedMethod : undefined) ?? (hasKey ? 'KEY' : 'TOKEN');
    if (chosen === 'KEY' && !hasKey) throw pinpointErrors.badRequest('DefaultAuthenticationMethod KEY needs an ApiKey; give one, or choose TOKEN (ServiceJson)');
    if (chosen === 'TOKEN' && !hasToken) throw pinpointErrors.badRequest('DefaultAuthenticationMethod TOKEN needs a ServiceJson; give one, or choose KEY (ApiKey)');
    return { settings: { DefaultAuthenticationMethod: chosen, HasFcmServiceCredentials: hasToken }, credentials };
  });
  return { GCMChannelResponse: toChannelResponse(record) };
};

function methodOf(value: string | undefined): 'KEY' | 'TOKEN' | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (upper === 'KEY' || upper === 'TOKEN') return upper;
  throw pinpointErrors.badRequest('DefaultAuthenticationMethod must be KEY (ApiKey) or TOKEN (ServiceJson)');
}

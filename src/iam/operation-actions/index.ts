import type { ServiceKey } from '../../spec/service-model.ts';
import type { OperationAuthorization } from './operation-authorization.ts';
import { pinpointActions } from './pinpoint-actions.ts';
import { smsVoiceActions } from './sms-voice-actions.ts';
import { smsVoiceV2Actions } from './sms-voice-v2-actions.ts';

export type { OperationAuthorization, OriginationIdentityRef, ResolveOptions, TenantScope } from './operation-authorization.ts';
export { actionNames, originationIdentityArn, requestTagKeys, requestTags, resolveResources } from './operation-authorization.ts';
export { pinpointActions, smsVoiceActions, smsVoiceV2Actions };

/** The IAM action and resource templates of every operation Pinion serves, by API and operation name. */
export const operationActions: Readonly<Record<ServiceKey, Readonly<Record<string, OperationAuthorization>>>> = Object.freeze({
  pinpoint: pinpointActions,
  'sms-voice': smsVoiceActions,
  'sms-voice-v2': smsVoiceV2Actions,
});

/** The entry for one operation; undefined for a name the API does not have. */
export function authorizationFor(service: ServiceKey, operation: string): OperationAuthorization | undefined {
  const table = operationActions[service];
  return Object.hasOwn(table, operation) ? table[operation] : undefined;
}

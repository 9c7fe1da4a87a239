import type { ChannelResponse } from '@aws-sdk/client-pinpoint';
import type { ChannelKind, ChannelRecord } from '../../storage/channels-repository.ts';

/**
 * Channel responses as Pinpoint answers them: the common members (ApplicationId, CreationDate,
 * Enabled, Id — the kind in lower case, as in Pinpoint's examples —, IsArchived, LastModifiedBy,
 * LastModifiedDate, Platform, Version), HasCredential for the push kinds, and the kind's
 * non-secret settings. Credentials never appear: not the keys, not the certificates, not
 * GCM's or Baidu's `Credential` member.
 */

/** Pinpoint's name of each kind: Platform of the channel, key of GetChannels' map, ChannelType. */
export const channelTypes: Readonly<Record<ChannelKind, string>> = {
  email: 'EMAIL',
  sms: 'SMS',
  voice: 'VOICE',
  apns: 'APNS',
  apns_sandbox: 'APNS_SANDBOX',
  apns_voip: 'APNS_VOIP',
  apns_voip_sandbox: 'APNS_VOIP_SANDBOX',
  gcm: 'GCM',
  baidu: 'BAIDU',
  adm: 'ADM',
};

/** Kinds that carry credentials (and so answer HasCredential). */
const pushKinds: ReadonlySet<ChannelKind> = new Set(['apns', 'apns_sandbox', 'apns_voip', 'apns_voip_sandbox', 'gcm', 'baidu', 'adm']);

/** What every channel answers, as in GetChannels (no Platform there: ChannelResponse has none). */
export function toChannelSummary(record: ChannelRecord): ChannelResponse {
  return {
    ApplicationId: record.appId,
    CreationDate: record.creationDate,
    Enabled: record.enabled,
    ...(pushKinds.has(record.kind) ? { HasCredential: record.credentialsSealed !== undefined } : {}),
    Id: record.kind,
    IsArchived: false,
    LastModifiedBy: record.lastModifiedBy,
    LastModifiedDate: record.lastModifiedDate,
    Version: record.version,
  };
}

function text(settings: Record<string, unknown>, name: string): Record<string, string> {
  const value = settings[name];
  return typeof value === 'string' ? { [name]: value } : {};
}

/** The full response of one kind: the summary, Platform and the kind's non-secret members. */
export function toChannelResponse(record: ChannelRecord): ChannelResponse & Record<string, unknown> {
  const s = record.settings;
  const base = { ...toChannelSummary(record), Platform: channelTypes[record.kind] };
  switch (record.kind) {
    case 'email':
      return { ...base, ...text(s, 'FromAddress'), ...text(s, 'Identity'), ...text(s, 'ConfigurationSet'), ...text(s, 'RoleArn'), ...text(s, 'OrchestrationSendingRoleArn') };
    case 'sms':
      return { ...base, ...text(s, 'SenderId'), ...text(s, 'ShortCode') };
    case 'apns':
    case 'apns_sandbox':
    case 'apns_voip':
    case 'apns_voip_sandbox':
      return { ...base, ...text(s, 'DefaultAuthenticationMethod'), HasTokenKey: s.HasTokenKey === true };
    case 'gcm':
      return { ...base, ...text(s, 'DefaultAuthenticationMethod'), HasFcmServiceCredentials: s.HasFcmServiceCredentials === true };
    default:
      return base;
  }
}

import type { Secrets } from '../../security/secret-box.ts';
import { channelCredentialsContext } from '../../security/secret-contexts.ts';
import type { ChannelKind, ChannelRecord } from '../../storage/channels-repository.ts';
import type { Tenant } from '../../storage/tenant.ts';

/**
 * A channel's secret fields, sealed as one JSON object bound to its account, region, project and
 * kind. Which fields a kind has (absent ones are not stored):
 *   apns*  TokenKey (PKCS#8 PEM), Certificate (PEM), PrivateKey (PEM)
 *   gcm    ApiKey, ServiceJson (the service-account JSON text)
 *   baidu  ApiKey, SecretKey
 *   adm    ClientSecret
 * Their non-secret companions (TokenKeyId, TeamId, BundleId, ClientId,
 * DefaultAuthenticationMethod) are in the record's settings.
 */

export type ChannelCredentials = Record<string, string>;

interface SecretsContext {
  readonly secrets: Secrets;
  readonly tenant: Tenant;
}

function contextOf(tenant: Tenant, appId: string, kind: ChannelKind): string {
  return channelCredentialsContext(tenant.accountId, tenant.region, appId, kind);
}

export function sealChannelCredentials(context: SecretsContext, appId: string, kind: ChannelKind, credentials: ChannelCredentials): string {
  return context.secrets.seal(JSON.stringify(credentials), contextOf(context.tenant, appId, kind));
}

/**
 * The channel's secret fields in clear, for the code that sends through the channel (and for
 * updates that keep some of them); undefined when the channel stores none. Throws (a
 * SecretBoxError) when the value does not open: another row's value, tampering, or a master key
 * that is no longer in the keyring. Never log or return what this answers.
 */
export function openChannelCredentials(context: { secrets: Secrets; tenant: Tenant }, record: ChannelRecord): Record<string, string> | undefined {
  if (record.credentialsSealed === undefined) return undefined;
  const text = context.secrets.open(record.credentialsSealed, contextOf(context.tenant, record.appId, record.kind));
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`the credentials of the ${record.kind} channel of app ${record.appId} are not a JSON object`);
  const credentials: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') credentials[name] = value;
  return credentials;
}

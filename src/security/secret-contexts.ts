/**
 * The context each kind of sealed secret is bound to (GCM additional data, see secret-box.ts):
 * a sealed value only opens for the row it was written for.
 */
export function accessKeySecretContext(accessKeyId: string): string {
  return `iam-access-key:${accessKeyId}`;
}

export function sessionSecretContext(accessKeyId: string): string {
  return `sts-session:${accessKeyId}`;
}

/** Channel credentials: one sealed value per (account, region, project, channel kind). */
export function channelCredentialsContext(accountId: string, region: string, appId: string, channelKind: string): string {
  return `channel-credentials:${accountId}:${region}:${appId}:${channelKind}`;
}

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

import { createHash, randomBytes } from 'node:crypto';
import type { SessionSubject } from '../../auth/credential-store.ts';
import { sessionSecretContext } from '../../security/secret-contexts.ts';
import { newAccessKeyId, newSecretAccessKey } from '../iam/iam-naming.ts';
import type { OperationContext } from '../operation-context.ts';

/**
 * Issues temporary credentials: an ASIA… key, a secret (sealed at rest) and a session token
 * (only its SHA-256 is kept), stored so any Pinion process sharing the database accepts them
 * until they expire.
 */
export async function issueSession(
  context: OperationContext,
  subject: SessionSubject,
  durationSeconds: number,
  sessionPolicy: string | undefined,
): Promise<{ AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date }> {
  const accessKeyId = newAccessKeyId(true);
  const secret = newSecretAccessKey();
  const token = `PinionSession${randomBytes(96).toString('base64')}`;
  const issuedAt = new Date(Math.floor(context.now().getTime() / 1000) * 1000);
  const expiresAt = new Date(issuedAt.getTime() + durationSeconds * 1000);
  await context.repositories.iam.createSession({
    accessKeyId,
    accountId: context.tenant.accountId,
    secretSealed: context.secrets.seal(secret, sessionSecretContext(accessKeyId)),
    sessionTokenHash: createHash('sha256').update(token, 'utf8').digest('hex'),
    principal: subject as unknown as Record<string, unknown>,
    sessionPolicy,
    issuedAt,
    expiresAt,
  });
  return { AccessKeyId: accessKeyId, SecretAccessKey: secret, SessionToken: token, Expiration: expiresAt };
}

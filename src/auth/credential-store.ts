import type { Logger } from 'pino';
import type { AssumedRolePrincipal, Principal, UserPrincipal } from '../iam/principal.ts';
import { rootPrincipal } from '../iam/principal.ts';
import type { Secrets } from '../security/secret-box.ts';
import { accessKeySecretContext, sessionSecretContext } from '../security/secret-contexts.ts';
import type { IamRepository } from '../storage/iam-repository.ts';
import type { CredentialRecord } from './sigv4-verifier.ts';

/**
 * Access key id → secret and principal, for SigV4: the configured root key, IAM users' long-term
 * keys (AKIA…) and STS sessions (ASIA…). Secrets are opened from the identity store once and
 * kept in memory for `ttlMs`; a write through this process's IAM API clears the cache at once,
 * and a write by another process sharing the database is seen within `ttlMs` (IAM itself is
 * eventually consistent in the same way).
 */

export interface CredentialStoreOptions {
  iam: IamRepository;
  secrets: Secrets;
  accountId: string;
  root: { accessKeyId: string; secretAccessKey: string };
  logger: Logger;
  now?: () => Date;
  ttlMs?: number;
}

/** What an STS session acts as, as stored in SessionRecord.principal. */
export type SessionSubject =
  | { kind: 'assumed-role'; roleId: string; sessionName: string; sessionTags: Record<string, string>; transitiveTagKeys: string[]; sourceIdentity?: string }
  | { kind: 'user'; userId: string };

interface CacheEntry {
  readonly record: CredentialRecord;
  readonly loadedAt: number;
  readonly epoch: number;
}

const LAST_USED_INTERVAL_MS = 60_000;

export class CredentialStore {
  readonly #options: CredentialStoreOptions;
  readonly #root: CredentialRecord;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #lastTouched = new Map<string, number>();
  #epoch = 0;

  constructor(options: CredentialStoreOptions) {
    this.#options = options;
    this.#root = { ...options.root, principal: rootPrincipal(options.accountId) };
  }

  /** Forget everything cached (after any IAM write in this process). */
  invalidate(): void {
    this.#epoch += 1;
    this.#cache.clear();
  }

  readonly resolve = async (accessKeyId: string): Promise<CredentialRecord | undefined> => {
    if (accessKeyId === this.#root.accessKeyId) return this.#root;
    const now = (this.#options.now ?? Date.now)();
    const nowMs = typeof now === 'number' ? now : now.getTime();
    const hit = this.#cache.get(accessKeyId);
    if (hit && hit.epoch === this.#epoch && nowMs - hit.loadedAt < (this.#options.ttlMs ?? 1000)) return hit.record;
    const epoch = this.#epoch;
    const record = accessKeyId.startsWith('ASIA') ? await this.#loadSession(accessKeyId) : await this.#loadAccessKey(accessKeyId);
    // A write that happened while loading must not be overwritten by what was read before it.
    if (record && epoch === this.#epoch) {
      this.#cache.set(accessKeyId, { record, loadedAt: nowMs, epoch });
      if (this.#cache.size > 10_000) this.#cache.delete(this.#cache.keys().next().value as string);
    }
    return record;
  };

  /** Records that a long-term key was used, at most once a minute per key, off the request path. */
  noteUse(accessKeyId: string, region: string, service: string): void {
    if (!accessKeyId.startsWith('AKIA') || accessKeyId === this.#root.accessKeyId) return;
    const now = Date.now();
    if (now - (this.#lastTouched.get(accessKeyId) ?? 0) < LAST_USED_INTERVAL_MS) return;
    this.#lastTouched.set(accessKeyId, now);
    this.#options.iam.touchAccessKey(accessKeyId, new Date(now), region, service).catch((error: unknown) => {
      this.#options.logger.warn({ err: error, accessKeyId }, 'could not record access key use');
    });
  }

  async #loadAccessKey(accessKeyId: string): Promise<CredentialRecord | undefined> {
    const found = await this.#options.iam.findAccessKey(accessKeyId);
    // A disabled key is refused exactly like an unknown one, as AWS does; so is a key of another
    // account that the same database holds (the account id was reconfigured): it acts here on
    // nothing.
    if (!found || found.key.status !== 'Active' || found.accountId !== this.#options.accountId) return undefined;
    const tags = await this.#options.iam.entityTags(found.accountId, found.user.id);
    const principal: UserPrincipal = {
      kind: 'user',
      accountId: found.accountId,
      arn: found.user.arn,
      userId: found.user.id,
      userName: found.user.name,
      tags,
    };
    return {
      accessKeyId,
      secretAccessKey: this.#options.secrets.open(found.key.secretSealed, accessKeySecretContext(accessKeyId)),
      principal,
    };
  }

  async #loadSession(accessKeyId: string): Promise<CredentialRecord | undefined> {
    const session = await this.#options.iam.findSession(accessKeyId);
    if (!session || session.accountId !== this.#options.accountId) return undefined;
    const subject = session.principal as unknown as SessionSubject;
    const entity = await this.#options.iam.getEntityById(session.accountId, subject.kind === 'user' ? subject.userId : subject.roleId);
    // The user or role behind the session is gone: so are its sessions.
    if (!entity) return undefined;
    const entityTags = await this.#options.iam.entityTags(session.accountId, entity.id);
    let principal: Principal;
    if (subject.kind === 'user') {
      principal = {
        kind: 'user',
        accountId: session.accountId,
        arn: entity.arn,
        userId: entity.id,
        userName: entity.name,
        tags: entityTags,
        session: { issuedAt: session.issuedAt, expiresAt: session.expiresAt },
      };
    } else {
      const assumed: AssumedRolePrincipal = {
        kind: 'assumed-role',
        accountId: session.accountId,
        arn: `arn:aws:sts::${session.accountId}:assumed-role/${entity.name}/${subject.sessionName}`,
        roleArn: entity.arn,
        roleId: entity.id,
        roleName: entity.name,
        sessionName: subject.sessionName,
        tags: { ...entityTags, ...subject.sessionTags },
        transitiveTagKeys: subject.transitiveTagKeys,
        sessionPolicy: session.sessionPolicy,
        sourceIdentity: subject.sourceIdentity,
        issuedAt: session.issuedAt,
        expiresAt: session.expiresAt,
      };
      principal = assumed;
    }
    return {
      accessKeyId,
      secretAccessKey: this.#options.secrets.open(session.secretSealed, sessionSecretContext(accessKeyId)),
      sessionTokenSha256: session.sessionTokenHash,
      expiresAt: session.expiresAt,
      principal,
    };
  }
}

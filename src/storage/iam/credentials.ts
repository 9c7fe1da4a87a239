import type { Kysely, Selectable } from 'kysely';
import type { AccessKeyRecord, AccessKeyStatus, IamEntityRecord, SessionRecord } from '../iam-repository.ts';
import { IamConflictError } from '../iam-repository.ts';
import { PreparedQuery } from '../prepared-query.ts';
import type { Database, IamAccessKeysTable, IamSessionsTable } from '../schema.ts';
import { guard } from '../storage-error.ts';
import { requireEntity } from './entities.ts';
import { iamWrite } from './generation.ts';
import type { EntityRow, IamStore, Queryable } from './rows.ts';
import { countOf, isoDate, optionalDate, parseDate, parseJsonObject, toEntityRecord } from './rows.ts';

/** An access key row (without its user id) joined with its user's entity row. */
type KeyRow = Omit<Selectable<IamAccessKeysTable>, 'user_id'> & Omit<EntityRow, 'create_date'> & { user_create_date: string };

/** Access keys (aliased `k`) with their user (`e`). */
function keyQuery(db: Queryable) {
  return db
    .selectFrom('iam_access_keys as k')
    .innerJoin('iam_entities as e', (join) => join.onRef('e.account_id', '=', 'k.account_id').onRef('e.id', '=', 'k.user_id'))
    .select([
      'k.access_key_id',
      'k.account_id',
      'k.secret_sealed',
      'k.status',
      'k.create_date',
      'k.last_used_date',
      'k.last_used_region',
      'k.last_used_service',
      'e.kind',
      'e.id',
      'e.name',
      'e.name_key',
      'e.path',
      'e.arn',
      'e.create_date as user_create_date',
      'e.details',
    ]);
}

function toUser(row: KeyRow): IamEntityRecord {
  return toEntityRecord({ ...row, create_date: row.user_create_date });
}

function toKeyRecord(row: KeyRow): AccessKeyRecord {
  return {
    accessKeyId: row.access_key_id,
    userId: row.id,
    userName: row.name,
    status: row.status as AccessKeyStatus,
    createDate: parseDate(row.create_date),
    secretSealed: row.secret_sealed,
    lastUsedDate: optionalDate(row.last_used_date),
    lastUsedRegion: row.last_used_region ?? undefined,
    lastUsedService: row.last_used_service ?? undefined,
  };
}

type SessionRow = Selectable<IamSessionsTable>;

function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    secretSealed: row.secret_sealed,
    sessionTokenHash: row.session_token_hash,
    principal: parseJsonObject('iam.findSession', `principal of session ${row.access_key_id}`, row.principal),
    sessionPolicy: row.session_policy ?? undefined,
    issuedAt: parseDate(row.issued_at),
    expiresAt: parseDate(row.expires_at),
  };
}

function checkStatus(status: string): void {
  if (status !== 'Active' && status !== 'Inactive') throw new RangeError(`access key status must be Active or Inactive, got ${status}`);
}

function noSuchKey(accessKeyId: string): IamConflictError {
  return new IamConflictError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);
}

/**
 * Long-term access keys of users, STS sessions and the sealed secrets of both. Last-use records,
 * sessions and re-sealing change no permission: they do not take the account's IAM lock and do
 * not bump its generation.
 */
export class IamCredentials {
  /** The SigV4 lookups (one per request with a cold cache), compiled once. */
  readonly #findKey: PreparedQuery<[string], KeyRow>;
  readonly #findSession: PreparedQuery<[string], SessionRow>;

  constructor(private readonly store: IamStore) {
    const db = store.db;
    this.#findKey = new PreparedQuery(db as unknown as Kysely<never>, (accessKeyId: string) => keyQuery(db).where('k.access_key_id', '=', accessKeyId));
    this.#findSession = new PreparedQuery(db as unknown as Kysely<never>, (accessKeyId: string) =>
      db.selectFrom('iam_sessions').selectAll().where('access_key_id', '=', accessKeyId),
    );
  }

  // ---- access keys ----

  createAccessKey(
    accountId: string,
    userName: string,
    key: { accessKeyId: string; secretSealed: string; createDate: Date },
    limit: number,
  ): Promise<AccessKeyRecord> {
    return iamWrite(this.store, 'iam.createAccessKey', accountId, async (trx) => {
      const user = await requireEntity(trx, accountId, 'user', userName);
      const existing = countOf(
        await trx
          .selectFrom('iam_access_keys')
          .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
          .where('account_id', '=', accountId)
          .where('user_id', '=', user.id)
          .executeTakeFirst(),
      );
      if (existing >= limit) {
        throw new IamConflictError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${limit} (user ${user.name} has ${existing}).`);
      }
      const createDate = isoDate(key.createDate);
      await trx
        .insertInto('iam_access_keys')
        .values({
          access_key_id: key.accessKeyId,
          account_id: accountId,
          user_id: user.id,
          secret_sealed: key.secretSealed,
          status: 'Active',
          create_date: createDate,
          last_used_date: null,
          last_used_region: null,
          last_used_service: null,
        })
        .execute();
      return {
        accessKeyId: key.accessKeyId,
        userId: user.id,
        userName: user.name,
        status: 'Active',
        createDate: parseDate(createDate),
        secretSealed: key.secretSealed,
        lastUsedDate: undefined,
        lastUsedRegion: undefined,
        lastUsedService: undefined,
      };
    });
  }

  listAccessKeys(accountId: string, userName: string): Promise<AccessKeyRecord[]> {
    return guard('iam.listAccessKeys', async () => {
      const user = await requireEntity(this.store.db, accountId, 'user', userName);
      const rows = await keyQuery(this.store.db)
        .where('k.account_id', '=', accountId)
        .where('k.user_id', '=', user.id)
        .orderBy('k.create_date')
        .orderBy('k.access_key_id')
        .execute();
      return rows.map(toKeyRecord);
    });
  }

  async updateAccessKeyStatus(accountId: string, userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    checkStatus(status);
    return iamWrite(this.store, 'iam.updateAccessKeyStatus', accountId, async (trx) => {
      const user = await requireEntity(trx, accountId, 'user', userName);
      const result = await trx
        .updateTable('iam_access_keys')
        .set({ status })
        .where('access_key_id', '=', accessKeyId)
        .where('account_id', '=', accountId)
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw noSuchKey(accessKeyId);
    });
  }

  deleteAccessKey(accountId: string, userName: string, accessKeyId: string): Promise<void> {
    return iamWrite(this.store, 'iam.deleteAccessKey', accountId, async (trx) => {
      const user = await requireEntity(trx, accountId, 'user', userName);
      const result = await trx
        .deleteFrom('iam_access_keys')
        .where('access_key_id', '=', accessKeyId)
        .where('account_id', '=', accountId)
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw noSuchKey(accessKeyId);
    });
  }

  findAccessKey(accessKeyId: string): Promise<{ accountId: string; key: AccessKeyRecord; user: IamEntityRecord } | undefined> {
    return guard('iam.findAccessKey', async () => {
      const [row] = await this.#findKey.execute(accessKeyId);
      return row && { accountId: row.account_id, key: toKeyRecord(row), user: toUser(row) };
    });
  }

  touchAccessKey(accessKeyId: string, when: Date, region: string, service: string): Promise<void> {
    return guard('iam.touchAccessKey', async () => {
      await this.store.db
        .updateTable('iam_access_keys')
        .set({ last_used_date: isoDate(when), last_used_region: region, last_used_service: service })
        .where('access_key_id', '=', accessKeyId)
        .execute();
    });
  }

  // ---- sessions ----

  createSession(session: SessionRecord): Promise<void> {
    return guard('iam.createSession', async () => {
      await this.store.db
        .insertInto('iam_sessions')
        .values({
          access_key_id: session.accessKeyId,
          account_id: session.accountId,
          secret_sealed: session.secretSealed,
          session_token_hash: session.sessionTokenHash,
          principal: JSON.stringify(session.principal),
          session_policy: session.sessionPolicy ?? null,
          issued_at: isoDate(session.issuedAt),
          expires_at: isoDate(session.expiresAt),
        })
        .execute();
    });
  }

  findSession(accessKeyId: string): Promise<SessionRecord | undefined> {
    return guard('iam.findSession', async () => {
      const [row] = await this.#findSession.execute(accessKeyId);
      return row && toSessionRecord(row);
    });
  }

  deleteExpiredSessions(now: Date): Promise<number> {
    return guard('iam.deleteExpiredSessions', async () => {
      const result = await this.store.db.deleteFrom('iam_sessions').where('expires_at', '<', isoDate(now)).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  // ---- secrets at rest ----

  sealedSecrets(): Promise<{ table: 'access_keys' | 'sessions'; accessKeyId: string; secretSealed: string }[]> {
    return guard('iam.sealedSecrets', async () => {
      const keys = await this.store.db.selectFrom('iam_access_keys').select(['access_key_id', 'secret_sealed']).orderBy('access_key_id').execute();
      const sessions = await this.store.db.selectFrom('iam_sessions').select(['access_key_id', 'secret_sealed']).orderBy('access_key_id').execute();
      return [
        ...keys.map((row) => ({ table: 'access_keys' as const, accessKeyId: row.access_key_id, secretSealed: row.secret_sealed })),
        ...sessions.map((row) => ({ table: 'sessions' as const, accessKeyId: row.access_key_id, secretSealed: row.secret_sealed })),
      ];
    });
  }

  /** A compare-and-set: one UPDATE … WHERE secret_sealed = expected, atomic on both dialects. */
  async resealSecret(table: 'access_keys' | 'sessions', accessKeyId: string, expected: string, replacement: string): Promise<boolean> {
    if (table !== 'access_keys' && table !== 'sessions') throw new RangeError(`resealSecret: unknown table ${String(table)}`);
    return guard('iam.resealSecret', async () => {
      const db: Kysely<Database> = this.store.db;
      const result =
        table === 'access_keys'
          ? await db
              .updateTable('iam_access_keys')
              .set({ secret_sealed: replacement })
              .where('access_key_id', '=', accessKeyId)
              .where('secret_sealed', '=', expected)
              .executeTakeFirst()
          : await db
              .updateTable('iam_sessions')
              .set({ secret_sealed: replacement })
              .where('access_key_id', '=', accessKeyId)
              .where('secret_sealed', '=', expected)
              .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }
}

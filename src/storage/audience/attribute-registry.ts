import type { Kysely, Transaction } from 'kysely';
import { attributeNamesOf, attributeTypes } from '../../domain/endpoints/stored-endpoint.ts';
import type { AttributeType, StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { DialectSpecifics } from '../dialect.ts';
import { AttributeKeyLimitError } from '../endpoints-repository.ts';
import type { Database } from '../schema.ts';
import type { Tenant } from '../tenant.ts';
import { chunks } from './bulk-sql.ts';
import type { BulkSql } from './bulk-sql.ts';

const REGISTRY_COLUMNS = ['account_id', 'region', 'app_id', 'attribute_type', 'name'] as const;
import { registryLockKey, registryMembershipKey } from './endpoint-rows.ts';

/**
 * The per-project registry of attribute names (Attributes, Metrics, User.UserAttributes), which
 * the 250-name quota counts. Every write inserts the names it uses, skipping those present (no
 * per-process cache: another process may have removed a name a moment ago); only when a name was
 * new is the project's registry lock taken (last, after the endpoint, user and address locks, so
 * lock order stays acyclic) and the names counted. Rows go in sorted order, so two writers adding
 * the same new names wait for each other instead of deadlocking.
 *
 * Writers also hold the project's membership key in shared mode, which RemoveAttributes takes
 * exclusively while it deletes names: a writer that found a name registered commits its endpoint
 * before the name is deleted (and the stripping that follows removes it from that endpoint), or
 * registers the name anew after it was deleted. The registry never misses a name an endpoint has.
 */
export class AttributeRegistry {
  constructor(private readonly dialect: DialectSpecifics) {}

  /** Registers the names the endpoints use; throws AttributeKeyLimitError past the limit. */
  async register(trx: Transaction<Database>, sql: BulkSql, tenant: Tenant, appId: string, endpoints: readonly StoredEndpoint[], limit: number): Promise<void> {
    const wanted = new Map<string, { type: AttributeType; name: string }>();
    for (const endpoint of endpoints) {
      const names = attributeNamesOf(endpoint);
      for (const type of attributeTypes) {
        for (const name of names[type]) wanted.set(`${type}\u0000${name}`, { type, name });
      }
    }
    if (wanted.size === 0) return;
    await this.dialect.lockKeyShared(trx, registryMembershipKey(tenant, appId));
    const rows = [...wanted.keys()].sort().map((key) => wanted.get(key)!);
    let inserted = 0;
    for (const part of chunks(rows, 500)) {
      const parameters: unknown[] = [];
      for (const { type, name } of part) parameters.push(tenant.accountId, tenant.region, appId, type, name);
      inserted += await sql.insertIgnoring(trx, 'endpoint_attribute_keys', REGISTRY_COLUMNS, part.length, parameters);
    }
    if (inserted === 0) return;
    await this.dialect.lockKey(trx, registryLockKey(tenant, appId));
    const { count } = await trx
      .selectFrom('endpoint_attribute_keys')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('account_id', '=', tenant.accountId)
      .where('region', '=', tenant.region)
      .where('app_id', '=', appId)
      .executeTakeFirstOrThrow();
    if (Number(count) > limit) throw new AttributeKeyLimitError(Number(count), limit, rows.map((row) => row.name));
  }

  /** Deletes names from the registry, excluding writers meanwhile (see above); returns those deleted. */
  async remove(trx: Transaction<Database>, tenant: Tenant, appId: string, type: AttributeType, names: readonly string[]): Promise<string[]> {
    await this.dialect.lockKey(trx, registryMembershipKey(tenant, appId));
    const removed: string[] = [];
    for (const part of chunks(names, 500)) {
      const rows = await trx
        .deleteFrom('endpoint_attribute_keys')
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('attribute_type', '=', type)
        .where('name', 'in', part)
        .returning('name')
        .execute();
      removed.push(...rows.map((row) => row.name));
    }
    return removed.sort();
  }

  static async names(db: Kysely<Database> | Transaction<Database>, tenant: Tenant, appId: string, type: AttributeType): Promise<string[]> {
    const rows = await db
      .selectFrom('endpoint_attribute_keys')
      .select('name')
      .where('account_id', '=', tenant.accountId)
      .where('region', '=', tenant.region)
      .where('app_id', '=', appId)
      .where('attribute_type', '=', type)
      .orderBy('name')
      .execute();
    return rows.map((row) => row.name);
  }
}

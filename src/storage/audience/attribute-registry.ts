import type { Kysely, Transaction } from 'kysely';
import { attributeNamesOf, attributeTypes } from '../../domain/endpoints/stored-endpoint.ts';
import type { AttributeType, StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { DialectSpecifics } from '../dialect.ts';
import { AttributeKeyLimitError } from '../endpoints-repository.ts';
import type { Database } from '../schema.ts';
import type { Tenant } from '../tenant.ts';
import { registryLockKey } from './endpoint-rows.ts';

/** How long this process trusts its copy of a project's names (another process may remove some). */
const CACHE_TTL_MS = 1_000;
const CACHE_MAX_PROJECTS = 1_000;

/**
 * The per-project registry of attribute names (Attributes, Metrics, User.UserAttributes), which
 * the 250-name quota counts. Names already known are skipped without a statement; new ones are
 * inserted in the endpoint write's transaction, then counted under the project's registry lock
 * (taken last, after the endpoint and user locks, so lock order stays acyclic).
 */
export class AttributeRegistry {
  readonly #known = new Map<string, { names: Set<string>; readAt: number }>();

  constructor(private readonly dialect: DialectSpecifics) {}

  /** Registers the names the endpoints use; throws AttributeKeyLimitError past the limit. Returns a commit hook. */
  async register(trx: Transaction<Database>, tenant: Tenant, appId: string, endpoints: readonly StoredEndpoint[], limit: number): Promise<() => void> {
    const cacheKey = `${tenant.accountId}/${tenant.region}/${appId}`;
    const now = Date.now();
    const cached = this.#known.get(cacheKey);
    const known = cached && now - cached.readAt < CACHE_TTL_MS ? cached.names : undefined;
    const wanted = new Map<string, { type: AttributeType; name: string }>();
    for (const endpoint of endpoints) {
      const names = attributeNamesOf(endpoint);
      for (const type of attributeTypes) {
        for (const name of names[type]) {
          const key = `${type}\u0000${name}`;
          if (!known?.has(key)) wanted.set(key, { type, name });
        }
      }
    }
    if (wanted.size === 0) return () => undefined;
    const rows = [...wanted.values()].map(({ type, name }) => ({ account_id: tenant.accountId, region: tenant.region, app_id: appId, attribute_type: type, name }));
    let inserted = 0n;
    for (let start = 0; start < rows.length; start += 500) {
      const result = await trx
        .insertInto('endpoint_attribute_keys')
        .values(rows.slice(start, start + 500))
        .onConflict((oc) => oc.columns(['account_id', 'region', 'app_id', 'attribute_type', 'name']).doNothing())
        .executeTakeFirst();
      inserted += result.numInsertedOrUpdatedRows ?? 0n;
    }
    if (inserted > 0n) {
      await this.dialect.lockKey(trx, registryLockKey(tenant, appId));
      const { count } = await trx
        .selectFrom('endpoint_attribute_keys')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .executeTakeFirstOrThrow();
      if (Number(count) > limit) {
        this.#known.delete(cacheKey);
        throw new AttributeKeyLimitError(Number(count), limit, rows.map((row) => row.name));
      }
    }
    return () => {
      const entry = this.#known.get(cacheKey);
      const names = entry && Date.now() - entry.readAt < CACHE_TTL_MS ? entry.names : new Set<string>();
      for (const key of wanted.keys()) names.add(key);
      if (!entry || entry.names !== names) {
        if (this.#known.size >= CACHE_MAX_PROJECTS) this.#known.delete(this.#known.keys().next().value!);
        this.#known.set(cacheKey, { names, readAt: Date.now() });
      }
    };
  }

  forget(tenant: Tenant, appId: string): void {
    this.#known.delete(`${tenant.accountId}/${tenant.region}/${appId}`);
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

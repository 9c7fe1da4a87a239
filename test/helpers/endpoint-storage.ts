// Shared by the endpoint repository suites (test/integration/endpoints-storage*.test.ts): tenants,
// endpoints to store and the EndpointWrite the operations would build, with its pieces replaceable.
import { randomBytes } from 'node:crypto';
import type { Storage } from '../../src/storage/repositories.ts';
import type { EndpointPatch } from '../../src/domain/endpoints/endpoint-patch.ts';
import { mergeEndpoint } from '../../src/domain/endpoints/merge-endpoint.ts';
import type { StoredEndpoint } from '../../src/domain/endpoints/stored-endpoint.ts';
import { decideUserLimit } from '../../src/domain/endpoints/user-limit.ts';
import type { EndpointWrite } from '../../src/storage/endpoints-repository.ts';
import type { Tenant } from '../../src/storage/tenant.ts';

export function randomTenant(region = 'us-east-1'): Tenant {
  return { accountId: String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999)), region };
}

export function hexId(): string {
  return randomBytes(16).toString('hex');
}

/** A new project of the tenant (endpoint writes need an existing one); answers its id. */
export async function newProject(storage: Storage, tenant: Tenant): Promise<string> {
  const id = hexId();
  await storage.repositories.apps.create(tenant, { id, name: `p-${id.slice(0, 8)}`, arn: `arn:aws:mobiletargeting:${tenant.region}:${tenant.accountId}:apps/${id}`, creationDate: new Date().toISOString() }, {});
  return id;
}

/** A complete stored endpoint with the given fields over plain defaults. */
export function endpoint(id: string, fields: Partial<StoredEndpoint> = {}): StoredEndpoint {
  return {
    Id: id,
    ChannelType: 'GCM',
    Address: `token-${id}`,
    OptOut: 'NONE',
    EndpointStatus: 'ACTIVE',
    EffectiveDate: '2026-01-01T00:00:00.000Z',
    CreationDate: '2026-01-01T00:00:00.000Z',
    CohortId: '7',
    ...fields,
  };
}

/** Thrown by enforceUserLimit when the decision is a refusal (what the operations turn into a 400). */
export class UserLimitRefusal extends Error {}

export interface WriteOptions {
  deactivateSameAddress?: boolean;
  attributeKeyLimit?: number;
  enforceUserLimit?: EndpointWrite['enforceUserLimit'];
  events?: EndpointWrite['events'];
}

/** The real per-user rule: refuse (throwing UserLimitRefusal) or name the endpoints to retire. */
export const realUserLimit: EndpointWrite['enforceUserLimit'] = (userId, others, incoming, joining) => {
  const decision = decideUserLimit(userId, others, incoming, joining);
  if ('refuse' in decision) throw new UserLimitRefusal(decision.refuse);
  return decision;
};

/** A write that stores the given endpoints as they are (the stored versions are ignored). */
export function storeAs(appId: string, endpoints: readonly StoredEndpoint[], options: WriteOptions = {}): EndpointWrite {
  return {
    appId,
    ids: [...new Set(endpoints.map((e) => e.Id))],
    merge: () => endpoints.map((e) => structuredClone(e)),
    deactivateSameAddress: options.deactivateSameAddress ?? true,
    enforceUserLimit: options.enforceUserLimit ?? realUserLimit,
    attributeKeyLimit: options.attributeKeyLimit ?? 250,
    ...(options.events ? { events: options.events } : {}),
  };
}

/** A write that merges patches over the stored versions, as UpdateEndpoint does. */
export function patchWrite(appId: string, patches: readonly [string, EndpointPatch][], now: string, options: WriteOptions = {}): EndpointWrite {
  return {
    ...storeAs(appId, [], options),
    ids: [...new Set(patches.map(([id]) => id))],
    merge: (existing) => {
      const byId = new Map<string, StoredEndpoint>();
      for (const [id, patch] of patches) byId.set(id, mergeEndpoint(byId.get(id) ?? existing.get(id), id, patch, now));
      return [...byId.values()];
    },
  };
}

/** Attributes { <prefix>000: ['v'], … } with n names. */
export function names(prefix: string, n: number, from = 0): Record<string, string[]> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${String(from + i).padStart(3, '0')}`, ['v']]));
}

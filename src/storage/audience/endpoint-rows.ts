import type { Selectable } from 'kysely';
import { effectiveInstant } from '../../domain/endpoints/effective-instant.ts';
import { endpointJson } from '../../domain/endpoints/merge-endpoint.ts';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { EndpointsTable } from '../schema.ts';
import { StorageError } from '../storage-error.ts';
import type { Tenant } from '../tenant.ts';

export const ENDPOINT_READ_COLUMNS = ['id', 'opt_out', 'endpoint_status', 'document'] as const;
export type EndpointReadRow = Pick<Selectable<EndpointsTable>, (typeof ENDPOINT_READ_COLUMNS)[number]>;

/**
 * The stored document, with the status and opt-out columns laid over it: those two change
 * without a document rewrite (another endpoint took the address, a user's oldest device retired).
 */
export function toStoredEndpoint(row: EndpointReadRow): StoredEndpoint {
  let document: unknown = row.document;
  if (typeof document === 'string') {
    try {
      document = JSON.parse(document);
    } catch (error) {
      throw new StorageError('endpoints.read', `stored endpoint ${row.id} is not valid JSON`, { cause: error });
    }
  }
  if (typeof document !== 'object' || document === null) throw new StorageError('endpoints.read', `stored endpoint ${row.id} is not a JSON object`);
  return { ...(document as StoredEndpoint), EndpointStatus: row.endpoint_status, OptOut: row.opt_out };
}

/** The row for an endpoint (JSON text is accepted by both SQLite text and PostgreSQL jsonb). */
export function toEndpointRow(tenant: Tenant, appId: string, endpoint: StoredEndpoint, modifiedDate: string): EndpointsTable {
  return {
    account_id: tenant.accountId,
    region: tenant.region,
    app_id: appId,
    id: endpoint.Id,
    channel_type: endpoint.ChannelType ?? null,
    address: endpoint.Address ?? null,
    user_id: endpoint.User?.UserId ?? null,
    opt_out: endpoint.OptOut,
    endpoint_status: endpoint.EndpointStatus,
    creation_date: endpoint.CreationDate,
    // Canonical UTC (the document keeps the client's text): text order is instant order.
    effective_date: effectiveInstant(endpoint.EffectiveDate),
    modified_date: modifiedDate,
    document: endpointJson(endpoint),
  };
}

export function endpointLockKey(tenant: Tenant, appId: string, id: string): string {
  return JSON.stringify(['endpoint', tenant.accountId, tenant.region, appId, id]);
}

export function userLockKey(tenant: Tenant, appId: string, userId: string): string {
  return JSON.stringify(['endpoint-user', tenant.accountId, tenant.region, appId, userId]);
}

export function addressLockKey(tenant: Tenant, appId: string, channelType: string, address: string): string {
  return JSON.stringify(['endpoint-address', tenant.accountId, tenant.region, appId, channelType, address]);
}

export function registryMembershipKey(tenant: Tenant, appId: string): string {
  return JSON.stringify(['endpoint-attribute-members', tenant.accountId, tenant.region, appId]);
}

export function registryLockKey(tenant: Tenant, appId: string): string {
  return JSON.stringify(['endpoint-attributes', tenant.accountId, tenant.region, appId]);
}

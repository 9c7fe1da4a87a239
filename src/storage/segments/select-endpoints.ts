// Placeholder until the compiler lands (being written now); never committed in this form.
import type { Kysely } from 'kysely';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { SegmentSelection } from '../../domain/segments/segment-selection.ts';
import type { Database } from '../schema.ts';
import type { Tenant } from '../tenant.ts';

export function selectSegmentEndpoints(_db: Kysely<Database>, _dialect: 'sqlite' | 'postgres', _tenant: Tenant, _appId: string, _selection: SegmentSelection, _page: { limit: number; after?: string }, _now: Date): Promise<StoredEndpoint[]> {
  throw new Error('placeholder');
}
export function countSegmentEndpoints(_db: Kysely<Database>, _dialect: 'sqlite' | 'postgres', _tenant: Tenant, _appId: string, _selection: SegmentSelection, _now: Date): Promise<number> {
  throw new Error('placeholder');
}

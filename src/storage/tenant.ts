/** Every row of tenant data is partitioned by (account id, region). */
export interface Tenant {
  readonly accountId: string;
  readonly region: string;
}

/**
 * Kysely table types for the storage schema (see migrations/). Column names are snake_case here
 * and nowhere else: repositories map rows to the camelCase records of repositories.ts.
 */

export interface PinionMetaTable {
  key: string;
  value: string;
}

export interface AppsTable {
  account_id: string;
  region: string;
  id: string;
  name: string;
  arn: string;
  /** ISO-8601 UTC with milliseconds; sorts lexicographically. */
  creation_date: string;
  /** JSON text: the AppSettingsRecord fields other than applicationId and lastModifiedDate. */
  settings: string;
  settings_last_modified: string;
}

export interface ResourceTagsTable {
  account_id: string;
  region: string;
  resource_arn: string;
  tag_key: string;
  tag_value: string;
}

export interface Database {
  pinion_meta: PinionMetaTable;
  apps: AppsTable;
  resource_tags: ResourceTagsTable;
}

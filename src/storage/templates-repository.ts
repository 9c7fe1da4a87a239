import type { TemplateContent, TemplateType } from '../domain/templates/template-content.ts';
import type { Tenant } from './tenant.ts';

/** One stored version of a message template. */
export interface TemplateVersionRecord {
  name: string;
  type: TemplateType;
  version: number;
  /** The template's active version when this was read (equal to `version` when this is the active one). */
  activeVersion: number;
  /** When the template (its version 1) was created. */
  creationDate: string;
  /** When this version was created. */
  versionCreationDate: string;
  /** When this version was last written (created, or overwritten in place). */
  lastModifiedDate: string;
  /** The version's content: the type's request shape (EmailTemplateRequest, …) less tags, parsed. */
  content: TemplateContent;
  /** content.DefaultSubstitutions (JSON text of an object of strings), when the version has it. */
  defaultSubstitutions?: string;
}

/** A template as ListTemplates answers it: no content. */
export interface TemplateSummary {
  name: string;
  type: TemplateType;
  activeVersion: number;
  creationDate: string;
  /** When the template last changed in any way. */
  lastModifiedDate: string;
}

/** Keyset cursor of template listings: the last template answered. */
export interface TemplateCursor {
  creationDate: string;
  name: string;
  type: TemplateType;
}

export type CreateTemplateResult =
  | { outcome: 'created'; record: TemplateVersionRecord }
  /** A template of that name and type exists. */
  | { outcome: 'exists' }
  /** The tenant already has `limit` templates. */
  | { outcome: 'template-limit'; limit: number };

/** How UpdateXTemplate writes: a new version (latest + 1), or over the latest existing version. */
export type TemplateWrite =
  | { mode: 'new-version'; maxVersions: number }
  /** `expectedVersion`: the request named the version to overwrite, which must be the latest existing one. */
  | { mode: 'overwrite'; expectedVersion?: number };

export type WriteTemplateResult =
  | { outcome: 'written'; record: TemplateVersionRecord }
  | { outcome: 'no-template' }
  /** The expected version does not exist. */
  | { outcome: 'no-version' }
  /** The expected version exists but is not the latest existing one. */
  | { outcome: 'not-latest'; latest: number }
  /** The template already has `limit` versions. */
  | { outcome: 'version-limit'; limit: number };

export type SetActiveVersionResult = { outcome: 'set'; version: number } | { outcome: 'no-template' } | { outcome: 'no-version' };

export type DeleteVersionResult = { outcome: 'deleted'; record: TemplateVersionRecord } | { outcome: 'no-template' } | { outcome: 'no-version' } | { outcome: 'active' };

/**
 * Message templates and their versions, per tenant (account and region), keyed by (name, type).
 * Every write to one template is serialized (a lock per template on PostgreSQL, the single writer
 * on SQLite), so concurrent updates never give two versions the same number. Version numbers are
 * never reused.
 */
export interface TemplatesRepository {
  /**
   * Creates the template with version 1, active, and its tags (on `arn`), in one transaction;
   * refuses when the name and type exist or when the tenant has `maxTemplates` templates.
   */
  create(
    tenant: Tenant,
    template: { name: string; type: TemplateType; arn: string; creationDate: string; content: TemplateContent },
    tags: Record<string, string>,
    maxTemplates: number,
  ): Promise<CreateTemplateResult>;
  /**
   * Writes content as a new version (the highest number given so far + 1; the active version does
   * not change) or over the latest existing version (its number, creation date and the active
   * version stay; its lastModifiedDate becomes `date`).
   */
  write(tenant: Tenant, name: string, type: TemplateType, write: TemplateWrite, content: TemplateContent, date: string): Promise<WriteTemplateResult>;
  /** The given version, or the active version when `version` is undefined; undefined when either is missing. */
  get(tenant: Tenant, name: string, type: TemplateType, version?: number): Promise<TemplateVersionRecord | undefined>;
  /**
   * The tenant's templates in creation order (creationDate, name, type), at most `limit` after
   * `after`; only names starting with `prefix` (exact, case-sensitive) and only `type` when given.
   */
  list(tenant: Tenant, page: { limit: number; after?: TemplateCursor; prefix?: string; type?: TemplateType }): Promise<TemplateSummary[]>;
  /** Versions of one template, newest first, at most `limit` with a number below `before`. */
  listVersions(tenant: Tenant, name: string, type: TemplateType, page: { limit: number; before?: number }): Promise<TemplateVersionRecord[]>;
  /** Makes an existing version (or the latest existing one) the active version. */
  setActiveVersion(tenant: Tenant, name: string, type: TemplateType, version: number | 'latest', date: string): Promise<SetActiveVersionResult>;
  /** Deletes the template, all its versions and its tags (`arn`); false when there was none. */
  delete(tenant: Tenant, name: string, type: TemplateType, arn: string): Promise<boolean>;
  /** Deletes one version; the active version is refused (a template always has one). */
  deleteVersion(tenant: Tenant, name: string, type: TemplateType, version: number, date: string): Promise<DeleteVersionResult>;
}

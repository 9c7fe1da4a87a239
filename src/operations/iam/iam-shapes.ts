import type { IamEntityRecord, ManagedPolicyRecord, Page, PageRequest, PolicyVersionRecord } from '../../storage/iam-repository.ts';
import { iamErrors } from './iam-errors.ts';

/**
 * Records to IAM's output shapes, and the request-side helpers every listing and tagging call
 * shares. Policy documents are returned URL-encoded, as IAM returns them (the CLI and boto3
 * decode them; the JS SDK hands them over as sent).
 */

export interface TagInput {
  Key?: string;
  Value?: string;
}

export const maxTagsPerEntity = 50;

/** Tags from a request: duplicate keys and aws: prefixes refused as IAM refuses them. */
/**
 * Permissions boundaries are not evaluated by Pinion yet; accepting one and then not enforcing it
 * would grant more than the administrator meant, so it is refused.
 */
export function refuseBoundary(boundary: string | undefined): void {
  if (boundary !== undefined) throw iamErrors.invalidInput('Pinion does not support permissions boundaries yet (PermissionsBoundary)');
}

export function tagsFromInput(list: readonly TagInput[] | undefined): Record<string, string> {
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const tag of list ?? []) {
    const key = tag.Key ?? '';
    if (Object.hasOwn(tags, key)) throw iamErrors.invalidInput(`Duplicate tag keys found. Please note that Tag keys are case insensitive.`);
    if (key.toLowerCase().startsWith('aws:')) throw iamErrors.invalidInput(`User-defined tag keys can't start with 'aws:'. This prefix is reserved for AWS tags.`);
    tags[key] = tag.Value ?? '';
  }
  if (Object.keys(tags).length > maxTagsPerEntity) throw iamErrors.limitExceeded(`The number of tags has reached the maximum limit of ${maxTagsPerEntity}.`);
  return { ...tags };
}

export function tagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] | undefined {
  const keys = Object.keys(tags);
  return keys.length === 0 ? undefined : keys.map((Key) => ({ Key, Value: tags[Key]! }));
}

export function pageRequest(input: { Marker?: string; MaxItems?: number }): PageRequest {
  return { maxItems: input.MaxItems ?? 100, ...(input.Marker === undefined ? {} : { marker: input.Marker }) };
}

export function pageOutput<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.marker === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: page.marker };
}

export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

export function toUser(user: IamEntityRecord, tags?: Readonly<Record<string, string>>) {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: user.createDate,
    ...(tags ? { Tags: tagList(tags) } : {}),
  };
}

export function toGroup(group: IamEntityRecord) {
  return { Path: group.path, GroupName: group.name, GroupId: group.id, Arn: group.arn, CreateDate: group.createDate };
}

export function toRole(role: IamEntityRecord, tags?: Readonly<Record<string, string>>) {
  const details = role.details;
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeDocument(String(details.AssumeRolePolicyDocument ?? '')),
    ...(details.Description !== undefined ? { Description: details.Description as string } : {}),
    MaxSessionDuration: (details.MaxSessionDuration as number | undefined) ?? 3600,
    ...(tags ? { Tags: tagList(tags) } : {}),
  };
}

export function toPolicy(policy: ManagedPolicyRecord, tags?: Readonly<Record<string, string>>) {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(policy.description !== undefined ? { Description: policy.description } : {}),
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    ...(tags ? { Tags: tagList(tags) } : {}),
  };
}

export function toPolicyVersion(version: PolicyVersionRecord, withDocument: boolean) {
  return {
    ...(withDocument ? { Document: encodeDocument(version.document) } : {}),
    VersionId: version.versionId,
    IsDefaultVersion: version.isDefaultVersion,
    CreateDate: version.createDate,
  };
}

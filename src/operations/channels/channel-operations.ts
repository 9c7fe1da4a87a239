import { ProjectMissingError } from '../../storage/endpoints-repository.ts';
import type { ChannelKind, ChannelRecord } from '../../storage/channels-repository.ts';
import type { OperationContext, OperationHandler } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { openChannelCredentials, sealChannelCredentials } from './channel-credentials.ts';
import type { ChannelCredentials } from './channel-credentials.ts';
import { channelTypes, toChannelResponse } from './channel-response.ts';

/**
 * What Get, Update and Delete of every channel kind share. Update is create-or-update: the first
 * one creates the channel (Enabled defaults to true), later ones merge the request over what is
 * stored (a member left out keeps its value; Enabled left out keeps it) and add one to Version.
 */

export function appNotFound(appId: string) {
  return pinpointErrors.notFound(`Application ${appId} not found`);
}

export function channelNotFound(appId: string, kind: ChannelKind) {
  return pinpointErrors.notFound(`Application ${appId} has no ${channelTypes[kind]} channel`);
}

async function notFound(context: OperationContext, appId: string, kind: ChannelKind): Promise<never> {
  if (!(await context.repositories.apps.get(context.tenant, appId))) throw appNotFound(appId);
  throw channelNotFound(appId, kind);
}

/** Get<Kind>Channel: the stored channel, 404 naming the app or the channel otherwise. */
export function getChannelOperation(kind: ChannelKind, responseMember: string): OperationHandler<{ ApplicationId?: string }> {
  return async (input, context) => {
    const appId = input.ApplicationId!;
    const record = await context.repositories.channels.get(context.tenant, appId, kind);
    if (!record) return notFound(context, appId, kind);
    return { [responseMember]: toChannelResponse(record) };
  };
}

/** Delete<Kind>Channel: removes the channel (and its sealed credentials); answers what was deleted. */
export function deleteChannelOperation(kind: ChannelKind, responseMember: string): OperationHandler<{ ApplicationId?: string }> {
  return async (input, context) => {
    const appId = input.ApplicationId!;
    const record = await context.repositories.channels.delete(context.tenant, appId, kind);
    if (!record) return notFound(context, appId, kind);
    return { [responseMember]: toChannelResponse(record) };
  };
}

/** What an update of one kind builds from the stored channel and the request. */
export interface ChannelBuild {
  settings: Record<string, unknown>;
  /** The secret fields to seal; undefined: the kind has none. */
  credentials?: ChannelCredentials;
}

export interface StoredChannel {
  readonly record: ChannelRecord | undefined;
  /** The stored secret fields ({} when none), opened only when asked for. */
  readonly credentials: () => ChannelCredentials;
}

/**
 * Writes the channel in one transaction: `build` sees what is stored and may refuse (throw a
 * BadRequestException) before anything is written. 404 naming the app when it does not exist.
 */
export async function writeChannel(
  context: OperationContext,
  appId: string,
  kind: ChannelKind,
  enabled: boolean | undefined,
  build: (stored: StoredChannel) => ChannelBuild,
): Promise<ChannelRecord> {
  try {
    return await context.repositories.channels.put(
      context.tenant,
      appId,
      kind,
      (current) => {
        const built = build({ record: current, credentials: () => (current ? (openChannelCredentials(context, current) ?? {}) : {}) });
        return {
          enabled: enabled ?? current?.enabled ?? true,
          settings: built.settings,
          ...(built.credentials === undefined ? {} : { credentialsSealed: sealChannelCredentials(context, appId, kind, built.credentials) }),
          lastModifiedBy: context.caller.arn,
        };
      },
      context.now().toISOString(),
    );
  } catch (error) {
    if (error instanceof ProjectMissingError) throw appNotFound(appId);
    throw error;
  }
}

/**
 * Optional text settings merged over the stored ones: a member the request leaves out keeps its
 * stored value, an empty string removes it, anything else replaces it.
 */
export function mergeSettings(stored: Record<string, unknown> | undefined, request: Record<string, string | undefined>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [name, value] of Object.entries(request)) {
    if (value === undefined) continue;
    if (value === '') delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

/** A refusal naming the member (the problem texts of domain/channels start with it). */
export function refuse(problem: string | undefined): void {
  if (problem !== undefined) throw pinpointErrors.badRequest(problem);
}

/** A required text member: present (the model checks that) and not empty. */
export function requireText(member: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw pinpointErrors.badRequest(`${member} must not be empty`);
  return value;
}

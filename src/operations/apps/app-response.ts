import type { ApplicationResponse } from '@aws-sdk/client-pinpoint';
import { ProjectMissingError } from '../../storage/endpoints-repository.ts';
import type { AppRecord } from '../../storage/repositories.ts';
import type { OperationContext } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

export function toApplicationResponse(app: AppRecord, tags: Record<string, string>): ApplicationResponse {
  return { Arn: app.arn, Id: app.id, Name: app.name, tags, CreationDate: app.creationDate };
}

/** Loads an app of the caller's tenant or answers Pinpoint's 404. */
export async function requireApp(context: OperationContext, appId: string): Promise<AppRecord> {
  const app = await context.repositories.apps.get(context.tenant, appId);
  if (!app) throw pinpointErrors.notFound('Application not found');
  return app;
}

/** Runs a write that needs the project, answering Pinpoint's 404 when it was deleted meanwhile (ProjectMissingError). */
export async function inExistingApp<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ProjectMissingError) throw pinpointErrors.notFound('Application not found');
    throw error;
  }
}

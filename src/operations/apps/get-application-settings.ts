import type {
  ApplicationSettingsResource,
  GetApplicationSettingsCommandInput,
  GetApplicationSettingsCommandOutput,
} from '@aws-sdk/client-pinpoint';
import type { AppSettingsRecord } from '../../storage/repositories.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

/**
 * Pinpoint answers empty objects for hook, limits and quiet time that were never set; the
 * two write-only flags (CloudWatchMetricsEnabled, EventTaggingEnabled) are not in the resource.
 */
export function toSettingsResource(settings: AppSettingsRecord): ApplicationSettingsResource {
  return {
    ApplicationId: settings.applicationId,
    CampaignHook: settings.campaignHook ?? {},
    LastModifiedDate: settings.lastModifiedDate,
    Limits: settings.limits ?? {},
    QuietTime: settings.quietTime ?? {},
    ...(settings.journeyLimits ? { JourneyLimits: settings.journeyLimits } : {}),
  };
}

export const getApplicationSettings: OperationHandler<
  GetApplicationSettingsCommandInput,
  Output<GetApplicationSettingsCommandOutput>
> = async (input, context) => {
  const settings = await context.repositories.apps.getSettings(context.tenant, input.ApplicationId!);
  if (!settings) throw pinpointErrors.notFound('Application not found');
  return { ApplicationSettingsResource: toSettingsResource(settings) };
};

import type {
  UpdateApplicationSettingsCommandInput,
  UpdateApplicationSettingsCommandOutput,
} from '@aws-sdk/client-pinpoint';
import { settingsProblems } from '../../domain/app-settings.ts';
import type { SettingsInput } from '../../domain/app-settings.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { toSettingsResource } from './get-application-settings.ts';

/** Fields given replace the stored ones; fields left out keep their values. */
export const updateApplicationSettings: OperationHandler<
  UpdateApplicationSettingsCommandInput,
  Output<UpdateApplicationSettingsCommandOutput>
> = async (input, context) => {
  const request = input.WriteApplicationSettingsRequest!;
  const problems = settingsProblems(request as SettingsInput);
  if (problems.length > 0) throw pinpointErrors.badRequest(problems.join('; '));
  const asRecord = (value: object | undefined) => value as Record<string, unknown> | undefined;
  const updated = await context.repositories.apps.updateSettings(
    context.tenant,
    input.ApplicationId!,
    {
      campaignHook: asRecord(request.CampaignHook),
      cloudWatchMetricsEnabled: request.CloudWatchMetricsEnabled,
      eventTaggingEnabled: request.EventTaggingEnabled,
      limits: asRecord(request.Limits),
      quietTime: asRecord(request.QuietTime),
      journeyLimits: asRecord(request.JourneyLimits),
    },
    context.now().toISOString(),
  );
  if (!updated) throw pinpointErrors.notFound('Application not found');
  return { ApplicationSettingsResource: toSettingsResource(updated) };
};

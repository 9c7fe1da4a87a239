import type { ActionSpec } from './operation-authorization.ts';
import { defineActions } from './operation-authorization.ts';

/**
 * Amazon Pinpoint SMS and Voice, version 1 (IAM prefix `sms-voice`): one entry per operation of
 * spec/pinpoint-sms-voice-2018-09-05.json. Action = operation name.
 *
 * Sources. Seed 001 lines 1976–2031 list seven of the eight operations, each with "Resource ARN Not
 * available. Use *." ListConfigurationSets is not in the seeds; the Service Authorization Reference
 * gives it no resource type either (SAR), so it is '*' as well.
 *
 * The v2 API uses the same prefix and some of the same action names (CreateConfigurationSet,
 * DeleteConfigurationSet, SendVoiceMessage) but with resource ARNs: see sms-voice-v2-actions.ts.
 */

const anyResource: ActionSpec = { resources: ['*'] };

export const smsVoiceActions = defineActions('sms-voice', {
  CreateConfigurationSet: anyResource,
  DeleteConfigurationSet: anyResource,
  GetConfigurationSetEventDestinations: anyResource,
  CreateConfigurationSetEventDestination: anyResource,
  UpdateConfigurationSetEventDestination: anyResource,
  DeleteConfigurationSetEventDestination: anyResource,
  SendVoiceMessage: anyResource,
  // SAR: not in the seeds.
  ListConfigurationSets: anyResource,
});

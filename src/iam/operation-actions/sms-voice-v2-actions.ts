import type { ActionSpec, OriginationIdentityRef } from './operation-authorization.ts';
import { defineActions } from './operation-authorization.ts';

/**
 * AWS End User Messaging SMS and Voice, version 2 (IAM prefix `sms-voice`): one entry per operation
 * of spec/pinpoint-sms-voice-v2-2022-03-31.json. Action = operation name.
 *
 * Sources.
 * - Seed 001 lines 2037–2319 give the resource ARNs of 43 operations (marked `001` below) and are
 *   followed: the same resource types, no others. The seed's ARNs lost their hyphens in
 *   extraction (`configurationset/`, `phonenumber/`, `opt-outlist/`); the resource names used here
 *   are the ones 001 itself spells out at lines 806–816 (`phone-number/…`) and the Service
 *   Authorization Reference uses: `configuration-set/`, `opt-out-list/`, `phone-number/`, `pool/`,
 *   `sender-id/<id>/<country>`. 001 line 2087 gives DeleteDefaultSenderId
 *   `senderid/configuration-set/<name>`; read as the configuration set, like its sibling operations.
 * - The other 63 operations follow the Service Authorization Reference for "AWS End User Messaging
 *   SMS and Voice v2" (marked `SAR`): its resource types (protect-configuration, registration,
 *   registration-attachment, verified-destination-number, rcs-agent, notify-configuration, message)
 *   and '*' for the account-level, create and definition-listing operations it gives no resource.
 *
 * Ids unknown before the request (CreatePool's pool, RequestPhoneNumber's phone number, which 001
 * lists) cannot be part of the request's ARNs; those operations are authorized on the resources
 * the request names (origination identity, pool), or '*' when it names none.
 *
 * Members of `…OrArn` shapes take an id/name or an ARN; an ARN value is the resource verbatim.
 * Origination identities (phone number, pool or sender ID, by id, number or ARN) are resolved by
 * their value: see originationIdentityArn in operation-authorization.ts.
 */

const sv = 'arn:${Partition}:sms-voice:${Region}:${Account}:';

/** One resource template and the member that may carry an ARN in place of the id. */
interface Ref {
  readonly template: string;
  readonly idOrArn?: string;
}
const ref = (resource: string, idOrArn?: string): Ref => ({ template: sv + resource, idOrArn });

// Resources named by one member.
const configurationSet = ref('configuration-set/${ConfigurationSetName}', 'ConfigurationSetName');
const newConfigurationSet = ref('configuration-set/${ConfigurationSetName}');
const optOutList = ref('opt-out-list/${OptOutListName}', 'OptOutListName');
const newOptOutList = ref('opt-out-list/${OptOutListName}');
const phoneNumber = ref('phone-number/${PhoneNumberId}', 'PhoneNumberId');
const pool = ref('pool/${PoolId}', 'PoolId');
const senderId = ref('sender-id/${SenderId}/${IsoCountryCode}', 'SenderId');
const protectConfiguration = ref('protect-configuration/${ProtectConfigurationId}', 'ProtectConfigurationId');
const registration = ref('registration/${RegistrationId}', 'RegistrationId');
const registrationAttachment = ref('registration-attachment/${RegistrationAttachmentId}', 'RegistrationAttachmentId');
const verifiedDestinationNumber = ref('verified-destination-number/${VerifiedDestinationNumberId}', 'VerifiedDestinationNumberId');
const rcsAgent = ref('rcs-agent/${RcsAgentId}', 'RcsAgentId');
const notifyConfiguration = ref('notify-configuration/${NotifyConfigurationId}', 'NotifyConfigurationId');
const message = ref('message/${MessageId}');

// Resources named by a list member of Describe* operations: one ARN per element, the parent when none.
const configurationSets = ref('configuration-set/${ConfigurationSetNames}', 'ConfigurationSetNames');
const optOutLists = ref('opt-out-list/${OptOutListNames}', 'OptOutListNames');
const phoneNumbers = ref('phone-number/${PhoneNumberIds}', 'PhoneNumberIds');
const pools = ref('pool/${PoolIds}', 'PoolIds');
const senderIds = ref('sender-id/${SenderIds.SenderId}/${SenderIds.IsoCountryCode}', 'SenderIds.SenderId');
const protectConfigurations = ref('protect-configuration/${ProtectConfigurationIds}', 'ProtectConfigurationIds');
const registrations = ref('registration/${RegistrationIds}', 'RegistrationIds');
const registrationAttachments = ref('registration-attachment/${RegistrationAttachmentIds}', 'RegistrationAttachmentIds');
const verifiedDestinationNumbers = ref('verified-destination-number/${VerifiedDestinationNumberIds}', 'VerifiedDestinationNumberIds');
const rcsAgents = ref('rcs-agent/${RcsAgentIds}', 'RcsAgentIds');
const notifyConfigurations = ref('notify-configuration/${NotifyConfigurationIds}', 'NotifyConfigurationIds');

const origination: OriginationIdentityRef = { member: 'OriginationIdentity' };
const originationInCountry: OriginationIdentityRef = { member: 'OriginationIdentity', isoCountryCodeMember: 'IsoCountryCode' };

interface More {
  /** Resources involved only when the request names them. */
  readonly optional?: readonly Ref[];
  readonly origination?: OriginationIdentityRef;
  /** The request carries `Tags` (a list of {Key, Value}). */
  readonly tags?: boolean;
}

function on(required: readonly Ref[], more: More = {}): ActionSpec {
  const optional = more.optional ?? [];
  const idOrArn = [...required, ...optional].flatMap((r) => (r.idOrArn === undefined ? [] : [r.idOrArn]));
  return {
    resources: required.map((r) => r.template),
    ...(optional.length > 0 ? { optionalResources: optional.map((r) => r.template) } : {}),
    ...(idOrArn.length > 0 ? { idOrArnMembers: idOrArn } : {}),
    ...(more.origination ? { originationIdentity: more.origination } : {}),
    ...(more.tags ? { requestTagsPath: 'Tags' } : {}),
  };
}

/** Account-level and definition operations: no resource type. */
const account: ActionSpec = { resources: ['*'] };
/** Creates with a generated id: no resource type, but tags. */
const createTagged: ActionSpec = { resources: ['*'], requestTagsPath: 'Tags' };
/** Operations on the resource whose ARN the request names. */
const byArn: ActionSpec = { resources: ['${ResourceArn}'], resourceArnMember: 'ResourceArn' };

export const smsVoiceV2Actions = defineActions('sms-voice', {
  // Account settings and spend limits — 001 lines 2120–2142, 2187–2191, 2270–2280 ("Use *").
  DescribeAccountAttributes: account,
  DescribeAccountLimits: account,
  DescribeSpendLimits: account,
  DeleteTextMessageSpendLimitOverride: account,
  SetTextMessageSpendLimitOverride: account,
  DeleteVoiceMessageSpendLimitOverride: account,
  SetVoiceMessageSpendLimitOverride: account,
  // SAR: the same for media and notify spend limits and carrier lookups.
  DeleteMediaMessageSpendLimitOverride: account,
  SetMediaMessageSpendLimitOverride: account,
  DeleteNotifyMessageSpendLimitOverride: account,
  SetNotifyMessageSpendLimitOverride: account,
  CarrierLookup: account,

  // Configuration sets and event destinations — 001 lines 2045–2093, 2144–2148, 2258–2268, 2303–2307.
  CreateConfigurationSet: on([newConfigurationSet], { tags: true }),
  DeleteConfigurationSet: on([configurationSet]),
  DescribeConfigurationSets: on([configurationSets]),
  CreateEventDestination: on([configurationSet]),
  UpdateEventDestination: on([configurationSet]),
  DeleteEventDestination: on([configurationSet]),
  SetDefaultMessageType: on([configurationSet]),
  DeleteDefaultMessageType: on([configurationSet]),
  SetDefaultSenderId: on([configurationSet]),
  DeleteDefaultSenderId: on([configurationSet]),
  // SAR.
  SetDefaultMessageFeedbackEnabled: on([configurationSet]),

  // Opt-out lists — 001 lines 2057–2061, 2102–2112, 2157–2167, 2224–2228.
  CreateOptOutList: on([newOptOutList], { tags: true }),
  DeleteOptOutList: on([optOutList]),
  DescribeOptOutLists: on([optOutLists]),
  DescribeOptedOutNumbers: on([optOutList]),
  PutOptedOutNumber: on([optOutList]),
  DeleteOptedOutNumber: on([optOutList]),

  // Pools and origination identities — 001 lines 2037–2043, 2063–2069, 2114–2118, 2175–2179,
  // 2193–2205, 2315–2319. CreatePool's new pool has no id yet: only the identity it starts with.
  CreatePool: on([], { origination: originationInCountry, tags: true }),
  DeletePool: on([pool]),
  DescribePools: on([pools]),
  UpdatePool: on([pool]),
  ListPoolOriginationIdentities: on([pool]),
  AssociateOriginationIdentity: on([pool], { origination: originationInCountry }),
  DisassociateOriginationIdentity: on([pool], { origination: originationInCountry }),

  // Keywords — 001 lines 2095–2100, 2150–2155, 2217–2222 (phone number or pool).
  PutKeyword: on([], { origination }),
  DeleteKeyword: on([], { origination }),
  DescribeKeywords: on([], { origination }),

  // Phone numbers — 001 lines 2169–2173, 2230–2241, 2309–2313. RequestPhoneNumber's number has no id
  // yet: the pool it joins, when given.
  RequestPhoneNumber: on([], { optional: [pool], tags: true }),
  ReleasePhoneNumber: on([phoneNumber]),
  UpdatePhoneNumber: on([phoneNumber]),
  DescribePhoneNumbers: on([phoneNumbers]),

  // Sender IDs — 001 lines 2181–2185; the rest SAR.
  DescribeSenderIds: on([senderIds]),
  RequestSenderId: createTagged,
  ReleaseSenderId: on([senderId]),
  UpdateSenderId: on([senderId]),

  // Sending — 001 lines 2243–2256 (phone number, pool or sender ID); the rest SAR.
  SendTextMessage: on([], { origination }),
  SendVoiceMessage: on([], { origination }),
  SendMediaMessage: on([], { origination, optional: [configurationSet, protectConfiguration] }),
  SendDestinationNumberVerificationCode: on([], { origination, optional: [configurationSet] }),
  PutMessageFeedback: on([message]),

  // Tags — 001 lines 2207–2215, 2282–2301: the ARN the request names.
  ListTagsForResource: byArn,
  TagResource: { ...byArn, requestTagsPath: 'Tags' },
  UntagResource: { ...byArn, requestTagKeysPath: 'TagKeys' },
  // SAR: resource policies, likewise on the named ARN.
  GetResourcePolicy: byArn,
  PutResourcePolicy: byArn,
  DeleteResourcePolicy: byArn,

  // SAR: protect configurations.
  CreateProtectConfiguration: createTagged,
  DeleteProtectConfiguration: on([protectConfiguration]),
  DescribeProtectConfigurations: on([protectConfigurations]),
  UpdateProtectConfiguration: on([protectConfiguration]),
  GetProtectConfigurationCountryRuleSet: on([protectConfiguration]),
  UpdateProtectConfigurationCountryRuleSet: on([protectConfiguration]),
  ListProtectConfigurationRuleSetNumberOverrides: on([protectConfiguration]),
  PutProtectConfigurationRuleSetNumberOverride: on([protectConfiguration]),
  DeleteProtectConfigurationRuleSetNumberOverride: on([protectConfiguration]),
  SetAccountDefaultProtectConfiguration: on([protectConfiguration]),
  DeleteAccountDefaultProtectConfiguration: account,
  AssociateProtectConfiguration: on([configurationSet, protectConfiguration]),
  DisassociateProtectConfiguration: on([configurationSet, protectConfiguration]),

  // SAR: registrations, their versions, field values, associations and attachments.
  CreateRegistration: createTagged,
  DeleteRegistration: on([registration]),
  DescribeRegistrations: on([registrations]),
  CreateRegistrationVersion: on([registration]),
  DescribeRegistrationVersions: on([registration]),
  DiscardRegistrationVersion: on([registration]),
  SubmitRegistrationVersion: on([registration]),
  DescribeRegistrationFieldValues: on([registration]),
  PutRegistrationFieldValue: on([registration]),
  DeleteRegistrationFieldValue: on([registration]),
  ListRegistrationAssociations: on([registration]),
  CreateRegistrationAssociation: on([registration], { origination: { member: 'ResourceId' } }),
  DescribeRegistrationFieldDefinitions: account,
  DescribeRegistrationSectionDefinitions: account,
  DescribeRegistrationTypeDefinitions: account,
  CreateRegistrationAttachment: createTagged,
  DeleteRegistrationAttachment: on([registrationAttachment]),
  DescribeRegistrationAttachments: on([registrationAttachments]),

  // SAR: verified destination numbers.
  CreateVerifiedDestinationNumber: createTagged,
  DeleteVerifiedDestinationNumber: on([verifiedDestinationNumber]),
  DescribeVerifiedDestinationNumbers: on([verifiedDestinationNumbers]),
  VerifyDestinationNumber: on([verifiedDestinationNumber]),

  // SAR: RCS agents.
  CreateRcsAgent: createTagged,
  DeleteRcsAgent: on([rcsAgent]),
  DescribeRcsAgents: on([rcsAgents]),
  UpdateRcsAgent: on([rcsAgent]),
  DescribeRcsAgentCountryLaunchStatus: on([rcsAgent]),

  // SAR: notify configurations and templates.
  CreateNotifyConfiguration: createTagged,
  DeleteNotifyConfiguration: on([notifyConfiguration]),
  DescribeNotifyConfigurations: on([notifyConfigurations]),
  UpdateNotifyConfiguration: on([notifyConfiguration]),
  SendNotifyTextMessage: on([notifyConfiguration], { optional: [configurationSet] }),
  SendNotifyVoiceMessage: on([notifyConfiguration], { optional: [configurationSet] }),
  DescribeNotifyTemplates: account,
  ListNotifyCountries: account,
});

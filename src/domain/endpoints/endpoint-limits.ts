/**
 * Pinpoint's endpoint quotas (Amazon Pinpoint quotas, "Endpoint quotas"), enforced as documented.
 * The id and user-id lengths are Pinion's own bound (Pinpoint documents none); they keep a row
 * and its index entries small.
 */
export const endpointLimits = {
  /** Attribute names across Attributes, Metrics and User.UserAttributes, per project. */
  attributeKeysPerProject: 250,
  attributeNameLength: 50,
  attributeValueLength: 100,
  valuesPerAttribute: 50,
  /** The stored endpoint as JSON, in bytes. */
  endpointBytes: 15 * 1024,
  endpointsPerUser: 15,
  batchItems: 100,
  idLength: 256,
  userIdLength: 256,
} as const;

/**
 * Channels whose endpoints are device tokens: past a user's 15 endpoints, the user's oldest one of
 * these is retired rather than the new one refused (Pinpoint's "Manage the maximum number of
 * endpoints"). Pinpoint's list omits APNS_SANDBOX, which is a device token all the same; PUSH is
 * refused like SMS, as Pinpoint documents.
 */
export const pushChannels: ReadonlySet<string> = new Set(['ADM', 'GCM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'BAIDU']);

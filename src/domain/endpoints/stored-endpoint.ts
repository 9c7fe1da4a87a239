/**
 * An endpoint as Pinion stores it: Pinpoint's EndpointResponse members (less ApplicationId, which
 * is the row's key), so a stored endpoint is answered as it is and segment dimensions can address
 * its JSON paths by Pinpoint's own names (Attributes.Color, User.UserAttributes.Plan, …).
 */
export interface StoredEndpoint {
  Id: string;
  ChannelType?: string;
  Address?: string;
  Attributes?: Record<string, string[]>;
  Metrics?: Record<string, number>;
  Demographic?: EndpointDemographic;
  Location?: EndpointLocation;
  User?: { UserId?: string; UserAttributes?: Record<string, string[]> };
  /** ALL | NONE */
  OptOut: string;
  /** ACTIVE | INACTIVE */
  EndpointStatus: string;
  EffectiveDate: string;
  CreationDate: string;
  /** "0" to "99", derived from the id. */
  CohortId: string;
  RequestId?: string;
}

export interface EndpointDemographic {
  AppVersion?: string;
  Locale?: string;
  Make?: string;
  Model?: string;
  ModelVersion?: string;
  Platform?: string;
  PlatformVersion?: string;
  Timezone?: string;
}

export interface EndpointLocation {
  City?: string;
  Country?: string;
  Latitude?: number;
  Longitude?: number;
  PostalCode?: string;
  Region?: string;
}

/** The three attribute registries of a project, by the names RemoveAttributes uses in its path. */
export const attributeTypes = ['endpoint-custom-attributes', 'endpoint-metric-attributes', 'endpoint-user-attributes'] as const;
export type AttributeType = (typeof attributeTypes)[number];

/** Attribute names per registry used by one endpoint: what the per-project key quota counts. */
export function attributeNamesOf(endpoint: Pick<StoredEndpoint, 'Attributes' | 'Metrics' | 'User'>): Record<AttributeType, string[]> {
  return {
    'endpoint-custom-attributes': Object.keys(endpoint.Attributes ?? {}),
    'endpoint-metric-attributes': Object.keys(endpoint.Metrics ?? {}),
    'endpoint-user-attributes': Object.keys(endpoint.User?.UserAttributes ?? {}),
  };
}

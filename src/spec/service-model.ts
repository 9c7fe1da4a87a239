/**
 * Types for the vendored AWS service models (spec/*.json, the botocore "service-2" JSON form).
 * Only what the wire layer reads is typed; everything else in the files is ignored.
 */

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'double'
  | 'float'
  | 'boolean'
  | 'timestamp'
  | 'blob';

export interface MemberRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  idempotencyToken?: boolean;
  /** query protocol: a list or map written without its wrapper (`Name.N` instead of `Name.member.N`). */
  flattened?: boolean;
}

export interface Shape {
  type: ShapeType;
  members?: Record<string, MemberRef>;
  required?: string[];
  payload?: string;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  timestampFormat?: 'iso8601' | 'unixTimestamp' | 'rfc822';
  exception?: boolean;
  fault?: boolean;
  /** query protocol: see MemberRef.flattened. */
  flattened?: boolean;
  /** Values the model marks as secret (e.g. a secret access key); never quoted back. */
  sensitive?: boolean;
  error?: { httpStatusCode?: number; code?: string; senderFault?: boolean };
}

export interface RawOperation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  /** query protocol: the output sits inside `<{resultWrapper}>` (e.g. CreateUserResult). */
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
  /** Set by mergeExtension on Pinion's own operations. */
  extension?: boolean;
}

export interface RawModel {
  metadata: {
    apiVersion: string;
    protocol: string;
    signingName: string;
    serviceId: string;
    targetPrefix?: string;
    jsonVersion?: string;
    endpointPrefix?: string;
    /** query protocol: the namespace of every response and error document. */
    xmlNamespace?: string;
  };
  operations: Record<string, RawOperation>;
  shapes: Record<string, Shape>;
}

/** Our names for the three APIs served; stable, used in the handler table and logs. */
export type ServiceKey = 'pinpoint' | 'sms-voice' | 'sms-voice-v2';

export type WireProtocol = 'rest-json' | 'json';

export interface OperationModel {
  readonly name: string;
  readonly service: ServiceModel;
  readonly method: string;
  readonly requestUri: string;
  readonly successStatus: number;
  readonly inputShape: string | undefined;
  readonly outputShape: string | undefined;
  readonly errorShapes: readonly string[];
  /** A Pinion extension (spec/pinion-extensions-*.json), not an operation of the AWS API. */
  readonly extension?: boolean;
}

export interface ServiceModel {
  readonly key: ServiceKey;
  readonly protocol: WireProtocol;
  readonly signingName: string;
  readonly serviceId: string;
  readonly apiVersion: string;
  readonly targetPrefix: string | undefined;
  readonly jsonVersion: string | undefined;
  readonly shapes: Readonly<Record<string, Shape>>;
  readonly operations: ReadonlyMap<string, OperationModel>;
}

/**
 * The AWS query protocol APIs (IAM and STS). They are kept apart from ServiceKey/ServiceModel on
 * purpose: code elsewhere indexes per-API tables with `ServiceModel.key`, and those tables cover
 * the three Pinpoint APIs only. Query models come from loadQueryModels(), never loadServiceModels().
 */
export type QueryServiceKey = 'iam' | 'sts';

export interface QueryOperationModel extends Omit<OperationModel, 'service'> {
  readonly service: QueryServiceModel;
  /** The element that wraps the output members (`<CreateUserResult>`); undefined without output. */
  readonly resultWrapper: string | undefined;
}

export interface QueryServiceModel extends Omit<ServiceModel, 'key' | 'protocol' | 'operations'> {
  readonly key: QueryServiceKey;
  readonly protocol: 'query';
  readonly xmlNamespace: string;
  readonly operations: ReadonlyMap<string, QueryOperationModel>;
}

export function shapeOf(service: { readonly key: string; readonly shapes: Readonly<Record<string, Shape>> }, name: string): Shape {
  const shape = service.shapes[name];
  if (!shape) throw new Error(`Model ${service.key} has no shape ${name}`);
  return shape;
}

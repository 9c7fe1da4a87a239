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
  error?: { httpStatusCode?: number; code?: string; senderFault?: boolean };
}

export interface RawOperation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

export interface RawModel {
  metadata: {
    apiVersion: string;
    protocol: string;
    signingName: string;
    serviceId: string;
    targetPrefix?: string;
    jsonVersion?: string;
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

export function shapeOf(service: ServiceModel, name: string): Shape {
  const shape = service.shapes[name];
  if (!shape) throw new Error(`Model ${service.key} has no shape ${name}`);
  return shape;
}

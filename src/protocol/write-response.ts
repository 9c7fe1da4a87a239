import type { OperationModel, ServiceModel } from '../spec/service-model.ts';
import { shapeOf } from '../spec/service-model.ts';
import type { ApiError } from './api-error.ts';
import { writeHeaderValue, writeShape } from './shape-writer.ts';
import type { ShapeLookup } from './shape-writer.ts';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

/** rest-json: status from the model, header-bound members as headers, payload or body members. */
export function writeRestJsonResponse(operation: OperationModel, output: Record<string, unknown> | undefined): WireResponse {
  const lookup: ShapeLookup = (n) => shapeOf(operation.service, n);
  const headers: Record<string, string> = {};
  if (!operation.outputShape) return { status: operation.successStatus, headers, body: undefined };
  const shape = lookup(operation.outputShape);
  const value = output ?? {};
  let status = operation.successStatus;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const member = value[name];
    if (member === undefined || member === null) continue;
    if (ref.location === 'header') headers[(ref.locationName ?? name).toLowerCase()] = writeHeaderValue(lookup(ref.shape), member);
    else if (ref.location === 'headers') {
      for (const [k, v] of Object.entries(member as Record<string, unknown>)) headers[`${ref.locationName ?? ''}${k}`.toLowerCase()] = String(v);
    } else if (ref.location === 'statusCode') status = Number(member);
  }
  if (shape.payload) {
    const ref = shape.members![shape.payload]!;
    const payloadShape = lookup(ref.shape);
    const member = value[shape.payload];
    if (member === undefined || member === null) return { status, headers, body: undefined };
    if (payloadShape.type === 'blob') {
      headers['content-type'] = 'application/octet-stream';
      return { status, headers, body: Buffer.from(member as Uint8Array) };
    }
    if (payloadShape.type === 'string') {
      headers['content-type'] = 'text/plain';
      return { status, headers, body: String(member) };
    }
    headers['content-type'] = 'application/json';
    return { status, headers, body: JSON.stringify(writeShape(lookup, ref.shape, member)) };
  }
  headers['content-type'] = 'application/json';
  return { status, headers, body: JSON.stringify(writeShape(lookup, operation.outputShape, value)) };
}

export function writeAwsJsonResponse(operation: OperationModel, output: Record<string, unknown> | undefined): WireResponse {
  const lookup: ShapeLookup = (n) => shapeOf(operation.service, n);
  const body = operation.outputShape ? writeShape(lookup, operation.outputShape, output ?? {}) : {};
  return { status: 200, headers: { 'content-type': contentTypeOf(operation.service) }, body: JSON.stringify(body) };
}

function contentTypeOf(service: ServiceModel): string {
  return `application/x-amz-json-${service.jsonVersion ?? '1.0'}`;
}

/**
 * Renders an error in the protocol of the API it answers for (rest-json when the API is not known
 * yet, e.g. a request that never named a service).
 */
export function writeError(service: ServiceModel | undefined, error: ApiError, requestId: string): WireResponse {
  const headers: Record<string, string> = { 'x-amzn-errortype': error.code, ...error.headers };
  if (service?.protocol === 'json') {
    headers['content-type'] = contentTypeOf(service);
    // The SDKs read either spelling; the model names the member `Message`.
    const body = { __type: error.code, message: error.message, Message: error.message, ...error.extra };
    return { status: error.status, headers, body: JSON.stringify(body) };
  }
  headers['content-type'] = 'application/json';
  const body: Record<string, unknown> = { Message: error.message, RequestID: requestId, ...error.extra };
  if (error.frontDoor) body.message = error.message;
  return { status: error.status, headers, body: JSON.stringify(body) };
}

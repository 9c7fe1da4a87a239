import type { ServiceModel } from '../spec/service-model.ts';
import { ApiError } from './api-error.ts';
import type { ApiErrorOptions } from './api-error.ts';

/**
 * Builds a modelled error of an API: the status comes from the model's error shape
 * (`error.httpStatusCode`; otherwise 500 for faults and 400 for client errors, as awsJson does),
 * so no handler can answer a modelled error with the wrong status.
 */
export function serviceError(service: ServiceModel, code: string, message: string, options?: ApiErrorOptions): ApiError {
  const shape = service.shapes[code];
  if (!shape?.exception) throw new Error(`Model ${service.key} has no error shape ${code}`);
  const status = shape.error?.httpStatusCode ?? (shape.fault ? 500 : 400);
  return new ApiError(code, status, message, options);
}

/** An operation Pinion does not implement yet (listed as such in docs/compatibility.md). */
export function notImplemented(service: ServiceModel, operation: string): ApiError {
  return new ApiError(
    'NotImplementedException',
    501,
    `Pinion does not implement ${service.serviceId} operation ${operation} yet; see docs/compatibility.md`,
  );
}

/** The catch-all for unexpected failures; the cause is logged, never returned. */
export function internalError(service: ServiceModel | undefined, cause: unknown): ApiError {
  const code = service?.protocol === 'json' ? 'InternalServerException' : service?.key === 'sms-voice' ? 'InternalServiceErrorException' : 'InternalServerErrorException';
  return new ApiError(code, 500, 'Internal server error', { cause });
}

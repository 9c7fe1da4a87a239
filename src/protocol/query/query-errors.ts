import type { QueryServiceModel, Shape } from '../../spec/service-model.ts';
import { ApiError } from '../api-error.ts';
import type { ApiErrorOptions } from '../api-error.ts';
import type { IssueList } from '../validation-issues.ts';

/**
 * The errors of the query protocol APIs (IAM, STS). Their codes on the wire are the model's
 * `error.code` (NoSuchEntity), not the shape name (NoSuchEntityException); the SDKs map one to
 * the other through the model, so only the wire code is ever put in an ApiError.
 */

/** An error shape of the model, found by shape name or by wire code. */
export function findErrorShape(service: QueryServiceModel, code: string): { name: string; shape: Shape } | undefined {
  const direct = service.shapes[code];
  if (direct?.exception) return { name: code, shape: direct };
  for (const [name, shape] of Object.entries(service.shapes)) {
    if (shape.exception && shape.error?.code === code) return { name, shape };
  }
  return undefined;
}

/**
 * Builds a modelled IAM/STS error; the status and wire code come from the model's error shape, so
 * a handler cannot answer NoSuchEntity with anything but 404. `code` may be the shape name or the
 * wire code. An unknown code is a programming error and throws.
 */
export function queryServiceError(service: QueryServiceModel, code: string, message: string, options?: ApiErrorOptions): ApiError {
  const found = findErrorShape(service, code);
  if (!found) throw new Error(`Model ${service.key} has no error shape ${code}`);
  const { name, shape } = found;
  const status = shape.error?.httpStatusCode ?? (shape.fault ? 500 : 400);
  return new ApiError(shape.error?.code ?? name, status, message, options);
}

/**
 * IAM and STS answer an unknown Action, and also a missing or wrong Version, with InvalidAction.
 * Observed against STS: `Version` absent reads "for version NO_VERSION_SPECIFIED", an empty one
 * "for version " and an unknown one "for version 2000-01-01".
 */
export function invalidAction(action: string, version: string | undefined): ApiError {
  return new ApiError('InvalidAction', 400, `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`);
}

/** Member validation failures: IAM and STS both answer 400 ValidationError, not ValidationException. */
export function queryValidationError(issues: IssueList): ApiError {
  return new ApiError('ValidationError', 400, issues.summary());
}

/**
 * Codes raised by the shared front door (SigV4, authorizer, catch-all) in the JSON protocols'
 * spelling, and what IAM and STS call the same failure. A modelled code of the API itself wins
 * (STS models its own ExpiredTokenException, a 400 about web identity tokens), unless the error
 * came from the front door.
 */
const frontDoorCodes: Readonly<Record<string, string>> = {
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  UnrecognizedClientException: 'InvalidClientTokenId',
  ExpiredTokenException: 'ExpiredToken',
  AccessDeniedException: 'AccessDenied',
  // Query APIs spell throttling "Throttling"; the SDKs' retry strategies know both spellings.
  ThrottlingException: 'Throttling',
  ValidationException: 'ValidationError',
};

/** The catch-all codes of src/protocol/service-errors.ts internalError(). */
const internalCodes = new Set(['InternalServerErrorException', 'InternalServerException', 'InternalServiceErrorException']);

export function queryErrorCode(service: QueryServiceModel | undefined, error: ApiError): string {
  if (internalCodes.has(error.code)) return service?.key === 'iam' ? 'ServiceFailure' : 'InternalFailure';
  const renamed = frontDoorCodes[error.code];
  if (renamed === undefined) return error.code;
  if (!error.frontDoor && service && findErrorShape(service, error.code)) return error.code;
  return renamed;
}

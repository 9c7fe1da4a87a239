import type { ServiceModel } from '../spec/service-model.ts';
import { ApiError } from './api-error.ts';
import type { IssueList } from './validation-issues.ts';

/**
 * The modelled error each API uses for bad input: Pinpoint and SMS Voice v1 answer
 * BadRequestException; SMS Voice v2 answers ValidationException with a Reason and the Fields.
 */

export function invalidInput(service: ServiceModel, issues: IssueList): ApiError {
  if (service.protocol === 'json') {
    return new ApiError('ValidationException', 400, issues.summary(), {
      extra: {
        Reason: 'FIELD_VALIDATION_FAILED',
        Fields: issues.issues.map((i) => ({ Name: i.path, Message: i.message })),
      },
    });
  }
  return new ApiError('BadRequestException', 400, issues.summary());
}

export function unparseableInput(service: ServiceModel, message: string, cause?: unknown): ApiError {
  if (service.protocol === 'json') {
    return new ApiError('ValidationException', 400, message, { cause, extra: { Reason: 'CANNOT_PARSE' } });
  }
  return new ApiError('BadRequestException', 400, message, { cause });
}

/** A body larger than the limit; AWS's edge answers 413 whatever the API. */
export function payloadTooLarge(limitBytes: number): ApiError {
  return new ApiError(
    'PayloadTooLargeException',
    413,
    `Request body exceeds the maximum allowed size of ${limitBytes} bytes`,
  );
}

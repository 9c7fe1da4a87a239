import { ApiError } from '../../protocol/api-error.ts';
import { IamConflictError } from '../../storage/iam-repository.ts';

/**
 * IAM's modelled errors (codes and statuses from the IAM model) with AWS's wording. The query
 * protocol renders them as `<ErrorResponse><Error><Code>…`.
 */
export const iamErrors = {
  noSuchEntity: (message: string) => new ApiError('NoSuchEntity', 404, message),
  alreadyExists: (message: string) => new ApiError('EntityAlreadyExists', 409, message),
  deleteConflict: (message: string) => new ApiError('DeleteConflict', 409, message),
  limitExceeded: (message: string) => new ApiError('LimitExceeded', 409, message),
  malformedPolicy: (message: string) => new ApiError('MalformedPolicyDocument', 400, message),
  invalidInput: (message: string) => new ApiError('InvalidInput', 400, message),
  validation: (message: string) => new ApiError('ValidationError', 400, message),
} as const;

/** Runs a repository call, turning the store's refusals into IAM's errors. */
export async function iamCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof IamConflictError) throw new ApiError(error.code, error.code === 'NoSuchEntity' ? 404 : 409, error.message, { cause: error });
    throw error;
  }
}

import { AttributeKeyLimitError, ProjectMissingError, UserEndpointsBusyError } from './endpoints-repository.ts';
import { IamConflictError } from './iam-repository.ts';
import { JobLeaseLostError } from './jobs-repository.ts';
import { TagLimitExceededError } from './repositories.ts';

/**
 * A failure of the storage layer itself (driver error, constraint violation, lost connection,
 * failed migration). The driver's error is kept as `cause`; `code` carries the driver's error
 * code when it has one (a PostgreSQL SQLSTATE such as 23505, or a SQLite code such as
 * SQLITE_CONSTRAINT_PRIMARYKEY).
 */
export class StorageError extends Error {
  readonly operation: string;
  readonly code: string | undefined;

  constructor(operation: string, message: string, options: { cause?: unknown; code?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StorageError';
    this.operation = operation;
    this.code = options.code;
  }

  /** Wraps an error that escaped a driver; errors the contract defines pass through unchanged. */
  static wrap(operation: string, error: unknown): Error {
    if (error instanceof StorageError || error instanceof TagLimitExceededError || error instanceof IamConflictError || error instanceof AttributeKeyLimitError || error instanceof UserEndpointsBusyError || error instanceof ProjectMissingError || error instanceof JobLeaseLostError) return error;
    const code = driverCode(error);
    const detail = error instanceof Error ? error.message : String(error);
    return new StorageError(operation, `${operation} failed: ${detail}`, {
      cause: error,
      ...(code === undefined ? {} : { code }),
    });
  }
}

function driverCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Runs `fn`, converting any escaping driver error into a StorageError naming `operation`. */
export async function guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw StorageError.wrap(operation, error);
  }
}

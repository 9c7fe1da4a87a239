import { ApiError } from '../protocol/api-error.ts';

/**
 * Pinpoint's modelled errors (statuses from the model's error shapes; a unit test checks every one
 * against spec/pinpoint-2016-12-01.json).
 */
export const pinpointErrors = {
  badRequest: (message: string, cause?: unknown) => new ApiError('BadRequestException', 400, message, { cause }),
  forbidden: (message: string) => new ApiError('ForbiddenException', 403, message),
  notFound: (message: string) => new ApiError('NotFoundException', 404, message),
  conflict: (message: string) => new ApiError('ConflictException', 409, message),
  payloadTooLarge: (message: string) => new ApiError('PayloadTooLargeException', 413, message),
  tooManyRequests: (message: string) => new ApiError('TooManyRequestsException', 429, message),
} as const;

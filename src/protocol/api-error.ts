/**
 * The one error type that crosses the request pipeline. Every failure a client can see is an
 * ApiError carrying the AWS error code (the model's shape name, or a front-door code such as
 * InvalidSignatureException), the HTTP status and a message that says exactly what is wrong.
 * The serializer renders it in the protocol of the operation (rest-json or awsJson1_0).
 */
export interface ApiErrorOptions {
  cause?: unknown;
  /** Extra members rendered into the error body (e.g. ValidationException's Reason and Fields). */
  extra?: Record<string, unknown>;
  /**
   * AWS's front door (auth failures, access denied) uses a lowercase `message` key too; the
   * rest-json renderer adds it when this is set.
   */
  frontDoor?: boolean;
  /** Extra response headers (e.g. Allow on 405). */
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  readonly extra: Record<string, unknown> | undefined;
  readonly frontDoor: boolean;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code;
    this.extra = options.extra;
    this.frontDoor = options.frontDoor ?? false;
    this.headers = options.headers;
  }
}

/** Front-door authentication failures, as AWS's edge returns them (403, lowercase message too). */
export const authErrors = {
  missingToken: (message = 'Missing Authentication Token') =>
    new ApiError('MissingAuthenticationTokenException', 403, message, { frontDoor: true }),
  incompleteSignature: (message: string) =>
    new ApiError('IncompleteSignatureException', 403, message, { frontDoor: true }),
  invalidSignature: (message: string) =>
    new ApiError('InvalidSignatureException', 403, message, { frontDoor: true }),
  unrecognizedClient: (message = 'The security token included in the request is invalid.') =>
    new ApiError('UnrecognizedClientException', 403, message, { frontDoor: true }),
} as const;

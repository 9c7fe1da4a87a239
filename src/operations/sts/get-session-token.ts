import type { GetSessionTokenCommandInput, GetSessionTokenCommandOutput } from '@aws-sdk/client-sts';
import { ApiError } from '../../protocol/api-error.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { issueSession } from './session-credentials.ts';

/**
 * Temporary credentials for an IAM user (or root) that act exactly as the user. Needs no
 * permission, as in AWS; refused when called with temporary credentials. Pinion has no MFA
 * devices, so SerialNumber/TokenCode are refused rather than ignored.
 */
export const getSessionToken: OperationHandler<GetSessionTokenCommandInput, Output<GetSessionTokenCommandOutput>> = async (input, context) => {
  const caller = context.caller;
  if (caller.kind === 'assumed-role' || (caller.kind === 'user' && caller.session)) {
    throw new ApiError('AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
  }
  if (input.SerialNumber !== undefined || input.TokenCode !== undefined) {
    throw new ApiError('ValidationError', 400, 'Pinion has no MFA devices: SerialNumber and TokenCode cannot be used');
  }
  if (caller.kind === 'root') {
    throw new ApiError('AccessDenied', 403, "Pinion issues session tokens to IAM users only; its root credentials come from configuration");
  }
  const max = 129_600;
  const duration = input.DurationSeconds ?? 43_200;
  if (duration < 900 || duration > max) {
    throw new ApiError('ValidationError', 400, `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and ${max}`);
  }
  const credentials = await issueSession(context, { kind: 'user', userId: caller.userId }, duration, undefined);
  return { Credentials: credentials };
};

import type { VerifyOTPMessageCommandInput, VerifyOTPMessageCommandOutput } from '@aws-sdk/client-pinpoint';
import { otpCodeHash, sameOtpHash } from '../../domain/otp/otp-hash.ts';
import { readVerifyOtpParameters } from '../../domain/otp/otp-parameters.ts';
import { asBadRequest } from '../messages/send-direct.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { otpPepper } from './otp-pepper.ts';

/**
 * VerifyOTPMessage: Valid is true when the reference, the destination and the code match a code
 * that has not expired, has attempts left and was not used yet ("Validate OTP messages in Amazon
 * Pinpoint"); the code is then consumed. Every other answer is Valid false — a wrong code takes
 * one attempt, and no answer says which of the reasons it was. The comparison is constant-time.
 */
export const verifyOtpMessage: OperationHandler<VerifyOTPMessageCommandInput, Output<VerifyOTPMessageCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const plan = asBadRequest(() => readVerifyOtpParameters(input.VerifyOTPMessageRequestParameters ?? {}));
  const { tenant, repositories } = context;
  if (!(await repositories.apps.get(tenant, appId))) throw pinpointErrors.notFound('Application not found');
  const pepper = await otpPepper(repositories.meta, context.secrets);
  const key = { referenceId: plan.referenceId, destination: plan.destination };
  const candidate = otpCodeHash(pepper, { accountId: tenant.accountId, region: tenant.region, appId, ...key }, plan.otp);
  const outcome = await repositories.otp.verify(tenant, appId, key, context.now().toISOString(), (stored) => sameOtpHash(stored, candidate));
  return { VerificationResponse: { Valid: outcome === 'valid' } };
};

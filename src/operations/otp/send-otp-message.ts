import { randomInt } from 'node:crypto';
import type { SendOTPMessageCommandInput, SendOTPMessageCommandOutput } from '@aws-sdk/client-pinpoint';
import { generateOtpCode } from '../../domain/otp/otp-code.ts';
import { otpCodeHash } from '../../domain/otp/otp-hash.ts';
import { otpMessageTemplate, otpSubstitutions } from '../../domain/otp/otp-message.ts';
import { readSendOtpParameters } from '../../domain/otp/otp-parameters.ts';
import { inExistingApp } from '../apps/app-response.ts';
import { asBadRequest, sendDirect, toEndpointResult } from '../messages/send-direct.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { otpPepper } from './otp-pepper.ts';

/**
 * SendOTPMessage: a new code for (ReferenceId, DestinationIdentity), replacing any earlier one,
 * stored as a hash only, then sent as a transactional SMS through the same path as SendMessages
 * (channel checks, simulator destinations, message log, delivery events). The code is stored
 * before the message leaves, so a user who is quick never meets a code that is not there yet; a
 * send that fails leaves an unusable code behind, which expires.
 *
 * The code exists in clear only in this function and in the message handed to the transport: the
 * message log keeps no content for real transports and events carry no body. The simulator outbox
 * shows what it "sent", the code included: that is what it is for.
 */
export const sendOtpMessage: OperationHandler<SendOTPMessageCommandInput, Output<SendOTPMessageCommandOutput>> = async (input, context) => {
  const appId = input.ApplicationId!;
  const plan = asBadRequest(() => readSendOtpParameters(input.SendOTPMessageRequestParameters ?? {}));
  const { tenant, repositories } = context;
  if (!(await repositories.apps.get(tenant, appId))) throw pinpointErrors.notFound('Application not found');
  const pepper = await otpPepper(repositories.meta, context.secrets);
  const key = { referenceId: plan.referenceId, destination: plan.destination };
  const code = generateOtpCode(plan.codeLength, (max) => randomInt(max));
  const now = context.now();
  await inExistingApp(() =>
    repositories.otp.put(tenant, appId, key, {
      codeHash: otpCodeHash(pepper, { accountId: tenant.accountId, region: tenant.region, appId, ...key }, code),
      attemptsLeft: plan.allowedAttempts,
      expiresAt: new Date(now.getTime() + plan.validityMinutes * 60_000).toISOString(),
      createdDate: now.toISOString(),
    }),
  );
  const origination = plan.origination;
  const [result] = await sendDirect(context, {
    appId,
    configuration: {
      SMSMessage: {
        Body: otpMessageTemplate(plan.language),
        Substitutions: otpSubstitutions(plan.brandName, code),
        MessageType: 'TRANSACTIONAL',
        ...('originationNumber' in origination ? { OriginationNumber: origination.originationNumber } : { SenderId: origination.senderId }),
        ...(plan.entityId !== undefined ? { EntityId: plan.entityId } : {}),
        ...(plan.templateId !== undefined ? { TemplateId: plan.templateId } : {}),
      },
    },
    recipients: [{ kind: 'address', address: plan.destination, channelType: 'SMS', settings: {} }],
  });
  const { Address: _address, ...rest } = toEndpointResult(result!);
  return {
    MessageResponse: {
      ApplicationId: appId,
      RequestId: context.requestId,
      // Entries, then fromEntries, as SendMessages keys its results (keys are data).
      Result: Object.fromEntries([[plan.destination, rest]]),
    },
  };
};

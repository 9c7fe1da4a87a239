import type { APNSChannelRequest } from '@aws-sdk/client-pinpoint';
import { appleIdProblem, bundleIdProblem, certificateProblem, tokenKeyProblem } from '../../domain/channels/push-credentials.ts';
import type { ChannelKind } from '../../storage/channels-repository.ts';
import type { OperationHandler } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import type { ChannelBuild, StoredChannel } from './channel-operations.ts';
import { deleteChannelOperation, getChannelOperation, refuse, requireText, writeChannel } from './channel-operations.ts';
import { toChannelResponse } from './channel-response.ts';

/**
 * The four APNs channels (production, sandbox, VoIP, VoIP sandbox) take the same request.
 * Credentials: token authentication (TokenKey — the .p8 key, sealed —, TokenKeyId, TeamId,
 * BundleId) and/or certificate authentication (Certificate and PrivateKey, both sealed, given
 * together). A set the request leaves out keeps its stored value. DefaultAuthenticationMethod
 * (CERTIFICATE or TOKEN; KEY is taken for TOKEN) is required when the channel ends up with both
 * sets and has none stored; with one set it defaults to that one.
 */

type AuthenticationMethod = 'CERTIFICATE' | 'TOKEN';

function methodOf(value: string | undefined): AuthenticationMethod | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (upper === 'CERTIFICATE') return 'CERTIFICATE';
  if (upper === 'TOKEN' || upper === 'KEY') return 'TOKEN';
  throw pinpointErrors.badRequest('DefaultAuthenticationMethod must be CERTIFICATE (Certificate and PrivateKey) or TOKEN (TokenKey)');
}

function optionalText(member: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : requireText(member, value);
}

/** Checks what the request carries on its own; the merged channel is checked in `build`. */
function checkRequest(request: APNSChannelRequest, now: Date) {
  const tokenKey = optionalText('TokenKey', request.TokenKey);
  if (tokenKey !== undefined) refuse(tokenKeyProblem(tokenKey));
  const tokenKeyId = optionalText('TokenKeyId', request.TokenKeyId);
  if (tokenKeyId !== undefined) refuse(appleIdProblem('TokenKeyId', tokenKeyId));
  const teamId = optionalText('TeamId', request.TeamId);
  if (teamId !== undefined) refuse(appleIdProblem('TeamId', teamId));
  const bundleId = optionalText('BundleId', request.BundleId);
  if (bundleId !== undefined) refuse(bundleIdProblem(bundleId));
  const certificate = optionalText('Certificate', request.Certificate);
  const privateKey = optionalText('PrivateKey', request.PrivateKey);
  if (certificate !== undefined && privateKey === undefined) throw pinpointErrors.badRequest('PrivateKey is required with Certificate (the private key of the APNs certificate)');
  if (privateKey !== undefined && certificate === undefined) throw pinpointErrors.badRequest('Certificate is required with PrivateKey (the APNs certificate the key belongs to)');
  if (certificate !== undefined && privateKey !== undefined) refuse(certificateProblem(certificate, privateKey, now));
  return { tokenKey, tokenKeyId, teamId, bundleId, certificate, privateKey, method: methodOf(request.DefaultAuthenticationMethod) };
}

function build(checked: ReturnType<typeof checkRequest>, stored: StoredChannel): ChannelBuild {
  const settings = stored.record?.settings ?? {};
  const replacesAll = checked.tokenKey !== undefined && checked.certificate !== undefined;
  const kept = replacesAll ? {} : stored.credentials();
  const tokenKey = checked.tokenKey ?? kept.TokenKey;
  const certificate = checked.certificate === undefined ? kept.Certificate : checked.certificate;
  const privateKey = checked.certificate === undefined ? kept.PrivateKey : checked.privateKey;
  const stringSetting = (name: string) => (typeof settings[name] === 'string' ? (settings[name] as string) : undefined);
  const token = { TokenKeyId: checked.tokenKeyId ?? stringSetting('TokenKeyId'), TeamId: checked.teamId ?? stringSetting('TeamId'), BundleId: checked.bundleId ?? stringSetting('BundleId') };

  const hasToken = tokenKey !== undefined;
  const hasCertificate = certificate !== undefined && privateKey !== undefined;
  if (hasToken || token.TokenKeyId !== undefined || token.TeamId !== undefined) {
    for (const [member, value] of [['TokenKey', tokenKey], ['TokenKeyId', token.TokenKeyId], ['TeamId', token.TeamId], ['BundleId', token.BundleId]] as const) {
      if (value === undefined) throw pinpointErrors.badRequest(`${member} is required for token authentication (TokenKey, TokenKeyId, TeamId and BundleId go together)`);
    }
  }
  if (!hasToken && !hasCertificate) {
    throw pinpointErrors.badRequest('Certificate and PrivateKey (certificate authentication) or TokenKey, TokenKeyId, TeamId and BundleId (token authentication) are required');
  }
  const storedMethod = stringSetting('DefaultAuthenticationMethod');
  const method = checked.method ?? (hasToken && hasCertificate ? (storedMethod as AuthenticationMethod | undefined) : hasToken ? 'TOKEN' : 'CERTIFICATE');
  if (method === undefined) throw pinpointErrors.badRequest('DefaultAuthenticationMethod is required when the channel has both a certificate and a token key: CERTIFICATE or TOKEN');
  if (method === 'TOKEN' && !hasToken) throw pinpointErrors.badRequest('DefaultAuthenticationMethod TOKEN needs a TokenKey (with TokenKeyId, TeamId and BundleId)');
  if (method === 'CERTIFICATE' && !hasCertificate) throw pinpointErrors.badRequest('DefaultAuthenticationMethod CERTIFICATE needs a Certificate and its PrivateKey');

  const credentials: Record<string, string> = {
    ...(hasToken ? { TokenKey: tokenKey } : {}),
    ...(hasCertificate ? { Certificate: certificate, PrivateKey: privateKey } : {}),
  };
  return {
    settings: {
      ...(token.BundleId === undefined ? {} : { BundleId: token.BundleId }),
      ...(hasToken ? { TokenKeyId: token.TokenKeyId, TeamId: token.TeamId } : {}),
      DefaultAuthenticationMethod: method,
      HasTokenKey: hasToken,
      HasCertificate: hasCertificate,
    },
    credentials,
  };
}

function apnsOperations(kind: ChannelKind, requestMember: string, responseMember: string) {
  const update: OperationHandler<Record<string, unknown>> = async (input, context) => {
    const request = input[requestMember] as APNSChannelRequest;
    const checked = checkRequest(request, context.now());
    const record = await writeChannel(context, input.ApplicationId as string, kind, request.Enabled, (stored) => build(checked, stored));
    return { [responseMember]: toChannelResponse(record) };
  };
  return { get: getChannelOperation(kind, responseMember), update, delete: deleteChannelOperation(kind, responseMember) };
}

export const apnsChannel = apnsOperations('apns', 'APNSChannelRequest', 'APNSChannelResponse');
export const apnsSandboxChannel = apnsOperations('apns_sandbox', 'APNSSandboxChannelRequest', 'APNSSandboxChannelResponse');
export const apnsVoipChannel = apnsOperations('apns_voip', 'APNSVoipChannelRequest', 'APNSVoipChannelResponse');
export const apnsVoipSandboxChannel = apnsOperations('apns_voip_sandbox', 'APNSVoipSandboxChannelRequest', 'APNSVoipSandboxChannelResponse');

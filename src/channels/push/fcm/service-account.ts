import { GOOGLE_TOKEN_ENDPOINT } from '../../../config/push-config.ts';

/** What Pinion takes from an FCM service-account key file. */
export interface ServiceAccount {
  readonly projectId: string;
  readonly clientEmail: string;
  readonly privateKey: string;
  readonly privateKeyId: string | undefined;
  readonly tokenUri: string;
}

/**
 * Reads the channel's ServiceJson. Its `token_uri` (Google's token endpoint when absent) must be
 * Google's own or the one the operator allowed with PINION_FCM_TOKEN_ENDPOINT: the file is the
 * customer's, and Pinion posts a signed assertion to that address. Problems never quote the key.
 */
export function readServiceAccount(text: string, allowedTokenEndpoint: string | undefined): ServiceAccount | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'The GCM channel ServiceJson is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: 'The GCM channel ServiceJson is not a JSON object' };
  const json = parsed as Record<string, unknown>;
  const text_ = (name: string) => (typeof json[name] === 'string' && json[name] !== '' ? (json[name] as string) : undefined);
  const projectId = text_('project_id');
  const clientEmail = text_('client_email');
  const privateKey = text_('private_key');
  if (projectId === undefined || clientEmail === undefined || privateKey === undefined) return { problem: 'The GCM channel ServiceJson lacks project_id, client_email or private_key' };
  const tokenUri = normalized(text_('token_uri') ?? GOOGLE_TOKEN_ENDPOINT);
  if (tokenUri === undefined || (tokenUri !== GOOGLE_TOKEN_ENDPOINT && tokenUri !== allowedTokenEndpoint)) {
    return { problem: `The GCM channel ServiceJson names a token_uri other than ${GOOGLE_TOKEN_ENDPOINT}; the operator can allow another with PINION_FCM_TOKEN_ENDPOINT` };
  }
  return { projectId, clientEmail, privateKey, privateKeyId: text_('private_key_id'), tokenUri };
}

/** The URL as the WHATWG parser writes it (as the configuration's endpoints are), or undefined when it is none. */
function normalized(text: string): string | undefined {
  try {
    return new URL(text).toString();
  } catch {
    return undefined;
  }
}

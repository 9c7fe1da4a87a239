import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { addressProblem } from '../endpoints/endpoint-address.ts';

/**
 * Checks of push credentials before they are sealed: APNs token keys (.p8), APNs certificates
 * with their private keys, FCM service-account JSON. Pure (node:crypto parses, nothing is read
 * or sent). Problems name the member and never quote key material.
 */

function privateKey(text: string): KeyObject | undefined {
  try {
    return createPrivateKey({ key: text, format: 'pem' });
  } catch {
    return undefined;
  }
}

/** An APNs authentication token signing key: a PKCS#8 PEM (.p8) P-256 key, signed with ES256. */
export function tokenKeyProblem(text: string): string | undefined {
  if (!text.includes('-----BEGIN PRIVATE KEY-----')) return 'TokenKey must be the PKCS#8 PEM text of the .p8 key file from Apple (-----BEGIN PRIVATE KEY-----)';
  const key = privateKey(text);
  if (!key) return 'TokenKey is not a readable PKCS#8 private key';
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return 'TokenKey must be an elliptic-curve P-256 key (APNs tokens are signed with ES256)';
  }
  return undefined;
}

/** The 10-character identifiers Apple assigns: TokenKeyId (the key's id) and TeamId. */
export function appleIdProblem(member: 'TokenKeyId' | 'TeamId', value: string): string | undefined {
  return /^[A-Z0-9]{10}$/.test(value) ? undefined : `${member} must be the 10-character identifier Apple assigned (capital letters and digits)`;
}

/** A bundle identifier (reverse DNS: letters, digits, hyphens and periods), the APNs topic. */
export function bundleIdProblem(value: string): string | undefined {
  return /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/.test(value) && value.length <= 155 ? undefined : 'BundleId must be a bundle identifier (letters, digits, hyphens and periods, e.g. com.example.app)';
}

/**
 * An APNs client certificate (PEM) with its private key (PEM, not encrypted): both readable, the
 * key the certificate's own, the certificate not expired at `now`.
 */
export function certificateProblem(certificate: string, key: string, now: Date): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificate);
  } catch {
    return 'Certificate is not a readable X.509 certificate in PEM (-----BEGIN CERTIFICATE-----)';
  }
  const privateKeyObject = privateKey(key);
  if (!privateKeyObject) return 'PrivateKey is not a readable, unencrypted PEM private key';
  if (!cert.checkPrivateKey(privateKeyObject)) return 'PrivateKey is not the private key of Certificate';
  const validTo = Date.parse(cert.validTo);
  if (Number.isFinite(validTo) && validTo <= now.getTime()) return `Certificate expired on ${new Date(validTo).toISOString()}`;
  return undefined;
}

/** An FCM service-account key file (JSON): type service_account, project_id, client_email, an RSA private_key. */
export function serviceJsonProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'ServiceJson is not valid JSON (give the contents of the service-account key file from Firebase)';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'ServiceJson must be a JSON object';
  const json = parsed as Record<string, unknown>;
  if (json.type !== 'service_account') return 'ServiceJson must be a service-account key file ("type": "service_account")';
  for (const member of ['project_id', 'client_email', 'private_key'] as const) {
    if (typeof json[member] !== 'string' || json[member] === '') return `ServiceJson has no ${member}`;
  }
  if (addressProblem('EMAIL', json.client_email as string) !== undefined) return 'ServiceJson client_email is not an email address';
  const key = privateKey(json.private_key as string);
  if (!key) return 'ServiceJson private_key is not a readable PEM private key';
  if (key.asymmetricKeyType !== 'rsa') return 'ServiceJson private_key must be an RSA key (FCM access tokens are signed with RS256)';
  return undefined;
}

// Push credentials made at test time (nothing committed): an APNs .p8 token key (P-256, PKCS#8),
// a self-signed APNs-style certificate with its RSA key (through the openssl command), and an FCM
// service-account key file with a fresh RSA key.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PKCS#8 PEM P-256 private key, as Apple's .p8 files hold. */
export function apnsTokenKey(): string {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A P-384 key: readable, but not one APNs tokens can be signed with. */
export function wrongCurveKey(): string {
  return generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** An RSA private key in PKCS#8 PEM. */
export function rsaKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A self-signed certificate (valid for `days` days from now) and its private key, both PEM. */
export function selfSignedCertificate(commonName = 'Apple Push Services: com.example.app', days = 30): { certificate: string; privateKey: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${commonName}`, '-days', String(days)], { stdio: 'ignore' });
    return { certificate: readFileSync(certFile, 'utf8'), privateKey: readFileSync(keyFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of an FCM service-account key file (with a fresh RSA key), with `overrides` applied. */
export function serviceAccountJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: 'pinion-test-project',
    private_key_id: '0123456789abcdef0123456789abcdef01234567',
    private_key: rsaKey(),
    client_email: 'firebase-adminsdk@pinion-test-project.iam.gserviceaccount.com',
    client_id: '123456789012345678901',
    token_uri: 'https://oauth2.googleapis.com/token',
    ...overrides,
  });
}

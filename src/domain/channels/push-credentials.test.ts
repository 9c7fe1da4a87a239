import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apnsTokenKey, rsaKey, selfSignedCertificate, serviceAccountJson, wrongCurveKey } from '../../../test/helpers/push-credentials.ts';
import { appleIdProblem, bundleIdProblem, certificateProblem, serviceJsonProblem, tokenKeyProblem } from './push-credentials.ts';

describe('APNs token key', () => {
  test('a PKCS#8 P-256 key is accepted', () => {
    assert.equal(tokenKeyProblem(apnsTokenKey()), undefined);
  });

  test('other text, other curves, other key types and other PEM types are refused, naming TokenKey', () => {
    assert.match(tokenKeyProblem('not a key')!, /^TokenKey must be the PKCS#8 PEM text/);
    assert.match(tokenKeyProblem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')!, /^TokenKey is not a readable PKCS#8 private key/);
    assert.match(tokenKeyProblem(wrongCurveKey())!, /^TokenKey must be an elliptic-curve P-256 key/);
    assert.match(tokenKeyProblem(rsaKey())!, /^TokenKey must be an elliptic-curve P-256 key/);
  });

  test('the problem never quotes the key', () => {
    const key = wrongCurveKey();
    assert.equal(tokenKeyProblem(key)!.includes(key.split('\n')[1]!), false);
  });
});

describe('Apple identifiers and bundle ids', () => {
  test('10 capital letters or digits', () => {
    assert.equal(appleIdProblem('TeamId', 'ABCDE12345'), undefined);
    assert.match(appleIdProblem('TeamId', 'abcde12345')!, /^TeamId must be the 10-character identifier/);
    assert.match(appleIdProblem('TokenKeyId', 'ABC')!, /^TokenKeyId must be/);
  });

  test('reverse-DNS bundle ids', () => {
    assert.equal(bundleIdProblem('com.example.app'), undefined);
    assert.equal(bundleIdProblem('com.example-corp.App2'), undefined);
    assert.match(bundleIdProblem('com..example')!, /^BundleId must be a bundle identifier/);
    assert.match(bundleIdProblem('com example')!, /^BundleId/);
  });
});

describe('APNs certificate', () => {
  const { certificate, privateKey } = selfSignedCertificate();

  test('a certificate with its own key is accepted', () => {
    assert.equal(certificateProblem(certificate, privateKey, new Date()), undefined);
  });

  test('a key of another certificate, unreadable text and an expired certificate are refused', () => {
    assert.match(certificateProblem(certificate, rsaKey(), new Date())!, /^PrivateKey is not the private key of Certificate/);
    assert.match(certificateProblem('MIIC', privateKey, new Date())!, /^Certificate is not a readable X\.509 certificate/);
    assert.match(certificateProblem(certificate, 'nope', new Date())!, /^PrivateKey is not a readable, unencrypted PEM private key/);
    assert.match(certificateProblem(certificate, privateKey, new Date(Date.now() + 60 * 86_400_000))!, /^Certificate expired on \d{4}-/);
  });
});

describe('FCM service-account JSON', () => {
  test('a service-account key file is accepted', () => {
    assert.equal(serviceJsonProblem(serviceAccountJson()), undefined);
  });

  test('each missing or wrong member is named', () => {
    assert.match(serviceJsonProblem('{')!, /^ServiceJson is not valid JSON/);
    assert.match(serviceJsonProblem('[]')!, /^ServiceJson must be a JSON object/);
    assert.match(serviceJsonProblem(serviceAccountJson({ type: 'authorized_user' }))!, /"type": "service_account"/);
    assert.match(serviceJsonProblem(serviceAccountJson({ project_id: undefined }))!, /^ServiceJson has no project_id/);
    assert.match(serviceJsonProblem(serviceAccountJson({ client_email: '' }))!, /^ServiceJson has no client_email/);
    assert.match(serviceJsonProblem(serviceAccountJson({ client_email: 'nobody' }))!, /^ServiceJson client_email is not an email address/);
    assert.match(serviceJsonProblem(serviceAccountJson({ private_key: 'garbage' }))!, /^ServiceJson private_key is not a readable PEM private key/);
    assert.match(serviceJsonProblem(serviceAccountJson({ private_key: apnsTokenKey() }))!, /^ServiceJson private_key must be an RSA key/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readServiceAccount } from './service-account.ts';

const account = { type: 'service_account', project_id: 'p1', client_email: 'a@p1.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nsecret-key-material\n-----END PRIVATE KEY-----\n', private_key_id: 'k1' };
const text = (overrides: Record<string, unknown> = {}) => JSON.stringify({ ...account, ...overrides });

describe('service account token_uri allow-list', () => {
  test("Google's endpoint, or none (Google's is meant), is accepted", () => {
    const read = readServiceAccount(text({ token_uri: 'https://oauth2.googleapis.com/token' }), undefined);
    assert.deepEqual(read, { projectId: 'p1', clientEmail: account.client_email, privateKey: account.private_key, privateKeyId: 'k1', tokenUri: 'https://oauth2.googleapis.com/token' });
    assert.equal((readServiceAccount(text(), undefined) as { tokenUri: string }).tokenUri, 'https://oauth2.googleapis.com/token');
  });

  test('another endpoint only when the operator allowed exactly that one', () => {
    const own = 'https://tokens.internal.example/token';
    assert.equal((readServiceAccount(text({ token_uri: own }), own) as { tokenUri: string }).tokenUri, own);
    for (const uri of [own, 'http://169.254.169.254/latest/meta-data', 'https://oauth2.googleapis.com.evil.example/token', 'https://oauth2.googleapis.com/token/../x', 'not a url']) {
      const refused = readServiceAccount(text({ token_uri: uri }), uri === own ? 'https://other.example/token' : undefined);
      assert.ok('problem' in refused, uri);
      assert.match(refused.problem, /token_uri other than https:\/\/oauth2\.googleapis\.com\/token/);
    }
  });

  test('unreadable files are refused without quoting the key', () => {
    for (const bad of ['{', '[]', text({ private_key: '' })]) {
      const refused = readServiceAccount(bad, undefined);
      assert.ok('problem' in refused);
      assert.doesNotMatch(refused.problem, /secret-key-material/);
    }
  });
});

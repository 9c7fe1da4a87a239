import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from './config.ts';
import { refuses } from '../../test/helpers/config-refusal.ts';

describe('database settings', () => {
  test('PostgreSQL statements are cancelled after 5 minutes by default; 0 turns the limit off', () => {
    assert.equal(loadConfig({}).databaseStatementTimeoutMs, 300_000);
    assert.equal(loadConfig({ PINION_DATABASE_STATEMENT_TIMEOUT_MS: '0' }).databaseStatementTimeoutMs, 0);
    assert.equal(loadConfig({ PINION_DATABASE_STATEMENT_TIMEOUT_MS: '15000' }).databaseStatementTimeoutMs, 15_000);
  });

  test('a timeout that is no whole number of milliseconds up to a day is refused', () => {
    refuses({ PINION_DATABASE_STATEMENT_TIMEOUT_MS: '1.5' }, /^PINION_DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds from 0 to 86400000, got '1\.5'$/);
    refuses({ PINION_DATABASE_STATEMENT_TIMEOUT_MS: '86400001' }, /must be a whole number of milliseconds/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('auditRetentionDays (PINION_AUDIT_RETENTION_DAYS)', () => {
  test('defaults to 90 days', () => {
    assert.equal(loadConfig({}).auditRetentionDays, 90);
    assert.equal(loadConfig({ PINION_AUDIT_RETENTION_DAYS: '  ' }).auditRetentionDays, 90);
  });

  test('takes a whole number of days from 1 to 3650', () => {
    for (const [text, days] of [['1', 1], ['30', 30], [' 365 ', 365], ['3650', 3650], ['007', 7]] as const) {
      assert.equal(loadConfig({ PINION_AUDIT_RETENTION_DAYS: text }).auditRetentionDays, days, text);
    }
  });

  test('anything else is a ConfigError that names the variable and the value', () => {
    for (const text of ['0', '3651', '-5', '1.5', '1e3', 'ninety', '90d', '0x10']) {
      assert.throws(
        () => loadConfig({ PINION_AUDIT_RETENTION_DAYS: text }),
        (error) => {
          assert.ok(error instanceof ConfigError, text);
          assert.match(error.message, /PINION_AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 3650/);
          assert.ok(error.message.includes(`'${text}'`), error.message);
          return true;
        },
      );
    }
  });
});

describe('eventLogRetentionDays (PINION_EVENT_LOG_RETENTION_DAYS)', () => {
  test('defaults to 90 days and takes 1 to 3650', () => {
    assert.equal(loadConfig({}).eventLogRetentionDays, 90);
    assert.equal(loadConfig({ PINION_EVENT_LOG_RETENTION_DAYS: '400' }).eventLogRetentionDays, 400);
    for (const text of ['0', '3651', 'forever']) {
      assert.throws(() => loadConfig({ PINION_EVENT_LOG_RETENTION_DAYS: text }), /PINION_EVENT_LOG_RETENTION_DAYS must be a whole number of days from 1 to 3650/);
    }
  });
});

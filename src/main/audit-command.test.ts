import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rootPrincipal } from '../iam/principal.ts';
import { buildAuditRecord } from '../observability/audit-event.ts';
import type { AuditCall } from '../observability/audit-event.ts';
import { auditUserLabel, formatAuditLines, parseAuditTime } from './audit-command.ts';

const now = new Date('2026-11-23T12:00:00.000Z');

describe('parseAuditTime', () => {
  test('spans before now: s, m, h, d, w', () => {
    assert.equal(parseAuditTime('30s', now)?.toISOString(), '2026-11-23T11:59:30.000Z');
    assert.equal(parseAuditTime('15m', now)?.toISOString(), '2026-11-23T11:45:00.000Z');
    assert.equal(parseAuditTime('2h', now)?.toISOString(), '2026-11-23T10:00:00.000Z');
    assert.equal(parseAuditTime('7d', now)?.toISOString(), '2026-11-16T12:00:00.000Z');
    assert.equal(parseAuditTime('1w', now)?.toISOString(), '2026-11-16T12:00:00.000Z');
    assert.equal(parseAuditTime('0m', now)?.toISOString(), now.toISOString());
  });

  test('ISO-8601 dates and times; a time without an offset is UTC', () => {
    assert.equal(parseAuditTime('2026-11-20', now)?.toISOString(), '2026-11-20T00:00:00.000Z');
    assert.equal(parseAuditTime('2026-11-20T08:30', now)?.toISOString(), '2026-11-20T08:30:00.000Z');
    assert.equal(parseAuditTime('2026-11-20T08:30:15Z', now)?.toISOString(), '2026-11-20T08:30:15.000Z');
    assert.equal(parseAuditTime('2026-11-20T08:30:15.250Z', now)?.toISOString(), '2026-11-20T08:30:15.250Z');
    assert.equal(parseAuditTime('2026-11-20T10:30:15+02:00', now)?.toISOString(), '2026-11-20T08:30:15.000Z');
  });

  test('anything else is refused', () => {
    for (const text of ['', 'now', 'yesterday', '15', '15 m', '-5m', '1y', '2026-13-01T00:00:00Z', '2026-11-20 08:30', 'Mon, 23 Nov 2026 12:00:00 GMT', '1700000000']) {
      assert.equal(parseAuditTime(text, now), undefined, JSON.stringify(text));
    }
  });
});

function call(overrides: Partial<AuditCall>): AuditCall {
  return {
    time: new Date('2026-11-23T11:00:00Z'),
    service: 'mobiletargeting',
    operation: 'GetApps',
    region: 'us-east-1',
    sourceIp: '10.0.0.1',
    userAgent: undefined,
    requestId: 'r-1',
    caller: rootPrincipal('123456789012'),
    accessKeyId: undefined,
    input: undefined,
    errorCode: undefined,
    errorMessage: undefined,
    ...overrides,
  };
}

describe('formatAuditLines', () => {
  test('aligned columns; whitespace and control characters cannot break a line', () => {
    const records = [
      buildAuditRecord(call({ requestId: 'r-1' }), '123456789012', 'e-1'),
      buildAuditRecord(call({ requestId: 'r-2', operation: 'CreateApp', caller: undefined, errorCode: 'Bad\nCode', sourceIp: '2001:db8::1' }), '123456789012', 'e-2'),
    ];
    assert.equal(
      formatAuditLines(records),
      '2026-11-23T11:00:00Z  GetApps    root             10.0.0.1     OK        r-1\n' +
        '2026-11-23T11:00:00Z  CreateApp  unauthenticated  2001:db8::1  Bad?Code  r-2\n',
    );
    assert.equal(formatAuditLines([]), '');
  });

  test('user labels', () => {
    assert.equal(auditUserLabel(buildAuditRecord(call({ caller: undefined, accessKeyId: 'AKIAX' }), '1', 'e')), 'unauthenticated:AKIAX');
  });
});

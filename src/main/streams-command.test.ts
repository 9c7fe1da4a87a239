import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventStreamStatus } from '../engine/event-stream-status.ts';
import { formatAge, formatStatusTable, statusJson } from './streams-command.ts';

const now = new Date('2026-11-23T12:00:00.000Z');

function status(appId: string, overrides: Partial<EventStreamStatus['stream']> = {}, backlog: EventStreamStatus['backlog'] = { count: 0, oldestEnqueuedDate: undefined }): EventStreamStatus {
  return {
    stream: {
      tenant: { accountId: '123456789012', region: 'us-east-1' },
      applicationId: appId,
      destinationStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/events',
      roleArn: 'arn:aws:iam::123456789012:role/R',
      externalId: undefined,
      lastModifiedDate: '2026-11-23T10:00:00.000Z',
      lastUpdatedBy: 'arn:aws:iam::123456789012:root',
      health: 'HEALTHY',
      healthReason: undefined,
      healthSince: undefined,
      lastDeliveryDate: undefined,
      ...overrides,
    },
    backlog,
  };
}

describe('pinion streams status output', () => {
  test('ages', () => {
    assert.equal(formatAge(undefined), '-');
    assert.equal(formatAge(0.4), '0s');
    assert.equal(formatAge(59), '59s');
    assert.equal(formatAge(61), '1m');
    assert.equal(formatAge(3 * 3600 + 5 * 60), '3h05m');
    assert.equal(formatAge(2 * 86_400 + 4 * 3600 + 59), '2d04h');
  });

  test('one aligned row per stream, the reason last and whole', () => {
    const text = formatStatusTable(
      [
        status('a'.repeat(32), { lastDeliveryDate: '2026-11-23T11:59:00.000Z' }),
        status('b'.repeat(32), { health: 'UNHEALTHY', healthReason: 'role check failed: the policies of role R do not allow kinesis:PutRecords\non x' }, { count: 42, oldestEnqueuedDate: '2026-11-23T11:00:00.000Z' }),
      ],
      now,
    );
    const lines = text.split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '');
    const cells = lines.slice(0, 3).map((line) => line.split(/ {2,}/));
    assert.deepEqual(cells[0], ['APPLICATION', 'REGION', 'DESTINATION', 'HEALTH', 'BACKLOG', 'OLDEST', 'LAST DELIVERY', 'REASON']);
    assert.deepEqual(cells[1], ['a'.repeat(32), 'us-east-1', 'arn:aws:kinesis:us-east-1:123456789012:stream/events', 'HEALTHY', '0', '-', '2026-11-23T11:59:00.000Z', '-']);
    assert.deepEqual(cells[2], ['b'.repeat(32), 'us-east-1', 'arn:aws:kinesis:us-east-1:123456789012:stream/events', 'UNHEALTHY', '42', '1h00m', '-', 'role check failed: the policies of role R do not allow kinesis:PutRecords on x']);
    // Columns line up: each cell starts where its title does.
    for (const title of ['REGION', 'HEALTH', 'BACKLOG', 'REASON']) {
      const column = lines[0]!.indexOf(title);
      const index = cells[0]!.indexOf(title);
      assert.equal(lines[1]!.indexOf(cells[1]![index]!, column - 1), column, title);
      assert.equal(lines[2]!.indexOf(cells[2]![index]!, column - 1), column, title);
    }
  });

  test('JSON: one object per stream with nulls for what is absent', () => {
    assert.deepEqual(statusJson([status('c'.repeat(32), {}, { count: 3, oldestEnqueuedDate: '2026-11-23T11:59:30.000Z' })], now), [
      {
        accountId: '123456789012',
        region: 'us-east-1',
        applicationId: 'c'.repeat(32),
        destinationStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/events',
        roleArn: 'arn:aws:iam::123456789012:role/R',
        health: 'HEALTHY',
        healthReason: null,
        healthSince: null,
        backlog: 3,
        oldestEnqueuedDate: '2026-11-23T11:59:30.000Z',
        oldestAgeSeconds: 30,
        lastDeliveryDate: null,
      },
    ]);
  });
});

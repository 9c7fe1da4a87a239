import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { effectiveInstant } from './effective-instant.ts';

describe('effectiveInstant', () => {
  test('writes any ISO-8601 offset as the canonical UTC instant', () => {
    assert.equal(effectiveInstant('2026-11-23T10:00:00+02:00'), '2026-11-23T08:00:00.000Z');
    assert.equal(effectiveInstant('2026-11-23T10:00:00.5-0130'), '2026-11-23T11:30:00.500Z');
    assert.equal(effectiveInstant('2026-11-23T10:00:00.123Z'), '2026-11-23T10:00:00.123Z');
  });

  test('reads a date or a time without an offset as UTC, whatever the server time zone', () => {
    assert.equal(effectiveInstant('2026-11-23'), '2026-11-23T00:00:00.000Z');
    assert.equal(effectiveInstant('2026-11-23T10:00'), '2026-11-23T10:00:00.000Z');
  });

  test('keeps text that is not an instant as it is', () => {
    assert.equal(effectiveInstant('not a date'), 'not a date');
  });
});

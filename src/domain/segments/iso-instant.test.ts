import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoInstantMs, utcDayOf } from './iso-instant.ts';

test('isoInstantMs reads dates and date-times as instants, UTC when no offset is given', () => {
  const at = (text: string) => Date.parse(text);
  assert.equal(isoInstantMs('2026-03-01'), at('2026-03-01T00:00:00Z'));
  assert.equal(isoInstantMs('2026-03-01T10:00'), at('2026-03-01T10:00:00Z'));
  assert.equal(isoInstantMs('2026-03-01T10:00:05'), at('2026-03-01T10:00:05Z'));
  assert.equal(isoInstantMs('2026-03-01T10:00:05.5Z'), at('2026-03-01T10:00:05.500Z'));
  assert.equal(isoInstantMs('2026-03-01T10:00:05.123999999Z'), at('2026-03-01T10:00:05.123Z'), 'fractions are cut to the millisecond');
  assert.equal(isoInstantMs('2026-03-02T00:30:00+02:00'), at('2026-03-01T22:30:00Z'));
  assert.equal(isoInstantMs('2026-06-14T06:30:00-0500'), at('2026-06-14T11:30:00Z'));
  assert.equal(isoInstantMs('2026-02-30'), at('2026-03-02T00:00:00Z'), 'day numbers past the month roll over');
  assert.equal(isoInstantMs('0001-01-01'), Date.UTC(2000, 0, 1) - 730_119 * 86_400_000, 'years below 100 are not read as 19xx');
  for (const bad of ['', 'soon', '2026-1-01', '2026-13-01', '2026-01-32', '2026-01-01T24:00', '2026-01-01T10', '2026-01-01 10:00', '2026-01-01t10:00z', '0000-01-01', '2026-01-01T10:00:00+5']) {
    assert.equal(isoInstantMs(bad), undefined, bad);
  }
});

test('utcDayOf counts whole UTC days since the epoch', () => {
  assert.equal(utcDayOf(0), 0);
  assert.equal(utcDayOf(86_399_999), 0);
  assert.equal(utcDayOf(-1), -1);
  assert.equal(utcDayOf(Date.parse('2026-03-01T23:59:59.999Z')), utcDayOf(Date.parse('2026-03-01T00:00:00Z')));
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalBase64, parseBool, parseDate, parseNumber } from './condition-values.ts';
import { cidrContains, parseCidr, parseIp } from './ip-cidr.ts';

describe('parseNumber', () => {
  test('integers, decimals, signs and exponents', () => {
    const rows: [string, number | undefined][] = [
      ['10', 10],
      ['-3', -3],
      ['+2.5', 2.5],
      ['.5', 0.5],
      ['1e3', 1000],
      ['10.', 10],
      ['', undefined],
      ['0x10', undefined],
      ['ten', undefined],
      ['1 0', undefined],
      ['Infinity', undefined],
    ];
    for (const [text, expected] of rows) assert.equal(parseNumber(text), expected, text);
  });
});

describe('parseDate', () => {
  test('W3C ISO 8601 forms', () => {
    const rows: [string, string][] = [
      ['2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000Z'],
      ['2020-01-01T00:00:00.123Z', '2020-01-01T00:00:00.123Z'],
      ['2020-01-01T02:30:00+02:30', '2020-01-01T00:00:00.000Z'],
      ['2020-01-01T00:00:00-0100', '2020-01-01T01:00:00.000Z'],
      ['2020-01-01T10:20Z', '2020-01-01T10:20:00.000Z'],
      ['2020-01-01', '2020-01-01T00:00:00.000Z'],
      ['2020-02', '2020-02-01T00:00:00.000Z'],
      ['2020-01-01T00:00:00', '2020-01-01T00:00:00.000Z'],
      ['20200101T000000Z', '2020-01-01T00:00:00.000Z'],
    ];
    for (const [text, iso] of rows) assert.equal(new Date(parseDate(text)!).toISOString(), iso, text);
  });

  test('epoch seconds, integer or fractional', () => {
    assert.equal(parseDate('1577836800'), Date.UTC(2020, 0, 1));
    assert.equal(parseDate('1577836800.5'), Date.UTC(2020, 0, 1) + 500);
    assert.equal(parseDate('0'), 0);
  });

  test('refuses impossible or foreign dates', () => {
    for (const text of ['2020-13-01', '2021-02-29', '2020-01-01T24:00:00Z', '2020-01-01T00:60Z', 'Jan 1 2020', '', 'now']) {
      assert.equal(parseDate(text), undefined, text);
    }
    assert.equal(new Date(parseDate('2020-02-29')!).toISOString(), '2020-02-29T00:00:00.000Z');
  });
});

describe('parseBool and canonicalBase64', () => {
  test('booleans in any case', () => {
    assert.equal(parseBool('TRUE'), 'true');
    assert.equal(parseBool('false'), 'false');
    assert.equal(parseBool('1'), undefined);
  });

  test('base64 with or without padding, and base64url, compare by bytes', () => {
    assert.equal(canonicalBase64('QmluYXJ5'), 'QmluYXJ5');
    assert.equal(canonicalBase64('QQ'), 'QQ==');
    assert.equal(canonicalBase64('-_8='), '+/8=');
    assert.equal(canonicalBase64('Q'), undefined);
    assert.equal(canonicalBase64('a b'), undefined);
  });
});

describe('IP addresses and CIDR blocks', () => {
  const contains = (cidr: string, ip: string): boolean => cidrContains(parseCidr(cidr)!, parseIp(ip)!);

  test('IPv4 and IPv6 parsing, IPv4-mapped IPv6 folds to IPv4, zone ids dropped', () => {
    assert.deepEqual(parseIp('192.0.2.1'), { v: 4, n: 0xc0000201 });
    assert.deepEqual(parseIp('::ffff:192.0.2.1'), { v: 4, n: 0xc0000201 });
    assert.deepEqual(parseIp('::ffff:c000:201'), { v: 4, n: 0xc0000201 });
    assert.deepEqual(parseIp('2001:db8::1'), { v: 6, w: [0x20010db8, 0, 0, 1] });
    assert.deepEqual(parseIp('1:2:3:4:5:6:7:8'), { v: 6, w: [0x10002, 0x30004, 0x50006, 0x70008] });
    assert.deepEqual(parseIp('64:ff9b::192.0.2.1'), { v: 6, w: [0x64ff9b, 0, 0, 0xc0000201] });
    assert.deepEqual(parseIp('fe80::1%eth0'), { v: 6, w: [0xfe800000, 0, 0, 1] });
    for (const bad of ['', '1.2.3', '256.0.0.1', '2001:db8::g', 'localhost']) assert.equal(parseIp(bad), undefined, bad);
  });

  test('CIDR parsing: bare addresses are hosts, prefixes are bounded', () => {
    assert.deepEqual(parseCidr('192.0.2.1'), { address: { v: 4, n: 0xc0000201 }, prefix: 32 });
    assert.deepEqual(parseCidr('2001:db8::/32')?.prefix, 32);
    assert.deepEqual(parseCidr('2001:db8::1')?.prefix, 128);
    for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/x', '10.0.0.0/-1', 'x/8']) assert.equal(parseCidr(bad), undefined, bad);
  });

  test('containment', () => {
    assert.equal(contains('10.0.0.0/8', '10.200.1.1'), true);
    assert.equal(contains('10.0.0.0/8', '11.0.0.0'), false);
    assert.equal(contains('192.0.2.128/25', '192.0.2.127'), false);
    assert.equal(contains('192.0.2.128/25', '192.0.2.255'), true);
    assert.equal(contains('0.0.0.0/0', '255.255.255.255'), true);
    assert.equal(contains('2001:db8::/32', '2001:db8:ffff::1'), true);
    assert.equal(contains('2001:db8::/33', '2001:db8:ffff::1'), false);
    assert.equal(contains('2001:db8::/127', '2001:db8::1'), true);
    assert.equal(contains('2001:db8::/128', '2001:db8::1'), false);
    assert.equal(contains('::/0', '2001:db8::1'), true);
    assert.equal(contains('::/0', '10.0.0.1'), true);
    assert.equal(contains('::ffff:10.0.0.0/104', '10.1.2.3'), true);
    assert.equal(contains('::ffff:10.0.0.0/104', '::ffff:11.1.2.3'), false);
    assert.equal(contains('10.0.0.0/8', '2001:db8::1'), false);
    assert.equal(contains('2001:db8::/32', '10.0.0.1'), false);
  });
});

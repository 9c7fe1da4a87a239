import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import smpp from 'smpp';
import { smsPartCount } from '../../domain/messages/sms-parts.ts';
import { encodeGsm, encodeUcs2, MAX_SMS_PARTS, segmentSms } from './sms-segments.ts';

/** The text of parts as the `smpp` package's own codec reads them back from the wire (an independent decoder). */
function decoded(parts: readonly Buffer[], dataCoding: number, udh: boolean): string {
  return parts
    .map((part) => {
      const wire = new smpp.PDU('deliver_sm', { esm_class: udh ? 0x40 : 0, data_coding: dataCoding, short_message: part }).toBuffer();
      return (new smpp.PDU(wire).short_message as { message: string }).message;
    })
    .join('');
}

describe('SMS segmentation', () => {
  test('GSM 03.38: one septet per octet, extension characters escaped with 0x1B', () => {
    assert.deepEqual([...encodeGsm('@A£\n')], [0x00, 0x41, 0x01, 0x0a]);
    assert.deepEqual([...encodeGsm('€[~]^{}|\\\f')], [0x1b, 0x65, 0x1b, 0x3c, 0x1b, 0x3d, 0x1b, 0x3e, 0x1b, 0x14, 0x1b, 0x28, 0x1b, 0x29, 0x1b, 0x40, 0x1b, 0x2f, 0x1b, 0x0a]);
    assert.deepEqual([...encodeGsm('_$¥èÄ§¿à')], [0x11, 0x02, 0x03, 0x04, 0x5b, 0x5f, 0x60, 0x7f]);
    assert.throws(() => encodeGsm('Привет'), /U\+041F is not in the GSM 03\.38 alphabet/);
  });

  test('UCS-2 is UTF-16 big-endian', () => {
    assert.deepEqual([...encodeUcs2('Я😀')], [0x04, 0x2f, 0xd8, 0x3d, 0xde, 0x00]);
  });

  test('a message that fits is one part without a UDH: 160 GSM septets, 70 UCS-2 units', () => {
    const gsm = segmentSms('a'.repeat(160), 7);
    assert.equal(gsm.dataCoding, 0);
    assert.equal(gsm.udh, false);
    assert.equal(gsm.parts.length, 1);
    assert.equal(gsm.parts[0]!.length, 160);
    const ucs2 = segmentSms('я'.repeat(70), 7);
    assert.equal(ucs2.dataCoding, 8);
    assert.equal(ucs2.udh, false);
    assert.equal(ucs2.parts[0]!.length, 140);
    assert.deepEqual(segmentSms('', 0).parts, [Buffer.alloc(0)]);
  });

  test('long GSM: 153 septets a part behind 05 00 03 ref total seq, read back whole by an independent decoder', () => {
    const body = 'Hello [world] ' + 'x'.repeat(300) + ' €nd';
    const segments = segmentSms(body, 0x2a);
    assert.equal(segments.udh, true);
    assert.equal(segments.parts.length, smsPartCount(body));
    segments.parts.forEach((part, index) => {
      assert.deepEqual([...part.subarray(0, 6)], [0x05, 0x00, 0x03, 0x2a, segments.parts.length, index + 1]);
      assert.ok(part.length - 6 <= 153, `part ${index + 1} has ${part.length - 6} septets`);
    });
    assert.equal(decoded(segments.parts, 0, true), body);
  });

  test('a GSM escape sequence is never split between parts', () => {
    // 152 plain septets, then € (two septets): it cannot start at septet 153 of part one.
    const body = 'a'.repeat(152) + '€' + 'b'.repeat(20);
    const segments = segmentSms(body, 1);
    assert.equal(segments.parts[0]!.length - 6, 152);
    assert.deepEqual([...segments.parts[1]!.subarray(6, 8)], [0x1b, 0x65]);
    assert.equal(decoded(segments.parts, 0, true), body);
  });

  test('long UCS-2: 67 code units a part, surrogate pairs kept whole', () => {
    const body = 'Привет, мир! '.repeat(12);
    const segments = segmentSms(body, 200);
    assert.equal(segments.dataCoding, 8);
    assert.equal(segments.parts.length, Math.ceil(body.length / 67));
    assert.equal(decoded(segments.parts, 8, true), body);
    const emoji = 'a'.repeat(66) + '😀' + 'b'.repeat(10);
    const split = segmentSms(emoji, 3);
    assert.equal((split.parts[0]!.length - 6) / 2, 66);
    assert.deepEqual([...split.parts[1]!.subarray(6, 10)], [0xd8, 0x3d, 0xde, 0x00]);
    assert.equal(decoded(split.parts, 8, true), emoji);
  });

  test('more than 255 parts is refused', () => {
    assert.throws(() => segmentSms('я'.repeat(67 * MAX_SMS_PARTS + 1), 0), /needs 256 parts; at most 255/);
    assert.equal(segmentSms('я'.repeat(67 * MAX_SMS_PARTS), 0).parts.length, 255);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readEmailFeedback } from './email-feedback.ts';

function report(reportType: string, partType: string, partBody: string, extraPartHeaders: string[] = []): string {
  return [
    'From: MAILER-DAEMON@mx.example.net',
    'To: b-x@bounces.example.com',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=${reportType};`,
    '\tboundary="=_report_7"',
    '',
    'This is a MIME message.',
    '--=_report_7',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Action: failed (this human-readable part must not be read as the report)',
    '',
    '--=_report_7',
    `Content-Type: ${partType}`,
    ...extraPartHeaders,
    '',
    partBody,
    '',
    '--=_report_7',
    'Content-Type: text/rfc822-headers',
    '',
    'Message-ID: <0123@example.com>',
    '--=_report_7--',
    '',
  ].join('\r\n');
}

const dsn = (...recipients: string[][]) => ['Reporting-MTA: dns; mx.example.net', 'Arrival-Date: Tue, 24 Nov 2026 03:00:00 +0000', '', ...recipients.flatMap((r) => [...r, ''])].join('\r\n');

describe('readEmailFeedback', () => {
  test('a failed recipient with a 5.x.x status is a hard bounce, folded diagnostic included', () => {
    const raw = report('delivery-status', 'message/delivery-status', dsn(['Final-Recipient: rfc822; ada@example.net', 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 <ada@example.net>:', ' Recipient address rejected: User unknown']));
    assert.deepEqual(readEmailFeedback(raw), { kind: 'hardbounce', detail: 'failed 5.1.1 smtp; 550 5.1.1 <ada@example.net>: Recipient address rejected: User unknown' });
  });

  test('failed with a 4.x.x status, or delayed, is a soft bounce', () => {
    assert.equal(readEmailFeedback(report('delivery-status', 'message/delivery-status', dsn(['Final-Recipient: rfc822; a@x.net', 'Action: failed', 'Status: 4.2.2'])))?.kind, 'softbounce');
    assert.deepEqual(readEmailFeedback(report('delivery-status', 'message/delivery-status', dsn(['Final-Recipient: rfc822; a@x.net', 'Action: delayed', 'Status: 4.4.1', 'Will-Retry-Until: Thu, 26 Nov 2026 03:00:00 +0000']))), {
      kind: 'softbounce',
      detail: 'delayed 4.4.1',
    });
  });

  test('a failure among several recipients wins; delivered or relayed alone says nothing', () => {
    const mixed = dsn(['Final-Recipient: rfc822; a@x.net', 'Action: delivered', 'Status: 2.0.0'], ['Final-Recipient: rfc822; b@x.net', 'Action: failed', 'Status: 5.7.1']);
    assert.equal(readEmailFeedback(report('delivery-status', 'message/delivery-status', mixed))?.kind, 'hardbounce');
    assert.equal(readEmailFeedback(report('delivery-status', 'message/delivery-status', dsn(['Final-Recipient: rfc822; a@x.net', 'Action: relayed', 'Status: 2.0.0']))), undefined);
  });

  test('a base64-encoded report part is decoded', () => {
    const body = Buffer.from(dsn(['Final-Recipient: rfc822; a@x.net', 'Action: failed', 'Status: 5.2.2'])).toString('base64');
    assert.equal(readEmailFeedback(report('delivery-status', 'message/delivery-status', body, ['Content-Transfer-Encoding: base64']))?.kind, 'hardbounce');
  });

  test('reports as some servers write them: no empty line before the recipient, a comment after Action, quoted-printable', () => {
    const joined = ['Reporting-MTA: dns; mx.example.net', 'Final-Recipient: rfc822; a@x.net', 'Action: failed (permanent error)', 'Status: 5.1.1'].join('\r\n');
    assert.deepEqual(readEmailFeedback(report('delivery-status', 'message/delivery-status', joined)), { kind: 'hardbounce', detail: 'failed (permanent error) 5.1.1' });
    const qp = ['Reporting-MTA: dns; mx.example.net', '', 'Final-Recipient: rfc822; a@x.net', 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 user =', 'unknown =3D gone'].join('\r\n');
    assert.deepEqual(readEmailFeedback(report('delivery-status', 'message/delivery-status', qp, ['Content-Transfer-Encoding: quoted-printable'])), {
      kind: 'hardbounce',
      detail: 'failed 5.1.1 smtp; 550 user unknown = gone',
    });
  });

  test('RFC 6533 internationalised reports read the same', () => {
    const body = dsn(['Final-Recipient: utf-8; jörg@exämple.de', 'Action: failed', 'Status: 5.1.1']);
    assert.equal(readEmailFeedback(report('global-delivery-status', 'message/global-delivery-status', body))?.kind, 'hardbounce');
  });

  test('only the first 32 KB of a message are read: a report part placed after them is not', () => {
    const late = report('delivery-status', 'message/delivery-status', dsn(['Final-Recipient: rfc822; a@x.net', 'Action: failed', 'Status: 5.1.1'])).replace(
      'This is a MIME message.',
      `This is a MIME message.${'\r\n'.repeat(20_000)}`,
    );
    assert.equal(readEmailFeedback(late), undefined);
  });

  test('an ARF feedback report is a complaint', () => {
    const arf = ['Feedback-Type: abuse', 'User-Agent: SomeISP-FBL/1.0', 'Version: 1', 'Original-Mail-From: <b-x@bounces.example.com>'].join('\r\n');
    assert.deepEqual(readEmailFeedback(report('feedback-report', 'message/feedback-report', arf)), { kind: 'complaint', detail: 'Feedback-Type: abuse' });
  });

  test('an autoreply, a free-text bounce or a report without its part says nothing', () => {
    assert.equal(readEmailFeedback('From: ada@example.net\r\nSubject: Out of office\r\n\r\nI am away.\r\n'), undefined);
    assert.equal(readEmailFeedback('Content-Type: text/plain\r\n\r\nAction: failed\r\nStatus: 5.1.1\r\n'), undefined);
    assert.equal(readEmailFeedback(report('delivery-status', 'text/plain', 'Action: failed\r\nStatus: 5.1.1')), undefined);
    assert.equal(readEmailFeedback(report('feedback-report', 'message/delivery-status', dsn(['Action: failed', 'Status: 5.1.1']))), undefined);
  });
});

// What the bounce-processing acceptance tests share: the listener's port from the server's log,
// reports as remote mail servers write and send them (RFC 3464 delivery status notifications,
// RFC 5965 complaints) and the events a server's SQLite event log holds for an app.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createTransport } from 'nodemailer';
import type { PinionProcess } from './server-process.ts';

/** The bounce listener's ready line in a server's log: its port, and whether it offers STARTTLS. */
export function bounceListenerReady(server: Pick<PinionProcess, 'output'>): { port: number; starttls: boolean } {
  const ready = server
    .output()
    .split('\n')
    .filter((line) => line.includes('bounce listener ready'))
    .map((line) => JSON.parse(line) as { port: number; starttls: boolean })[0];
  assert.ok(ready, 'the bounce listener logs its port');
  return ready;
}

/**
 * How the remote mail server connects: in the clear (it ignores STARTTLS), or insisting on
 * STARTTLS and trusting `ca` (without one, only the system's CAs), failing otherwise.
 */
export type RemoteTls = { readonly requireTLS: false } | { readonly requireTLS: true; readonly ca?: string };

/** Sends `raw` to `to` through the bounce listener on `port`, as a remote mail server would (null sender). */
export async function sendToBounceListener(port: number, to: string, raw: string, tls: RemoteTls = { requireTLS: false }): Promise<void> {
  const remote = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ...(tls.requireTLS ? { requireTLS: true, ...(tls.ca !== undefined ? { tls: { ca: tls.ca } } : {}) } : { ignoreTLS: true }),
  });
  try {
    await remote.sendMail({ envelope: { from: 'MAILER-DAEMON@mx.example.net', to: [to] }, raw });
  } finally {
    remote.close();
  }
}

export interface LoggedEmailEvent {
  type: string;
  record: { facets: { email_channel: { mail_event: Record<string, unknown> & { mail: { message_id: string } } } } };
}

/** A multipart/report: a human-readable part and the machine-readable part of `partType`. */
export function multipartReport(reportType: string, partType: string, body: string): string {
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
    'Subject: Delivery Status Notification',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=${reportType}; boundary="rpt"`,
    '',
    '--rpt',
    'Content-Type: text/plain',
    '',
    'A message you sent could not be delivered.',
    '--rpt',
    `Content-Type: ${partType}`,
    '',
    body,
    '--rpt--',
    '',
  ].join('\r\n');
}

/** A delivery status notification for one recipient. */
export function dsn(action: string, status: string, diagnostic: string): string {
  return multipartReport(
    'delivery-status',
    'message/delivery-status',
    ['Reporting-MTA: dns; mx.example.net', '', 'Final-Recipient: rfc822; someone@example.net', `Action: ${action}`, `Status: ${status}`, `Diagnostic-Code: smtp; ${diagnostic}`, ''].join('\r\n'),
  );
}

/** An abuse complaint in the Abuse Reporting Format. */
export function complaint(): string {
  return multipartReport('feedback-report', 'message/feedback-report', ['Feedback-Type: abuse', 'User-Agent: ExampleFBL/1.0', 'Version: 1', ''].join('\r\n'));
}

/** The app's events in the event log of a server's data directory, in log order. */
export function loggedEvents(dataDir: string, appId: string): LoggedEmailEvent[] {
  const db = new Database(join(dataDir, 'pinion.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select event_type, record from event_log where app_id = ? order by id').all(appId) as { event_type: string; record: string }[]).map((row) => ({ type: row.event_type, record: JSON.parse(row.record) }));
  } finally {
    db.close();
  }
}

/** loggedEvents once at least `count` are there (or after 5 s, whatever is there then). */
export async function waitForLoggedEvents(dataDir: string, appId: string, count: number): Promise<LoggedEmailEvent[]> {
  for (let i = 0; i < 100; i++) {
    const found = loggedEvents(dataDir, appId);
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return loggedEvents(dataDir, appId);
}

// Email engagement through real HTTP and SMTP: with PINION_PUBLIC_URL set, SendMessages rewrites
// links into signed click links, adds an open pixel and RFC 8058 one-click List-Unsubscribe; the
// server's tracking routes record _email.open, _email.click and _email.unsubscribe, redirect only
// to signed targets and opt the address out of the project.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { GetEndpointCommand, PinpointClient, SendMessagesCommand, UpdateEmailChannelCommand, UpdateEndpointCommand } from '@aws-sdk/client-pinpoint';
import { newApp } from '../helpers/pinpoint-fixtures.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startSmtpPeer } from '../helpers/smtp-peer.ts';
import type { SmtpPeer } from '../helpers/smtp-peer.ts';

const PUBLIC_URL = 'https://engage.example.test';

let server: PinionProcess;
let smtp: SmtpPeer;
let pinpoint: PinpointClient;

before(async () => {
  smtp = await startSmtpPeer();
  server = await startPinion({ env: { PINION_SMTP_URL: smtp.url, PINION_PUBLIC_URL: PUBLIC_URL } });
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
});

after(async () => {
  pinpoint?.destroy();
  await server?.stop();
  await smtp?.close();
});

/** A link from the email, pointed at the started server (the public URL is where recipients would reach it). */
function local(link: string): string {
  assert.ok(link.startsWith(`${PUBLIC_URL}/t/`), `${link} is not a tracking link`);
  return `${server.url}${link.slice(PUBLIC_URL.length)}`;
}

function eventTypes(appId: string): { type: string; record: { attributes: { feedback: string }; facets: { email_channel: { mail_event: Record<string, unknown> } } } }[] {
  const db = new Database(join(server.dataDir, 'pinion.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select event_type, record from event_log where app_id = ? order by id').all(appId) as { event_type: string; record: string }[]).map((row) => ({ type: row.event_type, record: JSON.parse(row.record) }));
  } finally {
    db.close();
  }
}

test('opens, clicks and one-click unsubscribe are tracked through signed links', async () => {
  const appId = await newApp(pinpoint, 'tracking');
  await pinpoint.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'news@example.com', Identity: `arn:aws:ses:us-east-1:${testAccountId}:identity/example.com` } }));
  await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: 'ada', EndpointRequest: { ChannelType: 'EMAIL', Address: 'ada@example.org' } }));
  const request = {
    Endpoints: { ada: {} },
    MessageConfiguration: {
      EmailMessage: { SimpleEmail: { Subject: { Data: 'News' }, HtmlPart: { Data: '<html><body><a href="https://shop.example/sale?a=1&amp;b=2">Sale</a> <a href="mailto:help@example.com">Help</a></body></html>' }, TextPart: { Data: 'News' } } },
    },
  };
  const before = smtp.received.length;
  const sent = await pinpoint.send(new SendMessagesCommand({ ApplicationId: appId, MessageRequest: request }));
  assert.equal(sent.MessageResponse!.EndpointResult!.ada!.DeliveryStatus, 'SUCCESSFUL');
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  const html = mail!.parsed.html as string;
  const click = /href="([^"]+)">Sale/.exec(html)![1]!.replace(/&amp;/g, '&');
  const pixel = /<img src="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
  assert.match(html, /href="mailto:help@example.com"/);
  // The header lines as sent (mailparser turns List-* headers into objects): unfolded.
  const headerLine = (name: string) => mail!.parsed.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ') ?? '';
  const unsubscribe = /^List-Unsubscribe:\s*<([^>]+)>$/i.exec(headerLine('list-unsubscribe'))![1]!;
  assert.match(headerLine('list-unsubscribe-post'), /^List-Unsubscribe-Post:\s*List-Unsubscribe=One-Click$/i);

  const opened = await fetch(local(pixel));
  assert.equal(opened.status, 200);
  assert.equal(opened.headers.get('content-type'), 'image/gif');
  assert.equal((await opened.arrayBuffer()).byteLength, 42);

  const clicked = await fetch(local(click), { redirect: 'manual', headers: { 'user-agent': 'TrackingTest/1.0' } });
  assert.equal(clicked.status, 302);
  assert.equal(clicked.headers.get('location'), 'https://shop.example/sale?a=1&b=2');

  // A token changed anywhere is refused, without saying why (and never redirects).
  const tampered = local(click).replace(/\/t\/c\/(.)/, (_, first: string) => `/t/c/${first === 'A' ? 'B' : 'A'}`);
  assert.equal((await fetch(tampered, { redirect: 'manual' })).status, 404);
  assert.equal((await fetch(local(pixel).replace('/t/o/', '/t/c/'), { redirect: 'manual' })).status, 404, 'an open token is not a click token');

  // GET shows a page (mail scanners follow links); only the POST unsubscribes.
  const page = await fetch(local(unsubscribe));
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<form method="post">/);
  assert.equal((await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'ada' }))).EndpointResponse!.OptOut, 'NONE');
  const oneClick = await fetch(local(unsubscribe), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  assert.equal(oneClick.status, 200);
  assert.equal((await pinpoint.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'ada' }))).EndpointResponse!.OptOut, 'ALL');

  const events = eventTypes(appId);
  assert.deepEqual(events.map((e) => e.type), ['_email.send', '_email.open', '_email.click', '_email.unsubscribe']);
  const clickEvent = events[2]!.record;
  assert.equal(clickEvent.attributes.feedback, 'https://shop.example/sale?a=1&b=2');
  assert.deepEqual(clickEvent.facets.email_channel.mail_event.click, { ip_address: '127.0.0.1', user_agent: 'TrackingTest/1.0', link: 'https://shop.example/sale?a=1&b=2' });

  const again = await pinpoint.send(new SendMessagesCommand({ ApplicationId: appId, MessageRequest: request }));
  assert.equal(again.MessageResponse!.EndpointResult!.ada!.DeliveryStatus, 'OPT_OUT');
});

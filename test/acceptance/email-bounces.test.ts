// Bounce processing through real SMTP on both sides: with PINION_EMAIL_BOUNCE_DOMAIN set, email
// leaves through the relay with a signed return path; delivery status notifications and ARF
// complaints sent to it (by nodemailer, as a remote mail server would) reach Pinion's bounce
// listener and become _email.hardbounce, _email.softbounce and _email.complaint events of the
// message they name. Mail for any other address is refused at RCPT; mail that is no report is
// taken and ignored.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { PinpointClient, SendMessagesCommand, UpdateEmailChannelCommand, UpdateEndpointCommand } from '@aws-sdk/client-pinpoint';
import { bounceListenerReady, complaint, dsn, loggedEvents, sendToBounceListener, waitForLoggedEvents } from '../helpers/bounce-reports.ts';
import { newApp } from '../helpers/pinpoint-fixtures.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startSmtpPeer } from '../helpers/smtp-peer.ts';
import type { SmtpPeer } from '../helpers/smtp-peer.ts';

const DOMAIN = 'bounces.pinion.test';

let server: PinionProcess;
let smtp: SmtpPeer;
let pinpoint: PinpointClient;
let bouncePort: number;
/** Kept across the restart in the last test. */
let dataDir: string;
/** The first test's app and the return path of its hard-bounced message, replayed after the restart. */
let bounced: { appId: string; returnPath: string } | undefined;

/** Starts a server on the data directory; its bounce listener's port becomes bouncePort. */
async function start(): Promise<void> {
  server = await startPinion({ dataDir, env: { PINION_SMTP_URL: smtp.url, PINION_EMAIL_BOUNCE_DOMAIN: DOMAIN, PINION_EMAIL_BOUNCE_LISTEN: '127.0.0.1:0' } });
  bouncePort = bounceListenerReady(server).port;
  pinpoint?.destroy();
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
}

before(async () => {
  smtp = await startSmtpPeer();
  dataDir = mkdtempSync(join(tmpdir(), 'pinion-bounces-'));
  await start();
});

after(async () => {
  pinpoint?.destroy();
  await server?.stop();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const events = (appId: string) => loggedEvents(server.dataDir, appId);

/** Sends `raw` to `to` through the bounce listener, as a remote mail server would (null sender). */
const report = (to: string, raw: string) => sendToBounceListener(bouncePort, to, raw);

const waitForEvents = (appId: string, count: number) => waitForLoggedEvents(server.dataDir, appId, count);

test('email goes out with a signed return path; reports sent back to it become bounce and complaint events', async () => {
  const appId = await newApp(pinpoint, 'bounces');
  await pinpoint.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'news@example.com', Identity: `arn:aws:ses:us-east-1:${testAccountId}:identity/example.com` } }));
  await pinpoint.send(new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: 'ada', EndpointRequest: { ChannelType: 'EMAIL', Address: 'ada@example.org' } }));
  const before = smtp.received.length;
  const sent = await pinpoint.send(
    new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: {
        Endpoints: { ada: {} },
        Addresses: { 'bob@example.org': { ChannelType: 'EMAIL' }, 'cy@example.org': { ChannelType: 'EMAIL' } },
        MessageConfiguration: { EmailMessage: { SimpleEmail: { Subject: { Data: 'News' }, TextPart: { Data: 'News' } } } },
      },
    }),
  );
  const ids = {
    ada: sent.MessageResponse!.EndpointResult!.ada!.MessageId!,
    bob: sent.MessageResponse!.Result!['bob@example.org']!.MessageId!,
    cy: sent.MessageResponse!.Result!['cy@example.org']!.MessageId!,
  };
  const mails = (await smtp.waitFor(before + 3)).slice(before);
  const returnPath = (to: string) => mails.find((mail) => mail.envelopeTo[0] === to)!.envelopeFrom;
  for (const [to, id] of [['ada@example.org', ids.ada], ['bob@example.org', ids.bob], ['cy@example.org', ids.cy]] as const) {
    assert.match(returnPath(to), new RegExp(`^b-${id}-[a-z2-7]{16}@${DOMAIN.replace(/\./g, '\\.')}$`));
  }
  // The From the recipient sees is unchanged.
  assert.equal(mails[0]!.parsed.from?.text, 'news@example.com');

  await report(returnPath('ada@example.org'), dsn('failed', '5.1.1', '550 5.1.1 User unknown'));
  await report(returnPath('bob@example.org').toUpperCase(), dsn('delayed', '4.4.1', '421 Try again later'));
  await report(
    returnPath('cy@example.org'),
    complaint(),
  );
  // Mail that is no report: taken (a mail server must not bounce a bounce), nothing recorded.
  await report(returnPath('ada@example.org'), 'From: ada@example.org\r\nSubject: Out of office\r\n\r\nAway until Monday.\r\n');
  // The same hard bounce again (a replay, or a server repeating itself): recorded once.
  await report(returnPath('ada@example.org'), dsn('failed', '5.1.1', '550 5.1.1 User unknown'));

  const recorded = await waitForEvents(appId, 6);
  // Give a wrongly recorded replay time to show up.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const feedback = recorded.filter((event) => event.type !== '_email.send');
  assert.deepEqual(
    feedback.map((event) => [event.type, event.record.facets.email_channel.mail_event.mail.message_id]),
    [
      ['_email.hardbounce', ids.ada],
      ['_email.softbounce', ids.bob],
      ['_email.complaint', ids.cy],
    ],
  );
  assert.deepEqual(feedback[0]!.record.facets.email_channel.mail_event.bounce, {
    bounce_type: 'Permanent',
    bounced_recipients: [{ email_address: 'ada@example.org', diagnostic_code: 'failed 5.1.1 smtp; 550 5.1.1 User unknown' }],
  });
  assert.equal((feedback[1]!.record.facets.email_channel.mail_event.bounce as { bounce_type: string }).bounce_type, 'Transient');
  assert.deepEqual(feedback[2]!.record.facets.email_channel.mail_event.complaint, { complained_recipients: [{ email_address: 'cy@example.org' }] });
  assert.equal(events(appId).length, 6, 'the out-of-office reply and the replayed bounce recorded nothing');
  bounced = { appId, returnPath: returnPath('ada@example.org') };
});

test('without a certificate the listener offers no STARTTLS: a sender that insists on it does not send', async () => {
  await assert.rejects(sendToBounceListener(bouncePort, `postmaster@${DOMAIN}`, 'Subject: hi\r\n\r\nhi\r\n', { requireTLS: true }), /STARTTLS/);
});

test('a report over 1 MB is refused (552) and records nothing', async () => {
  const appId = await newApp(pinpoint, 'bounces-size');
  await pinpoint.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'news@example.com', Identity: `arn:aws:ses:us-east-1:${testAccountId}:identity/example.com` } }));
  const before = smtp.received.length;
  await pinpoint.send(new SendMessagesCommand({ ApplicationId: appId, MessageRequest: { Addresses: { 'dee@example.org': { ChannelType: 'EMAIL' } }, MessageConfiguration: { EmailMessage: { SimpleEmail: { Subject: { Data: 'Hi' }, TextPart: { Data: 'Hi' } } } } } }));
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  const huge = dsn('failed', '5.1.1', '550 User unknown').replace('A message you sent could not be delivered.', 'x'.repeat(1100 * 1024));
  await assert.rejects(report(mail!.envelopeFrom, huge), (error: { responseCode?: number }) => {
    assert.equal(error.responseCode, 552);
    return true;
  });
  assert.deepEqual(events(appId).map((event) => event.type), ['_email.send']);
});

/** A raw SMTP conversation: each command's reply (the whole multi-line reply as one string). */
class SmtpSession {
  readonly #socket: Socket;
  #buffer = '';
  #waiting: ((reply: string) => void) | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      this.#deliver();
    });
    socket.on('close', () => {
      this.#buffer += '(closed)\r\n';
      this.#deliver();
    });
  }

  static async open(port: number): Promise<{ session: SmtpSession; greeting: string }> {
    const socket = connect(port, '127.0.0.1');
    const session = new SmtpSession(socket);
    return { session, greeting: await session.#reply() };
  }

  #deliver(): void {
    const complete = /(^|\r\n)(\d{3} [^\r\n]*|\(closed\))\r\n/.exec(this.#buffer);
    if (!complete || !this.#waiting) return;
    const end = complete.index + complete[0].length;
    const reply = this.#buffer.slice(0, end);
    this.#buffer = this.#buffer.slice(end);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting(reply);
  }

  #reply(): Promise<string> {
    return new Promise((resolve) => {
      this.#waiting = resolve;
      this.#deliver();
    });
  }

  send(line: string): Promise<string> {
    this.#socket.write(`${line}\r\n`);
    return this.#reply();
  }

  close(): void {
    this.#socket.destroy();
  }
}

test('the listener bounds what one client can take: connections per address, messages per connection; the postmaster gets mail', async () => {
  const open = await Promise.all(Array.from({ length: 5 }, () => SmtpSession.open(bouncePort)));
  try {
    for (const { greeting } of open) assert.match(greeting, new RegExp(`^220 ${DOMAIN.replace(/\./g, '\\.')} `));
    const sixth = await SmtpSession.open(bouncePort);
    assert.match(sixth.greeting, /^421 /);
    sixth.session.close();
  } finally {
    for (const { session } of open) session.close();
  }
  // Once those are closed, the address may connect again.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const { session } = await SmtpSession.open(bouncePort);
  try {
    assert.match(await session.send('EHLO mx.example.net'), /^250/m);
    const replies: string[] = [];
    for (let i = 0; i < 21; i++) {
      await session.send('MAIL FROM:<>');
      assert.match(await session.send(`RCPT TO:<postmaster@${DOMAIN.toUpperCase()}>`), /^250/);
      assert.match(await session.send('DATA'), /^354/);
      replies.push(await session.send('Subject: hello postmaster\r\n\r\nHi.\r\n.'));
    }
    assert.deepEqual(replies.slice(0, 20).map((reply) => reply.slice(0, 3)), Array.from({ length: 20 }, () => '250'));
    assert.match(replies[20]!, /^421 /);
  } finally {
    session.close();
  }
});

test('mail for any other address of the bounce domain, or a forged return path, is refused at RCPT', async () => {
  const forged = `b-${'0'.repeat(32)}-aaaaaaaaaaaaaaaa@${DOMAIN}`;
  for (const to of [forged, `abuse@${DOMAIN}`, 'someone@example.net']) {
    await assert.rejects(report(to, dsn('failed', '5.1.1', '550 User unknown')), (error: { responseCode?: number }) => {
      assert.equal(error.responseCode, 550, to);
      return true;
    });
  }
});

test('after a restart, a replayed hard bounce is still not recorded again; a first soft bounce is', async () => {
  assert.ok(bounced, 'the first test ran');
  await server.stop();
  await start();
  await report(bounced.returnPath, dsn('failed', '5.1.1', '550 5.1.1 User unknown'));
  await report(bounced.returnPath, dsn('delayed', '4.4.1', '421 Try again later'));
  const recorded = await waitForEvents(bounced.appId, 7);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(
    events(bounced.appId).slice(6).map((event) => event.type),
    ['_email.softbounce'],
  );
  assert.equal(recorded.filter((event) => event.type === '_email.hardbounce').length, 1);
});

// The bounce listener with STARTTLS (PINION_EMAIL_BOUNCE_TLS_CERT_FILE and _KEY_FILE): a remote
// mail server that insists on TLS delivers its reports over it, one that does not ask still
// delivers in the clear (opportunistic, as between mail servers), and a certificate and key that
// do not belong together, or a file that cannot be read, stop the server at startup with the
// setting named.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PinpointClient, SendMessagesCommand, UpdateEmailChannelCommand } from '@aws-sdk/client-pinpoint';
import { bounceListenerReady, complaint, dsn, sendToBounceListener, waitForLoggedEvents } from '../helpers/bounce-reports.ts';
import { newApp } from '../helpers/pinpoint-fixtures.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startSmtpPeer } from '../helpers/smtp-peer.ts';
import type { SmtpPeer } from '../helpers/smtp-peer.ts';
import { makeTestCa } from '../helpers/test-ca.ts';
import type { TestCa } from '../helpers/test-ca.ts';

const DOMAIN = 'bounces.pinion.test';

let ca: TestCa;
let smtp: SmtpPeer;

before(async () => {
  ca = makeTestCa();
  smtp = await startSmtpPeer();
});

after(async () => {
  await smtp?.close();
  ca?.cleanup();
});

/** The files makeTestCa wrote: the server certificate (for 127.0.0.1 and localhost) and its key. */
const certFile = () => join(dirname(ca.caFile), 'server.pem');
const keyFile = () => join(dirname(ca.caFile), 'server.key');

function bounceEnv(tls: { cert: string; key: string }): Record<string, string> {
  return { PINION_SMTP_URL: smtp.url, PINION_EMAIL_BOUNCE_DOMAIN: DOMAIN, PINION_EMAIL_BOUNCE_LISTEN: '127.0.0.1:0', PINION_EMAIL_BOUNCE_TLS_CERT_FILE: tls.cert, PINION_EMAIL_BOUNCE_TLS_KEY_FILE: tls.key };
}

describe('with a certificate', () => {
  let server: PinionProcess;
  let pinpoint: PinpointClient;
  let ready: { port: number; starttls: boolean };

  before(async () => {
    server = await startPinion({ env: bounceEnv({ cert: certFile(), key: keyFile() }) });
    ready = bounceListenerReady(server);
    pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  });

  after(async () => {
    pinpoint?.destroy();
    await server?.stop();
  });

  /** A report from a remote mail server; `requireTLS`: only over STARTTLS with a certificate our test CA signed. */
  const report = (to: string, raw: string, requireTLS: boolean) => sendToBounceListener(ready.port, to, raw, requireTLS ? { requireTLS: true, ca: ca.caPem } : { requireTLS: false });

  test('the listener says it offers STARTTLS', () => {
    assert.equal(ready.starttls, true);
  });

  test('a report over STARTTLS (certificate checked by the sender) and one in the clear both become events', async () => {
    const appId = await newApp(pinpoint, 'bounces-tls');
    await pinpoint.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'news@example.com', Identity: `arn:aws:ses:us-east-1:${testAccountId}:identity/example.com` } }));
    const before = smtp.received.length;
    const sent = await pinpoint.send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: { 'ada@example.org': { ChannelType: 'EMAIL' }, 'bob@example.org': { ChannelType: 'EMAIL' } },
          MessageConfiguration: { EmailMessage: { SimpleEmail: { Subject: { Data: 'News' }, TextPart: { Data: 'News' } } } },
        },
      }),
    );
    const mails = (await smtp.waitFor(before + 2)).slice(before);
    const returnPath = (to: string) => mails.find((mail) => mail.envelopeTo[0] === to)!.envelopeFrom;

    await report(returnPath('ada@example.org'), dsn('failed', '5.1.1', '550 5.1.1 User unknown'), true);
    await report(returnPath('bob@example.org'), complaint(), false);

    const recorded = (await waitForLoggedEvents(server.dataDir, appId, 4)).filter((event) => event.type !== '_email.send');
    const byMessage = new Map(recorded.map((event) => [event.record.facets.email_channel.mail_event.mail.message_id, event.type]));
    assert.equal(byMessage.get(sent.MessageResponse!.Result!['ada@example.org']!.MessageId!), '_email.hardbounce');
    assert.equal(byMessage.get(sent.MessageResponse!.Result!['bob@example.org']!.MessageId!), '_email.complaint');
    assert.equal(recorded.length, 2);
  });

  test('a sender that does not trust the certificate does not get to send', async () => {
    await assert.rejects(sendToBounceListener(ready.port, `postmaster@${DOMAIN}`, 'Subject: hi\r\n\r\nhi\r\n', { requireTLS: true }), /certificate/i);
  });
});

describe('refused at startup', () => {
  test('a key that is not the certificate\'s: the server does not start, and says which settings', async () => {
    await assert.rejects(
      startPinion({ env: bounceEnv({ cert: certFile(), key: join(dirname(ca.caFile), 'ca.key') }) }),
      /PINION_EMAIL_BOUNCE_TLS_CERT_FILE and PINION_EMAIL_BOUNCE_TLS_KEY_FILE are not a usable PEM certificate and matching private key \(/,
    );
  });

  test('a file that cannot be read: the server does not start, and names the setting', async () => {
    await assert.rejects(startPinion({ env: bounceEnv({ cert: certFile(), key: join(dirname(ca.caFile), 'missing.key') }) }), /cannot read the file named by PINION_EMAIL_BOUNCE_TLS_KEY_FILE: ENOENT/);
  });
});

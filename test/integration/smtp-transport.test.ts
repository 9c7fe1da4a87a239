// The SMTP transport against a real SMTP server on loopback (smtp-server) that wants a login.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loginNeedsTls, SmtpEmailTransport } from '../../src/channels/email/smtp-transport.ts';
import { RateLimiter } from '../../src/channels/rate-limiter.ts';
import { startSmtpPeer } from '../helpers/smtp-peer.ts';
import type { SmtpPeer } from '../helpers/smtp-peer.ts';

let peer: SmtpPeer;
before(async () => {
  peer = await startSmtpPeer({ user: 'relay-user', password: 'right-password' });
});
after(() => peer.close());

const email = { id: '0123456789abcdef0123456789abcdef', messageId: '<m1@example.com>', from: 'sender@example.com', to: 'ada@example.net', headers: [], subject: 'Hi', text: 'Hello' };

test('a relay that refuses the login (535) is UNKNOWN_FAILURE with Pinion’s words, not the recipient’s PERMANENT_FAILURE with the relay’s', async () => {
  const transport = new SmtpEmailTransport({ url: peer.url.replace('right-password', 'wrong-password'), maxConnections: 1 }, new RateLimiter(1000), { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 });
  try {
    const outcome = await transport.send(email);
    assert.deepEqual(outcome, { status: 'UNKNOWN_FAILURE', statusCode: 500, statusMessage: 'The email relay refused the credentials Pinion is configured with' });
  } finally {
    await transport.close();
  }
  assert.equal(peer.received.length, 0);
});

test('with the right login the relay takes the message', async () => {
  const transport = new SmtpEmailTransport({ url: peer.url, maxConnections: 1 }, new RateLimiter(1000));
  try {
    assert.equal((await transport.send(email)).status, 'SUCCESSFUL');
  } finally {
    await transport.close();
  }
  assert.equal((await peer.waitFor(1))[0]!.envelopeTo[0], 'ada@example.net');
});

test('a login over smtp:// needs STARTTLS unless the relay is on this machine; smtps:// is TLS from the start', () => {
  assert.equal(loginNeedsTls('smtp://user:pw@mail.example.com:587'), true);
  assert.equal(loginNeedsTls('smtp://mail.example.com:25'), false);
  assert.equal(loginNeedsTls('smtps://user:pw@mail.example.com:465'), false);
  assert.equal(loginNeedsTls('smtp://user:pw@127.0.0.1:2525'), false);
  assert.equal(loginNeedsTls('smtp://user:pw@localhost:2525'), false);
});

test('with bounce processing the envelope sender is the message\'s return path; a FeedbackForwardingAddress still wins', async () => {
  const returnPath = (id: string) => `b-${id}-sig@bounces.example.com`;
  const transport = new SmtpEmailTransport({ url: peer.url, maxConnections: 1, returnPath }, new RateLimiter(1000));
  const before = peer.received.length;
  try {
    const outcome = await transport.send(email);
    assert.equal(outcome.status, 'SUCCESSFUL');
    assert.equal(outcome.providerMessageId, email.id);
    await transport.send({ ...email, feedbackAddress: 'feedback@example.com' });
  } finally {
    await transport.close();
  }
  const [bounced, forwarded] = (await peer.waitFor(before + 2)).slice(before);
  assert.equal(bounced!.envelopeFrom, 'b-0123456789abcdef0123456789abcdef-sig@bounces.example.com');
  assert.equal(bounced!.parsed.from?.text, 'sender@example.com');
  assert.equal(forwarded!.envelopeFrom, 'feedback@example.com');
});

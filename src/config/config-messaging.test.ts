import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from './config.ts';
import { refuses } from '../../test/helpers/config-refusal.ts';

describe('messaging settings', () => {
  test('defaults: no relay (the simulator takes email), 5 pooled connections, 100 emails a second, no DKIM, no public URL', () => {
    const config = loadConfig({});
    assert.deepEqual(config.messaging.smtpUrl, undefined);
    assert.equal(config.messaging.smtpMaxConnections, 5);
    assert.equal(config.messaging.emailPerSecond, 100);
    assert.equal(config.messaging.dkim, undefined);
    assert.equal(config.publicUrl, undefined);
  });

  test('the relay URL, DKIM and the public URL are checked, and a bad relay URL is never repeated (it may hold a password)', () => {
    const config = loadConfig({ PINION_SMTP_URL: 'smtps://u:p@mail.example.com:465', PINION_SMTP_DKIM_DOMAIN: 'example.com', PINION_SMTP_DKIM_SELECTOR: 's1', PINION_SMTP_DKIM_PRIVATE_KEY_FILE: '/k.pem', PINION_PUBLIC_URL: 'https://engage.example.com/' });
    assert.equal(config.messaging.smtpUrl, 'smtps://u:p@mail.example.com:465');
    assert.deepEqual(config.messaging.dkim, { domainName: 'example.com', keySelector: 's1', privateKeyFile: '/k.pem' });
    assert.equal(config.publicUrl, 'https://engage.example.com');
    refuses({ PINION_SMTP_URL: 'http://u:secret@mail.example.com' }, /^PINION_SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL, got a http: URL$/);
    refuses({ PINION_SMTP_URL: 'not a url secret' }, /^PINION_SMTP_URL must be a URL such as smtp:\/\/user:password@mail\.example\.com:587$/);
    refuses({ PINION_SMTP_DKIM_DOMAIN: 'example.com' }, /together, or none of them/);
    refuses({ PINION_EMAIL_MAX_PER_SECOND: '0' }, /^PINION_EMAIL_MAX_PER_SECOND must be a whole number of messages per second from 1 to 100000, got '0'$/);
    refuses({ PINION_PUBLIC_URL: 'https://x.example/?a=1' }, /PINION_PUBLIC_URL must not have a query/);
  });

  test('PINION_CONFIG_FILE supplies PINION_ settings; the environment wins; a file others can read is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-config-'));
    const file = join(dir, 'pinion.env');
    writeFileSync(file, '# transports\nPINION_SMTP_URL=smtp://relay:secret@mail.example.com:587\nPINION_EMAIL_MAX_PER_SECOND=40\n', { mode: 0o600 });
    const config = loadConfig({ PINION_CONFIG_FILE: file, PINION_EMAIL_MAX_PER_SECOND: '70' });
    assert.equal(config.messaging.smtpUrl, 'smtp://relay:secret@mail.example.com:587');
    assert.equal(config.messaging.emailPerSecond, 70);
    chmodSync(file, 0o644);
    refuses({ PINION_CONFIG_FILE: file }, /is readable or writable by other users \(mode 644\); chmod 600 it$/);
    const foreign = join(dir, 'foreign.env');
    writeFileSync(foreign, 'AWS_SECRET_ACCESS_KEY=x\n', { mode: 0o600 });
    refuses({ PINION_CONFIG_FILE: foreign }, /may only set PINION_ settings .* it sets AWS_SECRET_ACCESS_KEY$/);
    refuses({ PINION_CONFIG_FILE: join(dir, 'missing.env') }, /cannot be read: ENOENT$/);
  });
});

describe('bounce processing settings', () => {
  const smtp = { PINION_SMTP_URL: 'smtp://relay.example.com:587' };

  test('off by default', () => {
    assert.equal(loadConfig(smtp).messaging.bounces, undefined);
  });

  test('a domain (lower-cased) and where to listen, 127.0.0.1:2525 unless given', () => {
    assert.deepEqual(loadConfig({ ...smtp, PINION_EMAIL_BOUNCE_DOMAIN: 'Bounces.Example.com' }).messaging.bounces, { domain: 'bounces.example.com', host: '127.0.0.1', port: 2525 });
    assert.deepEqual(loadConfig({ ...smtp, PINION_EMAIL_BOUNCE_DOMAIN: 'bounces.example.com', PINION_EMAIL_BOUNCE_LISTEN: '0.0.0.0:25' }).messaging.bounces, { domain: 'bounces.example.com', host: '0.0.0.0', port: 25 });
    assert.deepEqual(loadConfig({ ...smtp, PINION_EMAIL_BOUNCE_DOMAIN: 'bounces.example.com', PINION_EMAIL_BOUNCE_LISTEN: '[::]:2525' }).messaging.bounces, { domain: 'bounces.example.com', host: '::', port: 2525 });
  });

  test('refused: without an SMTP relay, a listen address without a domain, a bad domain or address', () => {
    refuses({ PINION_EMAIL_BOUNCE_DOMAIN: 'bounces.example.com' }, /^PINION_EMAIL_BOUNCE_DOMAIN needs PINION_SMTP_URL/);
    refuses({ ...smtp, PINION_EMAIL_BOUNCE_LISTEN: '0.0.0.0:25' }, /^PINION_EMAIL_BOUNCE_LISTEN needs PINION_EMAIL_BOUNCE_DOMAIN$/);
    refuses({ ...smtp, PINION_EMAIL_BOUNCE_DOMAIN: 'localhost' }, /^PINION_EMAIL_BOUNCE_DOMAIN must be a domain name such as bounces\.example\.com, got 'localhost'$/);
    refuses({ ...smtp, PINION_EMAIL_BOUNCE_DOMAIN: 'b@example.com' }, /must be a domain name/);
    refuses({ ...smtp, PINION_EMAIL_BOUNCE_DOMAIN: 'bounces.example.com', PINION_EMAIL_BOUNCE_LISTEN: '0.0.0.0' }, /^PINION_EMAIL_BOUNCE_LISTEN must be host:port \(for example 0\.0\.0\.0:25\), got '0\.0\.0\.0'$/);
    refuses({ ...smtp, PINION_EMAIL_BOUNCE_DOMAIN: 'bounces.example.com', PINION_EMAIL_BOUNCE_LISTEN: 'host:70000' }, /must be host:port/);
  });

  test('STARTTLS: the certificate and key files, given together', () => {
    const tls = { PINION_EMAIL_BOUNCE_TLS_CERT_FILE: '/etc/pinion/mx.pem', PINION_EMAIL_BOUNCE_TLS_KEY_FILE: '/etc/pinion/mx.key' };
    assert.deepEqual(loadConfig({ ...smtp, PINION_EMAIL_BOUNCE_DOMAIN: 'bounces.example.com', ...tls }).messaging.bounces, {
      domain: 'bounces.example.com',
      host: '127.0.0.1',
      port: 2525,
      tls: { certFile: '/etc/pinion/mx.pem', keyFile: '/etc/pinion/mx.key' },
    });
    const together = /^Set PINION_EMAIL_BOUNCE_TLS_CERT_FILE and PINION_EMAIL_BOUNCE_TLS_KEY_FILE together \(the listener's STARTTLS certificate and its private key\), or neither$/;
    refuses({ ...smtp, PINION_EMAIL_BOUNCE_DOMAIN: 'bounces.example.com', PINION_EMAIL_BOUNCE_TLS_CERT_FILE: '/etc/pinion/mx.pem' }, together);
    refuses({ ...smtp, PINION_EMAIL_BOUNCE_DOMAIN: 'bounces.example.com', PINION_EMAIL_BOUNCE_TLS_KEY_FILE: '/etc/pinion/mx.key' }, together);
    refuses({ ...smtp, ...tls }, /^PINION_EMAIL_BOUNCE_TLS_CERT_FILE and PINION_EMAIL_BOUNCE_TLS_KEY_FILE need PINION_EMAIL_BOUNCE_DOMAIN$/);
  });
});

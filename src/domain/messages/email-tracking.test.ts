import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trackHtml } from './email-tracking.ts';
import { signTrackingToken, verifyTrackingToken } from './tracking-token.ts';

const links = { click: (url: string) => `https://p.example/t/c/${encodeURIComponent(url)}`, open: 'https://p.example/t/o/x' };

test('http(s) links become click links; mailto, anchors and ses:no-track links stay; the pixel goes before </body>', () => {
  const html =
    '<html><body><a href="https://shop.example/a?x=1&amp;y=2">A</a> <a class="b" href=\'http://b.example\'>B</a> ' +
    '<a href="mailto:help@example.com">M</a> <a href="#top">T</a> <a ses:no-track href="https://keep.example">K</a></body></html>';
  assert.equal(
    trackHtml(html, links),
    '<html><body><a href="https://p.example/t/c/https%3A%2F%2Fshop.example%2Fa%3Fx%3D1%26y%3D2">A</a> <a class="b" href="https://p.example/t/c/http%3A%2F%2Fb.example">B</a> ' +
      '<a href="mailto:help@example.com">M</a> <a href="#top">T</a> <a ses:no-track href="https://keep.example">K</a>' +
      '<img src="https://p.example/t/o/x" width="1" height="1" alt="" style="display:none;border:0"></body></html>',
  );
});

test('a fragment without </body> gets the pixel at its end', () => {
  assert.equal(trackHtml('<p>Hi</p>', links), '<p>Hi</p><img src="https://p.example/t/o/x" width="1" height="1" alt="" style="display:none;border:0">');
});

test('tracking tokens verify only unchanged and under their own key', () => {
  const key = Buffer.alloc(32, 7);
  const token = signTrackingToken(key, { kind: 'c', accountId: '123456789012', region: 'us-east-1', appId: 'a'.repeat(32), messageId: 'b'.repeat(32), url: 'https://x.example/' });
  assert.deepEqual(verifyTrackingToken(key, token), { kind: 'c', accountId: '123456789012', region: 'us-east-1', appId: 'a'.repeat(32), messageId: 'b'.repeat(32), url: 'https://x.example/' });
  assert.equal(verifyTrackingToken(Buffer.alloc(32, 8), token), undefined);
  const [payload, mac] = token.split('.');
  const forged = Buffer.from(JSON.stringify(['c', '123456789012', 'us-east-1', 'a'.repeat(32), 'b'.repeat(32), 'https://evil.example/'])).toString('base64url');
  assert.equal(verifyTrackingToken(key, `${forged}.${mac}`), undefined);
  assert.equal(verifyTrackingToken(key, `${payload}.`), undefined);
  assert.equal(verifyTrackingToken(key, 'nonsense'), undefined);
});

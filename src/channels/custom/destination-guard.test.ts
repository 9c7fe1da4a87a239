import assert from 'node:assert/strict';
import { test } from 'node:test';
import { destinationProblem, isPrivateAddress } from './destination-guard.ts';

const strict = { allowPrivate: false, allowHttp: false };

test('only https URLs to public addresses, unless the operator allows more', () => {
  assert.equal(destinationProblem('https://hooks.example.com/pinion', strict), undefined);
  assert.equal(destinationProblem('http://hooks.example.com/pinion', strict), 'must be an https:// URL');
  assert.equal(destinationProblem('https://user:pw@hooks.example.com/', strict), 'must not carry credentials');
  assert.equal(destinationProblem('https://169.254.169.254/latest/meta-data', strict), 'names a private or reserved address');
  assert.equal(destinationProblem('https://[::1]:8443/', strict), 'names a private or reserved address');
  assert.equal(destinationProblem('https://10.1.2.3/', strict), 'names a private or reserved address');
  assert.equal(destinationProblem('https://[::ffff:169.254.169.254]/', strict), 'names a private or reserved address');
  assert.equal(destinationProblem('nonsense', strict), 'is not a URL');
  assert.equal(destinationProblem('http://127.0.0.1:9000/', { allowPrivate: true, allowHttp: true }), undefined);
});

test('private, loopback, link-local, CGNAT, multicast and IPv4-mapped addresses are private', () => {
  for (const address of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '224.0.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', 'not-an-ip']) {
    assert.equal(isPrivateAddress(address), true, address);
  }
  for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:808:808']) assert.equal(isPrivateAddress(address), false, address);
});

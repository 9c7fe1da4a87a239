import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchKeyword } from './sms-keywords.ts';

describe('inbound SMS keywords', () => {
  test('opt-out words, any case, surrounding whitespace ignored', () => {
    for (const text of ['STOP', 'stop', ' Stop\n', 'QUIT', 'end', 'Cancel', 'UNSUBSCRIBE', 'revoke', 'OPTOUT', 'StopAll', 'ARRET', 'arrêt']) {
      assert.equal(matchKeyword(text), 'STOP', JSON.stringify(text));
    }
  });

  test('opt-in and help words', () => {
    for (const text of ['START', 'yes', ' Unstop ']) assert.equal(matchKeyword(text), 'START', text);
    assert.equal(matchKeyword('help'), 'HELP');
    assert.equal(matchKeyword('\tHELP '), 'HELP');
  });

  test('only the whole message counts', () => {
    for (const text of ['please stop', 'STOP!', 'stop it', 'STO P', 'STARTED', 'helpme', '', '   ']) assert.equal(matchKeyword(text), undefined, JSON.stringify(text));
  });
});

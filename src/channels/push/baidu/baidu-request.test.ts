import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { OutboundPush } from '../../transport.ts';
import { baiduForm, baiduSign, phpUrlencode } from './baidu-request.ts';

describe('Baidu request signature', () => {
  test("PHP's urlencode: letters, digits and -_. stay; a space is +; everything else is %XX of its UTF-8 bytes", () => {
    assert.equal(phpUrlencode("aZ09-_.~ !'()*/:=&{}\"中"), "aZ09-_.%7E+%21%27%28%29%2A%2F%3A%3D%26%7B%7D%22%E4%B8%AD");
  });

  test('sign = md5(urlencode(METHOD URL k=v… in key order SECRET))', () => {
    const url = 'https://api.tuisong.baidu.com/rest/3.0/push/single_device';
    const params = { timestamp: '1313293563', apikey: 'key', channel_id: '123', msg: '{"a":"b c"}' };
    const gathered = `POST${url}apikey=keychannel_id=123msg={"a":"b c"}timestamp=1313293563secret`;
    assert.equal(baiduSign('POST', url, params, 'secret'), createHash('md5').update(phpUrlencode(gathered)).digest('hex'));
    assert.notEqual(baiduSign('POST', url, { ...params, msg: '{"a":"b+c"}' }, 'secret'), baiduSign('POST', url, params, 'secret'));
  });

  test('the form: common parameters, msg_type, msg_expires within 7 days, sign over all the others', () => {
    const message: OutboundPush = { messageId: 'm', channel: 'BAIDU', token: '42', title: 'T', body: 'B', silentPush: false, channelSettings: {}, credentials: {}, options: { timeToLive: 9_999_999 } };
    const form = baiduForm(message, 'key', 'secret', 'https://x/rest/3.0/push/single_device', 1_700_000_000);
    const { sign, ...rest } = form;
    assert.deepEqual(Object.keys(rest).sort(), ['apikey', 'channel_id', 'device_type', 'msg', 'msg_expires', 'msg_type', 'timestamp']);
    assert.equal(form.msg_expires, '604800');
    assert.equal(form.msg_type, '1');
    assert.equal(sign, baiduSign('POST', 'https://x/rest/3.0/push/single_device', rest, 'secret'));
    assert.equal(baiduForm({ ...message, rawContent: 'raw text' }, 'key', 'secret', 'u', 1).msg, 'raw text');
  });
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadQueryModels } from '../../spec/load-models.ts';
import type { QueryOperationModel } from '../../spec/service-model.ts';
import { writeQueryResponse } from './write-query-response.ts';
import { tinyQueryModel } from './query-test-model.ts';
import { escapeXmlText } from './xml-text.ts';

const models = loadQueryModels();
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function op(service: 'iam' | 'sts', name: string): QueryOperationModel {
  const found = models.get(service)!.operations.get(name);
  assert.ok(found, `${service} ${name}`);
  return found;
}

const tinyPut = tinyQueryModel().operations.get('Put')!;

/** The Result element's content, for the tiny model. */
function tiny(output: Record<string, unknown>): string {
  const body = String(writeQueryResponse(tinyPut, output, 'r').body);
  const match = /<PutResult>(.*)<\/PutResult>/s.exec(body);
  assert.ok(match, body);
  return match[1]!;
}

describe('writeQueryResponse: documents', () => {
  test('CreateUser: Response > Result > members in model order, then ResponseMetadata', () => {
    const response = writeQueryResponse(
      op('iam', 'CreateUser'),
      {
        User: {
          UserName: 'bob',
          Path: '/',
          UserId: 'AIDAEXAMPLE',
          Arn: 'arn:aws:iam::123456789012:user/bob',
          CreateDate: new Date('2024-05-06T07:08:09Z'),
          Tags: [{ Key: 'team', Value: 'core' }],
        },
      },
      'req-1',
    );
    assert.equal(response.status, 200);
    assert.deepEqual(response.headers, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-1' });
    assert.equal(
      response.body,
      `<CreateUserResponse xmlns="${IAM_NS}"><CreateUserResult><User><Path>/</Path><UserName>bob</UserName>` +
        '<UserId>AIDAEXAMPLE</UserId><Arn>arn:aws:iam::123456789012:user/bob</Arn><CreateDate>2024-05-06T07:08:09Z</CreateDate>' +
        '<Tags><member><Key>team</Key><Value>core</Value></member></Tags></User></CreateUserResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateUserResponse>',
    );
  });

  test('an operation without output has only ResponseMetadata', () => {
    assert.equal(
      writeQueryResponse(op('iam', 'DeleteUser'), undefined, 'req-2').body,
      `<DeleteUserResponse xmlns="${IAM_NS}"><ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></DeleteUserResponse>`,
    );
  });

  test('an output with nothing set still has its Result element (botocore looks it up)', () => {
    assert.equal(
      writeQueryResponse(op('sts', 'GetCallerIdentity'), {}, 'r').body,
      `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult></GetCallerIdentityResult>` +
        '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
    );
    assert.match(String(writeQueryResponse(op('sts', 'GetCallerIdentity'), undefined, 'r').body), /<GetCallerIdentityResult><\/GetCallerIdentityResult>/);
  });

  test('ListUsers: empty lists are empty elements; booleans, markers', () => {
    assert.match(
      String(writeQueryResponse(op('iam', 'ListUsers'), { Users: [], IsTruncated: true, Marker: 'm+1/=' }, 'r').body),
      /<ListUsersResult><Users\/><IsTruncated>true<\/IsTruncated><Marker>m\+1\/=<\/Marker><\/ListUsersResult>/,
    );
    assert.match(String(writeQueryResponse(op('iam', 'ListUsers'), { Users: [], IsTruncated: false }, 'r').body), /<IsTruncated>false<\/IsTruncated>/);
  });

  test('STS credentials: timestamps keep milliseconds when there are any, integers as text', () => {
    const body = String(
      writeQueryResponse(
        op('sts', 'AssumeRole'),
        {
          Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2030-01-02T03:04:05.678Z') },
          AssumedRoleUser: { AssumedRoleId: 'AROA1:s', Arn: 'arn:aws:sts::123456789012:assumed-role/r/s' },
          PackedPolicySize: 7,
        },
        'r',
      ).body,
    );
    assert.match(body, /<Expiration>2030-01-02T03:04:05\.678Z<\/Expiration>/);
    assert.match(body, /<PackedPolicySize>7<\/PackedPolicySize>/);
    assert.match(body, /<AssumedRoleUser><AssumedRoleId>AROA1:s<\/AssumedRoleId>/);
  });

  test('members the model does not know, and null/undefined members and list items, are left out', () => {
    const body = String(writeQueryResponse(op('iam', 'ListUserTags'), { Tags: [{ Key: 'k', Value: 'v', Secret: 'x' }, null], Internal: 'x', Marker: null }, 'r').body);
    assert.match(body, /<ListUserTagsResult><Tags><member><Key>k<\/Key><Value>v<\/Value><\/member><\/Tags><\/ListUserTagsResult>/);
    assert.doesNotMatch(body, /Secret|Internal|Marker/);
  });

  test('the request id is escaped too', () => {
    assert.match(String(writeQueryResponse(op('iam', 'DeleteUser'), undefined, 'a<b').body), /<RequestId>a&lt;b<\/RequestId>/);
  });
});

describe('writeQueryResponse: shapes (tiny model)', () => {
  test('locationName renames members and list items; flattened lists repeat their element', () => {
    assert.equal(tiny({ Renamed: 'x' }), '<wireName>x</wireName>');
    assert.equal(tiny({ Items: ['a', 'b'] }), '<Items><Item>a</Item><Item>b</Item></Items>');
    assert.equal(tiny({ Flat: ['a', 'b'] }), '<Flat>a</Flat><Flat>b</Flat>');
    assert.equal(tiny({ FlatThings: ['a'] }), '<Thing>a</Thing>');
    assert.equal(tiny({ Flat: [] }), '');
  });

  test('maps: entry/key/value with their locationNames; flattened maps repeat the member element', () => {
    assert.equal(tiny({ Attrs: { color: 'red', 'a&b': '<' } }), '<Attrs><entry><Name>color</Name><Value>red</Value></entry><entry><Name>a&amp;b</Name><Value>&lt;</Value></entry></Attrs>');
    assert.equal(tiny({ Flags: { a: '1', b: '2' } }), '<Flags><key>a</key><value>1</value></Flags><Flags><key>b</key><value>2</value></Flags>');
    assert.equal(tiny({ Attrs: {} }), '<Attrs/>');
  });

  test('scalars: timestamps in the shape format, booleans, numbers, blobs', () => {
    assert.equal(tiny({ When: '2024-01-02T03:04:05.000Z' }), '<When>2024-01-02T03:04:05Z</When>');
    assert.equal(tiny({ Epoch: new Date(1700000000500) }), '<Epoch>1700000000.5</Epoch>');
    assert.equal(tiny({ Enabled: false, Count: 0 }), '<Enabled>false</Enabled><Count>0</Count>');
    assert.equal(tiny({ Payload: Buffer.from('hi') }), '<Payload>aGk=</Payload>');
    assert.equal(tiny({ Nested: { Id: 'a', Score: 1.5 } }), '<Nested><Id>a</Id><Score>1.5</Score></Nested>');
    assert.equal(tiny({ Nested: { Score: Number.NaN } }), '<Nested><Score>NaN</Score></Nested>');
  });

  test('a value that is not a timestamp is a handler bug and throws', () => {
    assert.throws(() => tiny({ When: 'soon' }), /Not a timestamp: soon/);
  });
});

describe('escapeXmlText', () => {
  test('escapes the markup characters', () => {
    assert.equal(escapeXmlText(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
    assert.equal(escapeXmlText('&amp;'), '&amp;amp;');
  });

  test('keeps tab and LF, writes CR as a reference so it survives line-end normalization', () => {
    assert.equal(escapeXmlText('a\tb\nc\r\nd'), 'a\tb\nc&#xD;\nd');
  });

  test('characters XML 1.0 forbids become U+FFFD; astral characters stay', () => {
    assert.equal(escapeXmlText('a\u0000b\u0001c\u000Bd\u001Fe\uFFFEf\uFFFF'), 'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD');
    assert.equal(escapeXmlText('x\uD800y\uDC00z'), 'x\uFFFDy\uFFFDz');
    assert.equal(escapeXmlText('emoji \u{1F600} ok'), 'emoji \u{1F600} ok');
    assert.equal(escapeXmlText('\u0085\u00A0\u2028'), '\u0085\u00A0\u2028');
  });

  test('escaping applies inside responses', () => {
    const body = String(writeQueryResponse(op('iam', 'GetUser'), { User: { UserName: `<x>&"'\u0007` } }, 'r').body);
    assert.match(body, /<UserName>&lt;x&gt;&amp;&quot;&apos;\uFFFD<\/UserName>/);
  });
});

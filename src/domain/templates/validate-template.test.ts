import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderedParts, templateNameProblem } from './template-content.ts';
import type { InAppTemplateContent } from './template-content.ts';
import { defaultSubstitutionsProblem, templateContentProblems } from './validate-template.ts';

const inAppMessage = { BackgroundColor: '#fff', HeaderConfig: { Alignment: 'LEFT', Header: 'h', TextColor: '#000' }, BodyConfig: { Alignment: 'LEFT', Body: 'b', TextColor: '#000' } } as const;

describe('templateNameProblem', () => {
  test('letters, digits, _ and -, starting with a letter or digit, at most 128', () => {
    for (const ok of ['a', 'A', '0', 'a-b_c', '9lives', 'x'.repeat(128)]) assert.equal(templateNameProblem(ok), undefined, ok);
    for (const bad of ['', '-a', '_a', 'a b', 'a.b', 'a/b', 'é', 'x'.repeat(129)]) assert.match(templateNameProblem(bad) ?? '', /is not valid: a template name starts with a letter or digit/, bad);
  });
});

describe('defaultSubstitutionsProblem', () => {
  test('a JSON object of strings is accepted', () => {
    assert.equal(defaultSubstitutionsProblem('{}'), undefined);
    assert.equal(defaultSubstitutionsProblem('{"User.UserAttributes.FirstName":"friend","a":""}'), undefined);
  });
  test('anything else says what it is', () => {
    assert.match(defaultSubstitutionsProblem('{') ?? '', /is not valid JSON/);
    assert.match(defaultSubstitutionsProblem('[]') ?? '', /not an array/);
    assert.match(defaultSubstitutionsProblem('null') ?? '', /not null/);
    assert.match(defaultSubstitutionsProblem('"x"') ?? '', /not a string/);
    assert.match(defaultSubstitutionsProblem('{"n":1}') ?? '', /'n' maps to a number/);
    assert.match(defaultSubstitutionsProblem('{"o":{"a":"b"}}') ?? '', /'o' maps to a object/);
  });
});

describe('templateContentProblems', () => {
  test('limits are inclusive: exactly at the limit passes, one more is refused naming the member', () => {
    assert.deepEqual(templateContentProblems('SMS', 'SMSTemplateRequest', { Body: 'x'.repeat(1600) }), []);
    assert.deepEqual(templateContentProblems('SMS', 'SMSTemplateRequest', { Body: 'x'.repeat(1601) }), ['SMSTemplateRequest.Body has 1,601 characters; an SMS template can have at most 1,600']);
    assert.deepEqual(templateContentProblems('VOICE', 'VoiceTemplateRequest', { Body: 'x'.repeat(10_000) }), []);
    assert.deepEqual(templateContentProblems('VOICE', 'VoiceTemplateRequest', { Body: 'x'.repeat(10_001) }), ['VoiceTemplateRequest.Body has 10,001 characters; a voice template can have at most 10,000']);
  });

  test('characters are code points: an emoji counts once', () => {
    assert.deepEqual(templateContentProblems('SMS', 'SMSTemplateRequest', { Body: '😀'.repeat(1600) }), []);
  });

  test('email: Subject, HtmlPart and TextPart count together against 500,000', () => {
    const ok = { Subject: 'x'.repeat(100_000), HtmlPart: 'x'.repeat(200_000), TextPart: 'x'.repeat(200_000) };
    assert.deepEqual(templateContentProblems('EMAIL', 'EmailTemplateRequest', ok), []);
    assert.deepEqual(templateContentProblems('EMAIL', 'EmailTemplateRequest', { ...ok, TextPart: 'x'.repeat(200_001) }), [
      'EmailTemplateRequest.Subject, EmailTemplateRequest.HtmlPart and EmailTemplateRequest.TextPart have 500,001 characters together; an email template can have at most 500,000',
    ]);
  });

  test('email headers: at most 15, a name of printable ASCII without colon up to 126, a one-line value up to 870', () => {
    const header = { Name: 'X-Campaign', Value: '{{Attributes.code}}' };
    assert.deepEqual(templateContentProblems('EMAIL', 'EmailTemplateRequest', { Headers: Array(15).fill(header) }), []);
    assert.deepEqual(templateContentProblems('EMAIL', 'EmailTemplateRequest', { Headers: Array(16).fill(header) }), ['EmailTemplateRequest.Headers has 16 headers; an email template can have at most 15']);
    const problems = templateContentProblems('EMAIL', 'EmailTemplateRequest', {
      Headers: [{ Value: 'v' }, { Name: 'X:Y', Value: 'v' }, { Name: 'x'.repeat(127) }, { Name: 'X-Ok', Value: 'a\r\nBcc: evil@example.com' }, { Name: 'X-Long', Value: 'v'.repeat(871) }],
    });
    assert.deepEqual(problems, [
      'EmailTemplateRequest.Headers[0].Name is required',
      "EmailTemplateRequest.Headers[1].Name 'X:Y' is not a header name: use printable ASCII characters other than ':' and space",
      'EmailTemplateRequest.Headers[2].Name has 127 characters; a header name can have at most 126',
      'EmailTemplateRequest.Headers[3].Value must not contain line breaks',
      'EmailTemplateRequest.Headers[4].Value has 871 characters; a header value can have at most 870',
    ]);
  });

  test('push: each platform section has its own limit over all its template parts', () => {
    assert.deepEqual(templateContentProblems('PUSH', 'PushNotificationTemplateRequest', { Default: { Title: 'x'.repeat(1000), Body: 'x'.repeat(1000) }, GCM: { Body: 'x'.repeat(4000) } }), []);
    assert.deepEqual(templateContentProblems('PUSH', 'PushNotificationTemplateRequest', { APNS: { Title: 'x'.repeat(1000), Body: 'x'.repeat(1000), Sound: 'x' } }), [
      'PushNotificationTemplateRequest.APNS has 2,001 characters in its template parts together; the APNS part of a push notification template can have at most 2,000',
    ]);
    assert.deepEqual(templateContentProblems('PUSH', 'PushNotificationTemplateRequest', { ADM: { Body: 'x'.repeat(4001) }, Baidu: { RawContent: 'x'.repeat(4001) } }), [
      'PushNotificationTemplateRequest.ADM has 4,001 characters in its template parts together; the ADM part of a push notification template can have at most 4,000',
      'PushNotificationTemplateRequest.Baidu has 4,001 characters in its template parts together; the Baidu part of a push notification template can have at most 4,000',
    ]);
  });

  test('every rendered part is syntax-checked and named; in-app text is not rendered', () => {
    const problems = templateContentProblems('PUSH', 'PushNotificationTemplateRequest', { Default: { Title: 'ok {{Name}}', Body: 'Hi {{#if x}}' } });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^PushNotificationTemplateRequest\.Default\.Body is not a valid message template: /);
    const email = templateContentProblems('EMAIL', 'EmailTemplateRequest', { Subject: '{{', Headers: [{ Name: 'X-A', Value: '{{/if}}' }] });
    assert.deepEqual(
      email.map((p) => p.split(' is not')[0]),
      ['EmailTemplateRequest.Subject', 'EmailTemplateRequest.Headers[0].Value'],
    );
    const inApp: InAppTemplateContent = { Content: [{ ...inAppMessage, HeaderConfig: { ...inAppMessage.HeaderConfig, Header: '{{' } }] };
    assert.deepEqual(templateContentProblems('INAPP', 'InAppTemplateRequest', inApp), []);
    assert.deepEqual(renderedParts('INAPP', inApp), []);
  });

  test('DefaultSubstitutions, TemplateDescription and unstorable text are refused naming the member', () => {
    assert.deepEqual(templateContentProblems('SMS', 'SMSTemplateRequest', { DefaultSubstitutions: '{"a":1}' }), ["SMSTemplateRequest.DefaultSubstitutions must map each message variable to a string; 'a' maps to a number"]);
    assert.deepEqual(templateContentProblems('SMS', 'SMSTemplateRequest', { TemplateDescription: 'd'.repeat(501) }), ['SMSTemplateRequest.TemplateDescription has 501 characters; a template description can have at most 500']);
    assert.deepEqual(templateContentProblems('SMS', 'SMSTemplateRequest', { TemplateDescription: 'a\uD800b' }), ['SMSTemplateRequest.TemplateDescription must not contain NUL characters or unpaired surrogates']);
    assert.deepEqual(templateContentProblems('SMS', 'SMSTemplateRequest', { Body: 'a\u0000b' })[0], 'SMSTemplateRequest.Body must not contain NUL characters or unpaired surrogates');
  });

  test('in-app: 1 to 5 messages, each with a header, a body and a background color; console text limits; links for link buttons', () => {
    assert.deepEqual(templateContentProblems('INAPP', 'InAppTemplateRequest', { Content: Array(5).fill(inAppMessage), Layout: 'CAROUSEL' }), []);
    assert.deepEqual(templateContentProblems('INAPP', 'InAppTemplateRequest', { Layout: 'TOP_BANNER' }), ['InAppTemplateRequest.Content is required: an in-app template has 1 to 5 messages']);
    assert.deepEqual(templateContentProblems('INAPP', 'InAppTemplateRequest', { Content: Array(6).fill(inAppMessage) }), ['InAppTemplateRequest.Content has 6 messages; an in-app template (a carousel) can have at most 5']);
    assert.deepEqual(templateContentProblems('INAPP', 'InAppTemplateRequest', { Content: [{ ImageUrl: 'https://example.com/a.png' }] }), [
      'InAppTemplateRequest.Content[0].BodyConfig is required: each in-app message has a body',
      'InAppTemplateRequest.Content[0].HeaderConfig is required: each in-app message has a header',
      'InAppTemplateRequest.Content[0].BackgroundColor is required: each in-app message has a background color',
    ]);
    const long: InAppTemplateContent = {
      Content: [
        {
          ...inAppMessage,
          HeaderConfig: { ...inAppMessage.HeaderConfig, Header: 'h'.repeat(65) },
          BodyConfig: { ...inAppMessage.BodyConfig, Body: 'b'.repeat(151) },
          PrimaryBtn: { DefaultConfig: { ButtonAction: 'LINK', Text: 't'.repeat(65) }, IOS: { ButtonAction: 'DEEP_LINK' }, Android: { ButtonAction: 'CLOSE' } },
        },
      ],
      CustomConfig: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])),
    };
    assert.deepEqual(templateContentProblems('INAPP', 'InAppTemplateRequest', long), [
      'InAppTemplateRequest.Content[0].HeaderConfig.Header has 65 characters; an in-app header can have at most 64',
      'InAppTemplateRequest.Content[0].BodyConfig.Body has 151 characters; an in-app message body can have at most 150',
      'InAppTemplateRequest.Content[0].PrimaryBtn.DefaultConfig.Text has 65 characters; a button text can have at most 64',
      'InAppTemplateRequest.Content[0].PrimaryBtn.DefaultConfig.Link is required when ButtonAction is LINK',
      'InAppTemplateRequest.Content[0].PrimaryBtn.IOS.Link is required when ButtonAction is DEEP_LINK',
      'InAppTemplateRequest.CustomConfig has 11 entries; an in-app template can have at most 10',
    ]);
  });
});

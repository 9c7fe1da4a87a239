import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { settingsProblems } from './app-settings.ts';

describe('settingsProblems: limits', () => {
  test('values at the bounds are accepted', () => {
    assert.deepEqual(settingsProblems({ Limits: { Daily: 0, Total: 0, MaximumDuration: 60, MessagesPerSecond: 1, Session: 0 } }), []);
    assert.deepEqual(settingsProblems({ Limits: { Daily: 100, Total: 100, MaximumDuration: 86400, MessagesPerSecond: 20000 } }), []);
    assert.deepEqual(settingsProblems({}), []);
  });

  test('Daily and Total are 0–100', () => {
    assert.deepEqual(settingsProblems({ Limits: { Daily: 101 } }), ['Limits.Daily must be from 0 to 100, got 101']);
    assert.deepEqual(settingsProblems({ Limits: { Daily: -1 } }), ['Limits.Daily must be from 0 to 100, got -1']);
    assert.deepEqual(settingsProblems({ Limits: { Total: 101 } }), ['Limits.Total must be from 0 to 100, got 101']);
    assert.deepEqual(settingsProblems({ Limits: { Total: -5 } }), ['Limits.Total must be from 0 to 100, got -5']);
  });

  test('MaximumDuration is at least 60', () => {
    assert.deepEqual(settingsProblems({ Limits: { MaximumDuration: 59 } }), ['Limits.MaximumDuration must be at least 60, got 59']);
  });

  test('MessagesPerSecond is 1–20000', () => {
    assert.deepEqual(settingsProblems({ Limits: { MessagesPerSecond: 0 } }), ['Limits.MessagesPerSecond must be from 1 to 20000, got 0']);
    assert.deepEqual(settingsProblems({ Limits: { MessagesPerSecond: 20001 } }), ['Limits.MessagesPerSecond must be from 1 to 20000, got 20001']);
  });

  test('Session and journey caps must not be negative', () => {
    assert.deepEqual(settingsProblems({ Limits: { Session: -1 } }), ['Limits.Session must be at least 0, got -1']);
    assert.deepEqual(
      settingsProblems({ JourneyLimits: { DailyCap: -1, TotalCap: -2, TimeframeCap: { Days: -3, Cap: -4 } } }),
      [
        'JourneyLimits.DailyCap must be at least 0, got -1',
        'JourneyLimits.TotalCap must be at least 0, got -2',
        'JourneyLimits.TimeframeCap.Days must be at least 0, got -3',
        'JourneyLimits.TimeframeCap.Cap must be at least 0, got -4',
      ],
    );
    assert.deepEqual(settingsProblems({ JourneyLimits: { DailyCap: 0, TimeframeCap: { Days: 7, Cap: 3 } } }), []);
  });

  test('several problems are reported together', () => {
    assert.equal(settingsProblems({ Limits: { Daily: 200, Total: 200, MaximumDuration: 1, MessagesPerSecond: 0 } }).length, 4);
  });
});

describe('settingsProblems: quiet time', () => {
  test('HH:mm in 24-hour notation', () => {
    assert.deepEqual(settingsProblems({ QuietTime: { Start: '00:00', End: '23:59' } }), []);
    assert.deepEqual(settingsProblems({ QuietTime: { Start: '22:30', End: '06:00' } }), []);
    for (const bad of ['24:00', '7:00', '07:60', '0700', '07:00:00', 'noon', '']) {
      assert.deepEqual(
        settingsProblems({ QuietTime: { Start: bad, End: '06:00' } }),
        [`QuietTime.Start must be a 24-hour time HH:mm, got '${bad}'`],
        bad,
      );
    }
    assert.deepEqual(settingsProblems({ QuietTime: { Start: '06:00', End: '25:00' } }), ["QuietTime.End must be a 24-hour time HH:mm, got '25:00'"]);
  });

  test('both or neither', () => {
    assert.deepEqual(settingsProblems({ QuietTime: { Start: '22:00' } }), ['QuietTime needs both Start and End']);
    assert.deepEqual(settingsProblems({ QuietTime: { End: '06:00' } }), ['QuietTime needs both Start and End']);
    assert.deepEqual(settingsProblems({ QuietTime: {} }), []);
  });
});

describe('settingsProblems: campaign hook', () => {
  test('WebUrl must be an http(s) URL', () => {
    assert.deepEqual(settingsProblems({ CampaignHook: { WebUrl: 'https://hooks.example.com/x' } }), []);
    assert.deepEqual(settingsProblems({ CampaignHook: { WebUrl: 'ftp://example.com' } }), ["CampaignHook.WebUrl must be an http(s) URL, got 'ftp://example.com'"]);
    assert.deepEqual(settingsProblems({ CampaignHook: { WebUrl: 'not a url' } }), ["CampaignHook.WebUrl must be an http(s) URL, got 'not a url'"]);
    assert.deepEqual(settingsProblems({ CampaignHook: { LambdaFunctionName: 'fn', Mode: 'FILTER' } }), []);
  });
});

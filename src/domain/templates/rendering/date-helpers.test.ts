import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderMessagePart, type RenderOutcome } from './index.ts';

// Saturday 19 September 2020, 17:30:05.123 UTC = 10:30:05 PDT = 23:00:05 IST.
const now = new Date('2020-09-19T17:30:05.123Z');

function render(source: string, variables: Record<string, unknown> = {}): RenderOutcome {
  return renderMessagePart(source, variables, { html: false, now, randomUUID: () => 'fixed-uuid' });
}

function ok(text: string): RenderOutcome {
  return { ok: true, text };
}

function failed(reason: string): RenderOutcome {
  return { ok: false, reason: `Rendering failed: ${reason}` };
}

describe('now', () => {
  test('the four styles, medium by default, in UTC unless tz is given', () => {
    assert.deepEqual(render('{{now}}|{{now "full"}}|{{now "long"}}|{{now "medium"}}|{{now "short"}}'),
      ok('Sep 19, 2020|Saturday, September 19, 2020|September 19, 2020|Sep 19, 2020|9/19/20'));
    assert.deepEqual(render('{{now "medium" tz=America/Los_Angeles}}|{{now "yyyy-MM-dd HH:mm" tz="Asia/Kolkata"}}'),
      ok('Sep 19, 2020|2020-09-19 23:00'));
    assert.deepEqual(render('{{now "EEEE" tz="Pacific/Kiritimati"}}|{{now format="EEEE" tz="Pacific/Pago_Pago"}}'), ok('Sunday|Saturday'));
  });

  test('Java pattern letters', () => {
    const cases: Array<[string, string]> = [
      ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2020-09-19T17:30:05.123Z'],
      ['yy y yyyy', '20 2020 2020'],
      ['M MM MMM MMMM', '9 09 Sep September'],
      ['d dd D', '19 19 263'],
      ['E EEE EEEE u', 'Sat Sat Saturday 6'],
      ['h hh H HH k K a', '5 05 17 17 17 5 PM'],
      ['m mm s ss S SSS', '30 30 5 05 123 123'],
      ['G', 'AD'],
      ["'o''clock' h", "o'clock 5"],
      ['z Z X XX XXX', 'UTC +0000 Z Z Z'],
    ];
    for (const [pattern, expected] of cases) {
      assert.deepEqual(render('{{now p}}', { p: pattern }), ok(expected), pattern);
    }
  });

  test('zone names and offsets in a named zone', () => {
    assert.deepEqual(render('{{now "hh:mm a z zzzz Z X XX XXX" tz=America/Los_Angeles}}'), ok('10:30 AM PDT Pacific Daylight Time -0700 -07 -0700 -07:00'));
    assert.deepEqual(render('{{now "HH:mm XXX" tz="Asia/Kolkata"}}'), ok('23:00 +05:30'));
  });

  test('tz may name a variable; when it is missing, UTC is used', () => {
    const source = '{{now "yyyy-MM-dd HH:mm" tz=Demographic.Timezone}}';
    assert.deepEqual(render(source, { Demographic: { Timezone: 'Asia/Tokyo' } }), ok('2020-09-20 02:30'));
    assert.deepEqual(render(source, { Demographic: {} }), ok('2020-09-19 17:30'));
    assert.deepEqual(render('{{now "HH:mm" tz=UTC}}|{{now full}}'), ok('17:30|Saturday, September 19, 2020'));
  });

  test('bad patterns and zones fail the render', () => {
    assert.deepEqual(render('{{now "yyyy-QQ"}}'), failed(`date pattern letter 'Q' is not supported (in "yyyy-QQ")`));
    assert.deepEqual(render(`{{now "yyyy 'open"}}`), failed(`unterminated quote in date pattern "yyyy 'open"`));
    assert.deepEqual(render('{{now "short" tz="Mars/Olympus_Mons"}}'), failed('now: unknown time zone "Mars/Olympus_Mons"'));
  });
});

describe('dateFormat', () => {
  test('the guide’s example: inputFormat, outputFormat and an unquoted tz', () => {
    const source = 'We can meet with you any time on {{dateFormat User.UserAttributes.StartDate.[0] inputFormat="MM/dd/yyyy" outputFormat="full" tz=America/Los_Angeles}}.';
    assert.deepEqual(render(source, { User: { UserAttributes: { StartDate: ['09/19/2020'] } } }),
      ok('We can meet with you any time on Saturday, September 19, 2020.'));
  });

  test('ISO 8601 dates as Pinpoint stores them, converted to the zone', () => {
    const endpoint = { EffectiveDate: '2019-08-23T10:54:35.220Z', CreationDate: '2019-06-30' };
    assert.deepEqual(render('{{dateFormat EffectiveDate}}|{{dateFormat EffectiveDate "yyyy-MM-dd HH:mm:ss z" tz=America/Los_Angeles}}', endpoint),
      ok('Aug 23, 2019|2019-08-23 03:54:35 PDT'));
    assert.deepEqual(render('{{dateFormat CreationDate format="long"}}|{{dateFormat CreationDate "short" tz="Asia/Tokyo"}}', endpoint),
      ok('June 30, 2019|6/30/19'));
  });

  test('other readable forms: SQL-style text, epoch milliseconds (number or text), a one-value list', () => {
    assert.deepEqual(render('{{dateFormat "2020-09-19 08:05:00" "HH:mm"}}|{{dateFormat ms "yyyy-MM-dd HH:mm"}}|{{dateFormat text "yyyy-MM-dd"}}|{{dateFormat list "EEE"}}',
      { ms: 1600536605123, text: '1600536605123', list: ['2020-09-19'] }),
    ok('08:05|2020-09-19 17:30|2020-09-19|Sat'));
  });

  test('inputFormat patterns with names, times and literals', () => {
    assert.deepEqual(render(`{{dateFormat "19 Sep 2020 at 5:07 PM" inputFormat="d MMM yyyy 'at' h:mm a" outputFormat="yyyy-MM-dd HH:mm"}}`), ok('2020-09-19 17:07'));
    assert.deepEqual(render('{{dateFormat "2020.09.19 23:15" inputFormat="yyyy.MM.dd HH:mm" tz="Europe/Paris" outputFormat="HH:mm XXX"}}'), ok('23:15 +02:00'));
  });

  test('a missing date renders nothing; an unreadable one fails', () => {
    assert.deepEqual(render('[{{dateFormat nothing "full"}}][{{dateFormat ""}}]'), ok('[][]'));
    assert.deepEqual(render('{{dateFormat "next tuesday"}}'), failed('dateFormat: cannot read "next tuesday" as a date; give inputFormat="…"'));
    assert.deepEqual(render('{{dateFormat "2020-19-09" inputFormat="yyyy-MM-dd"}}'), failed('dateFormat: "2020-19-09" does not match inputFormat "yyyy-MM-dd"'));
    assert.deepEqual(render('{{dateFormat "2020" inputFormat="yyyy D"}}'), failed(`date pattern letter 'D' cannot be used to read dates (in "yyyy D")`));
    assert.deepEqual(render('{{dateFormat "2020-09-19" tz="Nowhere/Land"}}'), failed('dateFormat: unknown time zone "Nowhere/Land"'));
  });
});

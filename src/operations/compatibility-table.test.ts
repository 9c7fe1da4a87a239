import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadQueryModels, loadServiceModels } from '../spec/load-models.ts';
import { queryHandlerTable } from './query-handler-table.ts';
import { renderCompatibilityTable } from './compatibility-table.ts';
import { checkHandlerTable, handlerTable } from './handler-table.ts';
import type { HandlerTable } from './handler-table.ts';

const models = loadServiceModels();
const query = { models: loadQueryModels(), table: queryHandlerTable({ authorizer: undefined as never }) };
const committed = readFileSync(new URL('../../docs/compatibility.md', import.meta.url), 'utf8');

describe('docs/compatibility.md', () => {
  test('the committed file equals the generated table (run `npm run compat-table` after changing handlers)', () => {
    assert.equal(committed, renderCompatibilityTable(models, handlerTable, query));
  });

  test('lists every operation of every model with its HTTP binding and status', () => {
    const rendered = renderCompatibilityTable(models, handlerTable);
    assert.match(rendered, /\| Pinpoint \(2016-12-01\) \| rest-json \| 126 \| \d+ \|/);
    assert.match(rendered, /\| ListEndpoints \| `GET \/v1\/apps\/\{application-id\}\/endpoints` \| implemented \(Pinion extension, not in the AWS API\) \|/);
    assert.match(rendered, /\| Pinpoint SMS Voice V2 \(2022-03-31\) \| awsJson1_0 \| 106 \| 0 \|/);
    assert.match(rendered, /\| CreateApp \| `POST \/v1\/apps` \| implemented \|/);
    assert.match(rendered, /\| CreateCampaign \| `POST \/v1\/apps\/\{application-id\}\/campaigns` \| not implemented \|/);
    assert.match(rendered, /\| SendTextMessage \| `POST \/ \(PinpointSMSVoiceV2\.SendTextMessage\)` \| not implemented \|/);
    const rows = rendered.split('\n').filter((l) => /` \| (implemented|not implemented)( \(Pinion extension, not in the AWS API\))? \|$/.test(l));
    assert.equal(rows.length, 126 + 8 + 106);
  });

  test('lists the IAM and STS operations Pinion serves', () => {
    const rendered = renderCompatibilityTable(models, handlerTable, query);
    assert.match(rendered, /\| IAM \(2010-05-08\) \| query \| 62 \| \d+ \|/);
    assert.match(rendered, /\| STS \(2011-06-15\) \| query \| 3 \| 3 \|/);
    assert.match(rendered, /\| CreateUser \| `POST \/ \(Action=CreateUser\)` \| implemented \|/);
    assert.match(rendered, /\| AssumeRole \| `POST \/ \(Action=AssumeRole\)` \| implemented \|/);
  });

  test('a handler change shows in the table', () => {
    const { CreateApp: _removed, ...rest } = handlerTable.pinpoint;
    const without: HandlerTable = { ...handlerTable, pinpoint: rest };
    const rendered = renderCompatibilityTable(models, without);
    assert.notEqual(rendered, committed);
    assert.match(rendered, /\| CreateApp \| `POST \/v1\/apps` \| not implemented \|/);
  });
});

describe('checkHandlerTable', () => {
  test('accepts the real table', () => {
    assert.doesNotThrow(() => checkHandlerTable(handlerTable, models));
  });

  test('refuses a handler whose operation is not in the model', () => {
    const typo: HandlerTable = { ...handlerTable, pinpoint: { ...handlerTable.pinpoint, CreateAppp: handlerTable.pinpoint.CreateApp! } };
    assert.throws(() => checkHandlerTable(typo, models), /pinpoint:CreateAppp/);
  });

  test('refuses an operation filed under the wrong API', () => {
    const misplaced: HandlerTable = { ...handlerTable, 'sms-voice-v2': { CreateApp: handlerTable.pinpoint.CreateApp! } };
    assert.throws(() => checkHandlerTable(misplaced, models), /sms-voice-v2:CreateApp/);
  });
});

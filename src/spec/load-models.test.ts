import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceModel, loadServiceModels, mergeExtension } from './load-models.ts';
import type { RawModel } from './service-model.ts';
import { shapeOf } from './service-model.ts';

const models = loadServiceModels();

function tinyModel(): RawModel {
  return {
    metadata: { apiVersion: '2020-01-01', protocol: 'rest-json', signingName: 'tiny', serviceId: 'Tiny' },
    operations: {
      Get: {
        name: 'Get',
        http: { method: 'get', requestUri: '/things/{Id}' },
        input: { shape: 'GetInput' },
        output: { shape: 'GetOutput' },
        errors: [{ shape: 'Oops' }],
      },
    },
    shapes: {
      String: { type: 'string' },
      GetInput: { type: 'structure', members: { Id: { shape: 'String', location: 'uri', locationName: 'Id' } } },
      GetOutput: { type: 'structure', members: { Name: { shape: 'String' } } },
      Oops: { type: 'structure', exception: true, members: {} },
    },
  };
}

describe('mergeExtension', () => {
  test('adds operations flagged as extensions and refuses names the model already has', () => {
    const raw = tinyModel();
    const merged = mergeExtension('t', raw, { operations: { Extra: { name: 'Extra', http: { method: 'GET', requestUri: '/extra' } } }, shapes: { ExtraShape: { type: 'structure', members: {} } } });
    assert.equal(merged.operations.Extra!.extension, true);
    assert.ok(merged.shapes.ExtraShape);
    const taken = Object.keys(raw.operations)[0]!;
    assert.throws(() => mergeExtension('t', raw, { operations: { [taken]: raw.operations[taken]! }, shapes: {} }), new RegExp(`operation ${taken} is already in the model`));
    const shape = Object.keys(raw.shapes)[0]!;
    assert.throws(() => mergeExtension('t', raw, { operations: {}, shapes: { [shape]: raw.shapes[shape]! } }), new RegExp(`shape ${shape} is already in the model`));
  });
});

describe('loadServiceModels', () => {
  test('loads the three vendored APIs with their operation counts', () => {
    assert.deepEqual([...models.keys()].sort(), ['pinpoint', 'sms-voice', 'sms-voice-v2']);
    // 122 from AWS's model, plus Pinion's extensions (spec/pinion-extensions-pinpoint.json).
    assert.equal(models.get('pinpoint')!.operations.size, 126);
    const extensions = [...models.get('pinpoint')!.operations.values()].filter((op) => op.extension).map((op) => op.name);
    assert.deepEqual(extensions, ['ListEndpoints', 'GetSegmentSize', 'ListOutboxMessages', 'GetOutboxMessage']);
    assert.equal(models.get('pinpoint')!.operations.get('GetEndpoint')!.extension, false);
    assert.equal(models.get('sms-voice')!.operations.size, 8);
    assert.equal(models.get('sms-voice-v2')!.operations.size, 106);
  });

  test('protocols, signing names and target prefix come from the metadata', () => {
    const pinpoint = models.get('pinpoint')!;
    const v1 = models.get('sms-voice')!;
    const v2 = models.get('sms-voice-v2')!;
    assert.equal(pinpoint.protocol, 'rest-json');
    assert.equal(v1.protocol, 'rest-json');
    assert.equal(v2.protocol, 'json');
    assert.equal(pinpoint.signingName, 'mobiletargeting');
    assert.equal(v1.signingName, 'sms-voice');
    assert.equal(v2.signingName, 'sms-voice');
    assert.equal(v2.targetPrefix, 'PinpointSMSVoiceV2');
    assert.equal(v2.jsonVersion, '1.0');
    assert.equal(pinpoint.targetPrefix, undefined);
    assert.equal(pinpoint.apiVersion, '2016-12-01');
    assert.equal(v2.serviceId, 'Pinpoint SMS Voice V2');
  });

  test('success status codes come from the model', () => {
    const ops = models.get('pinpoint')!.operations;
    assert.equal(ops.get('CreateApp')!.successStatus, 201);
    assert.equal(ops.get('UntagResource')!.successStatus, 204);
    assert.equal(ops.get('TagResource')!.successStatus, 204);
    assert.equal(ops.get('GetApps')!.successStatus, 200);
    assert.equal(ops.get('DeleteApp')!.successStatus, 200);
  });

  test('operations carry method, requestUri, shapes, errors and a link back to their service', () => {
    const pinpoint = models.get('pinpoint')!;
    const op = pinpoint.operations.get('GetApplicationSettings')!;
    assert.equal(op.method, 'GET');
    assert.equal(op.requestUri, '/v1/apps/{application-id}/settings');
    assert.equal(op.inputShape, 'GetApplicationSettingsRequest');
    assert.equal(op.outputShape, 'GetApplicationSettingsResponse');
    assert.ok(op.errorShapes.includes('NotFoundException'));
    assert.equal(op.service, pinpoint);
    const send = models.get('sms-voice-v2')!.operations.get('SendTextMessage')!;
    assert.equal(send.method, 'POST');
    assert.equal(send.service.key, 'sms-voice-v2');
  });

  test('every shape any operation names exists', () => {
    for (const model of models.values()) {
      for (const op of model.operations.values()) {
        for (const name of [op.inputShape, op.outputShape, ...op.errorShapes]) {
          if (name) assert.doesNotThrow(() => shapeOf(model, name), `${model.key} ${op.name} ${name}`);
        }
      }
    }
  });
});

describe('buildServiceModel', () => {
  test('normalises the method and defaults the success status to 200', () => {
    const model = buildServiceModel('pinpoint', tinyModel());
    const op = model.operations.get('Get')!;
    assert.equal(op.method, 'GET');
    assert.equal(op.successStatus, 200);
    assert.deepEqual(op.errorShapes, ['Oops']);
  });

  test('refuses an operation naming a missing input shape', () => {
    const raw = tinyModel();
    raw.operations.Get!.input = { shape: 'Nowhere' };
    assert.throws(() => buildServiceModel('pinpoint', raw), /Get names missing shape Nowhere/);
  });

  test('refuses an operation naming a missing output or error shape', () => {
    const raw = tinyModel();
    raw.operations.Get!.output = { shape: 'NoOutput' };
    assert.throws(() => buildServiceModel('pinpoint', raw), /NoOutput/);
    const raw2 = tinyModel();
    raw2.operations.Get!.errors = [{ shape: 'NoError' }];
    assert.throws(() => buildServiceModel('pinpoint', raw2), /NoError/);
  });

  test('refuses a member, list member or map value naming a missing shape', () => {
    const raw = tinyModel();
    raw.shapes.GetOutput!.members!.Extra = { shape: 'Ghost' };
    assert.throws(() => buildServiceModel('pinpoint', raw), /Ghost/);
    const raw2 = tinyModel();
    raw2.shapes.Names = { type: 'list', member: { shape: 'Phantom' } };
    assert.throws(() => buildServiceModel('pinpoint', raw2), /Phantom/);
    const raw3 = tinyModel();
    raw3.shapes.Dict = { type: 'map', key: { shape: 'String' }, value: { shape: 'Spectre' } };
    assert.throws(() => buildServiceModel('pinpoint', raw3), /Spectre/);
  });

  test('refuses a structure whose payload names no member', () => {
    const raw = tinyModel();
    raw.shapes.GetOutput!.payload = 'Absent';
    assert.throws(() => buildServiceModel('pinpoint', raw), /payload Absent/);
  });

  test('refuses a protocol Pinion does not serve', () => {
    const raw = tinyModel();
    raw.metadata.protocol = 'query';
    assert.throws(() => buildServiceModel('pinpoint', raw), /protocol query/);
  });

  test('shapeOf names the missing shape', () => {
    const model = buildServiceModel('pinpoint', tinyModel());
    assert.throws(() => shapeOf(model, 'Missing'), /has no shape Missing/);
  });
});

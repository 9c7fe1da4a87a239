import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildQueryServiceModel, loadQueryModels, loadServiceModels } from '../../spec/load-models.ts';
import type { RawModel } from '../../spec/service-model.ts';

const models = loadQueryModels();

function rawFile(name: string): RawModel & Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../../spec/${name}`, import.meta.url), 'utf8')) as RawModel & Record<string, unknown>;
}

describe('loadQueryModels', () => {
  test('loads IAM and STS with the vendored operations', () => {
    assert.deepEqual([...models.keys()], ['iam', 'sts']);
    assert.equal(models.get('iam')!.operations.size, 62);
    assert.deepEqual([...models.get('sts')!.operations.keys()], ['AssumeRole', 'GetCallerIdentity', 'GetSessionToken']);
  });

  test('metadata: protocol, version, namespace, signing name', () => {
    const iam = models.get('iam')!;
    const sts = models.get('sts')!;
    assert.equal(iam.protocol, 'query');
    assert.equal(iam.apiVersion, '2010-05-08');
    assert.equal(sts.apiVersion, '2011-06-15');
    assert.equal(iam.xmlNamespace, 'https://iam.amazonaws.com/doc/2010-05-08/');
    assert.equal(sts.xmlNamespace, 'https://sts.amazonaws.com/doc/2011-06-15/');
    assert.equal(iam.signingName, 'iam');
    assert.equal(sts.signingName, 'sts');
    assert.equal(iam.serviceId, 'IAM');
  });

  test('operations know their result wrapper; operations without output have none', () => {
    const iam = models.get('iam')!;
    assert.equal(iam.operations.get('CreateUser')!.resultWrapper, 'CreateUserResult');
    assert.equal(iam.operations.get('CreateUser')!.outputShape, 'CreateUserResponse');
    assert.equal(iam.operations.get('DeleteUser')!.resultWrapper, undefined);
    assert.equal(iam.operations.get('DeleteUser')!.outputShape, undefined);
    assert.equal(iam.operations.get('CreateUser')!.method, 'POST');
    assert.ok(iam.operations.get('CreateUser')!.errorShapes.includes('EntityAlreadyExistsException'));
  });

  test('every pattern compiles as a Unicode regular expression (the shared reader enforces them)', () => {
    for (const model of models.values()) {
      for (const [name, shape] of Object.entries(model.shapes)) {
        if (shape.pattern) assert.doesNotThrow(() => new RegExp(`^(?:${shape.pattern})$`, 'u'), `${model.key} ${name}`);
      }
    }
  });

  test('loadServiceModels still serves exactly the three Pinpoint APIs', () => {
    assert.deepEqual([...loadServiceModels().keys()].sort(), ['pinpoint', 'sms-voice', 'sms-voice-v2']);
  });
});

describe('vendored files', () => {
  for (const file of ['iam-2010-05-08.json', 'sts-2011-06-15.json']) {
    test(`${file} names its source and license and has no documentation`, () => {
      const text = readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8');
      const raw = JSON.parse(text) as { _source: { origin: string; license: string } };
      assert.match(raw._source.origin, /botocore/);
      assert.match(raw._source.license, /Apache-2\.0/);
      assert.doesNotMatch(text, /"documentation"/);
    });
  }
});

describe('buildQueryServiceModel', () => {
  test('refuses a model of another protocol, or without a namespace', () => {
    const raw = rawFile('sts-2011-06-15.json');
    assert.throws(() => buildQueryServiceModel('sts', { ...raw, metadata: { ...raw.metadata, protocol: 'json' } }), /protocol json, expected query/);
    assert.throws(() => buildQueryServiceModel('sts', { ...raw, metadata: { ...raw.metadata, xmlNamespace: undefined } }), /no metadata.xmlNamespace/);
  });

  test('refuses a reference to a missing shape', () => {
    const raw = rawFile('sts-2011-06-15.json');
    const shapes = { ...raw.shapes, AssumedRoleUser: { type: 'structure' as const, members: { Arn: { shape: 'Nope' } } } };
    assert.throws(() => buildQueryServiceModel('sts', { ...raw, shapes }), /shape AssumedRoleUser names missing shape Nope/);
  });
});

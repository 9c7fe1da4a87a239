import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadServiceModels } from '../spec/load-models.ts';
import { pinpointErrors } from './pinpoint-errors.ts';

const pinpoint = loadServiceModels().get('pinpoint')!;

test('every Pinpoint error factory answers the status its model error shape states', () => {
  const factories = Object.entries(pinpointErrors);
  assert.ok(factories.length >= 6);
  for (const [name, make] of factories) {
    const error = make('message');
    const shape = pinpoint.shapes[error.code];
    assert.ok(shape?.exception, `${name}: ${error.code} is not an error shape of the Pinpoint model`);
    assert.equal(error.status, shape.error?.httpStatusCode, `${name}: ${error.code}`);
    assert.equal(error.message, 'message');
  }
});

test('badRequest keeps its cause', () => {
  const cause = new Error('inner');
  assert.equal(pinpointErrors.badRequest('x', cause).cause, cause);
});

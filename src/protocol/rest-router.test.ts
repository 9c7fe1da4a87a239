import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceModel, loadServiceModels } from '../spec/load-models.ts';
import type { OperationModel } from '../spec/service-model.ts';
import { bindingModel } from '../../test/fixtures/models/binding-model.ts';
import { parseQueryString } from './query-string.ts';
import { RestRouter } from './rest-router.ts';

const models = loadServiceModels();
const pinpoint = models.get('pinpoint')!;
const smsVoice = models.get('sms-voice')!;
const noQuery = parseQueryString('');

/** Fills every `{label}` with a value unlikely to collide with a literal segment. */
function instantiate(op: OperationModel): { path: string; labels: Record<string, string> } {
  const labels: Record<string, string> = {};
  const path = op.requestUri.split('?')[0]!.replace(/\{([^}+]+)\+?\}/g, (_m, name: string) => {
    labels[name] = `v-${name.toLowerCase()}-1`;
    return labels[name]!;
  });
  return { path, labels };
}

describe('RestRouter over the vendored rest-json models', () => {
  for (const model of [pinpoint, smsVoice]) {
    test(`every ${model.key} operation (${model.operations.size}) routes back to itself`, () => {
      const router = new RestRouter(model.operations.values());
      let checked = 0;
      for (const op of model.operations.values()) {
        const { path, labels } = instantiate(op);
        const match = router.match(op.method, path, noQuery);
        assert.equal(match.kind, 'matched', `${op.name}: ${op.method} ${path} gave ${match.kind}`);
        if (match.kind !== 'matched') continue;
        assert.equal(match.operation.name, op.name, `${op.method} ${path}`);
        assert.deepEqual(match.labels, labels, op.name);
        checked++;
      }
      assert.equal(checked, model.operations.size);
    });
  }

  const router = new RestRouter(pinpoint.operations.values());

  test('literal segments win over labels', () => {
    // /v1/apps/{application-id}/settings (literal) vs /v1/apps/{application-id}/campaigns etc.
    const settings = router.match('GET', '/v1/apps/abc/settings', noQuery);
    assert.equal(settings.kind, 'matched');
    assert.equal(settings.kind === 'matched' && settings.operation.name, 'GetApplicationSettings');
    const export_ = router.match('GET', '/v1/apps/abc/jobs/export', noQuery);
    assert.equal(export_.kind === 'matched' && export_.operation.name, 'GetExportJobs');
    const exportJob = router.match('GET', '/v1/apps/abc/jobs/export/job-1', noQuery);
    assert.equal(exportJob.kind === 'matched' && exportJob.operation.name, 'GetExportJob');
    // A label segment whose value happens to spell a literal elsewhere still routes by position.
    const app = router.match('GET', '/v1/apps/settings', noQuery);
    assert.equal(app.kind === 'matched' && app.operation.name, 'GetApp');
    assert.deepEqual(app.kind === 'matched' && app.labels, { 'application-id': 'settings' });
  });

  test('an encoded slash stays inside one label', () => {
    const arn = 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc';
    const match = router.match('GET', `/v1/tags/${encodeURIComponent(arn)}`, noQuery);
    assert.equal(match.kind, 'matched');
    if (match.kind !== 'matched') return;
    assert.equal(match.operation.name, 'ListTagsForResource');
    assert.deepEqual(match.labels, { 'resource-arn': arn });
    // The raw (unencoded) slash splits the path and matches nothing.
    assert.equal(router.match('GET', `/v1/tags/${arn}`, noQuery).kind, 'not-found');
  });

  test('percent-encoded UTF-8 inside a label decodes to one label', () => {
    const name = 'café/ünïcødé 📨';
    const match = router.match('GET', `/v1/templates/${encodeURIComponent(name)}/email`, noQuery);
    assert.equal(match.kind, 'matched');
    if (match.kind !== 'matched') return;
    assert.equal(match.operation.name, 'GetEmailTemplate');
    assert.equal(match.labels['template-name'], name);
  });

  test('an encoded literal segment still matches the literal', () => {
    const match = router.match('GET', '/v1/%61pps', noQuery);
    assert.equal(match.kind === 'matched' && match.operation.name, 'GetApps');
  });

  test('unknown paths are not found', () => {
    assert.deepEqual(router.match('GET', '/v1/nothing-here', noQuery), { kind: 'not-found' });
    assert.deepEqual(router.match('GET', '/', noQuery), { kind: 'not-found' });
    assert.deepEqual(router.match('GET', '/v1/apps/abc/settings/extra', noQuery), { kind: 'not-found' });
    assert.deepEqual(router.match('GET', '/v2/apps', noQuery), { kind: 'not-found' });
  });

  test('a known path with the wrong method lists the allowed methods', () => {
    assert.deepEqual(router.match('PATCH', '/v1/apps', noQuery), { kind: 'method-not-allowed', allowed: ['GET', 'POST'] });
    assert.deepEqual(router.match('POST', '/v1/apps/abc', noQuery), {
      kind: 'method-not-allowed',
      allowed: ['DELETE', 'GET'],
    });
    assert.deepEqual(router.match('PUT', '/v1/tags/arn', noQuery), {
      kind: 'method-not-allowed',
      allowed: ['DELETE', 'GET', 'POST'],
    });
  });

  test('methods are matched exactly (case-sensitive, as on the wire)', () => {
    assert.equal(router.match('get', '/v1/apps', noQuery).kind, 'method-not-allowed');
  });

  test('bad percent-encoding is reported with the offending segment', () => {
    assert.deepEqual(router.match('GET', '/v1/apps/%E0%A4%A', noQuery), { kind: 'bad-encoding', segment: '%E0%A4%A' });
    assert.deepEqual(router.match('GET', '/v1/apps/%zz/settings', noQuery), { kind: 'bad-encoding', segment: '%zz' });
  });

  test('a trailing slash does not match', () => {
    assert.equal(router.match('GET', '/v1/apps/', noQuery).kind, 'not-found');
    assert.equal(router.match('GET', '/v1/apps/abc/', noQuery).kind, 'not-found');
    assert.equal(router.match('GET', '/v1/apps/abc/settings/', noQuery).kind, 'not-found');
  });

  test('an empty label does not match', () => {
    assert.equal(router.match('GET', '/v1/apps//settings', noQuery).kind, 'not-found');
  });
});

describe('RestRouter with greedy labels and fixed query keys', () => {
  /** The plain route is declared first, so declaration order alone cannot pick the query route. */
  function routerWith(order: 'plain-first' | 'query-first'): RestRouter {
    const raw = bindingModel();
    const plain = {
      name: 'GetObject',
      http: { method: 'GET', requestUri: '/buckets/{Bucket}/{Key+}' },
      input: { shape: 'PutObjectInput' },
    };
    const tagging = {
      name: 'GetTagging',
      http: { method: 'GET', requestUri: '/buckets/{Bucket}/{Key+}?tagging' },
      input: { shape: 'PutObjectInput' },
    };
    for (const op of order === 'plain-first' ? [plain, tagging] : [tagging, plain]) raw.operations[op.name] = op;
    return new RestRouter(buildServiceModel('pinpoint', raw).operations.values());
  }
  const router = routerWith('plain-first');

  test('a greedy label takes the rest of the path, slashes included, decoded', () => {
    const match = router.match('PUT', '/buckets/b1/a/b%20c/d%2Fe', noQuery);
    assert.equal(match.kind, 'matched');
    if (match.kind !== 'matched') return;
    assert.equal(match.operation.name, 'PutObject');
    assert.deepEqual(match.labels, { Bucket: 'b1', Key: 'a/b c/d/e' });
  });

  test('a greedy label must not be empty', () => {
    assert.equal(router.match('PUT', '/buckets/b1/', noQuery).kind, 'not-found');
    assert.equal(router.match('PUT', '/buckets/b1', noQuery).kind, 'not-found');
  });

  for (const order of ['plain-first', 'query-first'] as const) {
    test(`a route with a fixed query key needs that key and wins when it is present (${order})`, () => {
      const r = routerWith(order);
      const plain = r.match('GET', '/buckets/b1/k', noQuery);
      assert.equal(plain.kind === 'matched' && plain.operation.name, 'GetObject');
      const tagging = r.match('GET', '/buckets/b1/k', parseQueryString('tagging'));
      assert.equal(tagging.kind === 'matched' && tagging.operation.name, 'GetTagging');
    });
  }
});

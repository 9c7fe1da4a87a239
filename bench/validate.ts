/**
 * `validate` benchmark: reading a request body through the model (readRestJsonRequest: JSON
 * parse, every member's type, enum, length and range, required members) for the two bulk
 * operations, UpdateEndpointsBatch and PutEvents with 100 items each, in process, against
 * JSON.parse of the same body alone, measured in the same run.
 */
import { readRestJsonRequest } from '../src/protocol/read-request.ts';
import { loadServiceModels } from '../src/spec/load-models.ts';
import { endpointBatchBody, eventsBody } from './ingest-payloads.ts';

function microseconds(iterations: number, work: () => void): number {
  const started = performance.now();
  for (let i = 0; i < iterations; i++) work();
  return ((performance.now() - started) * 1000) / iterations;
}

export function validateBenchmark(options: { iterations: number }): Record<string, unknown> {
  const pinpoint = loadServiceModels().get('pinpoint')!;
  const results: Record<string, unknown> = {};
  for (const [name, body] of [
    ['UpdateEndpointsBatch', endpointBatchBody('bench', 1)],
    ['PutEvents', eventsBody('bench', 1)],
  ] as const) {
    const operation = pinpoint.operations.get(name)!;
    const request = { labels: { 'application-id': 'bench' }, query: new Map() as never, headers: {}, body: Buffer.from(body) };
    const read = () => {
      const result = readRestJsonRequest(operation, request);
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    };
    const parse = () => JSON.parse(request.body.toString('utf8'));
    // Warm both (JIT) before measuring.
    microseconds(Math.ceil(options.iterations / 5), read);
    microseconds(Math.ceil(options.iterations / 5), parse);
    const parseUs = microseconds(options.iterations, parse);
    const readUs = microseconds(options.iterations, read);
    results[name] = { bodyBytes: request.body.length, items: 100, jsonParseUs: Math.round(parseUs), readAndValidateUs: Math.round(readUs), ratioToJsonParse: +(readUs / parseUs).toFixed(2) };
  }
  return { benchmark: 'validate', iterations: options.iterations, ...results };
}

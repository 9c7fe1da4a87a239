import { buildQueryServiceModel } from '../../spec/load-models.ts';
import type { QueryServiceModel, RawModel } from '../../spec/service-model.ts';

/**
 * A small query-protocol model for tests, with the serialization features IAM and STS do not use
 * themselves (locationName renames, flattened lists and maps, timestamps, doubles, blobs), so the
 * reader and writer are checked against them too. Test-only.
 */
export function tinyQueryModel(): QueryServiceModel {
  const raw: RawModel = {
    metadata: {
      apiVersion: '2020-01-01',
      protocol: 'query',
      signingName: 'tiny',
      serviceId: 'Tiny',
      xmlNamespace: 'https://tiny.example.com/doc/2020-01-01/',
    },
    operations: {
      Put: {
        name: 'Put',
        http: { method: 'POST', requestUri: '/' },
        input: { shape: 'PutInput' },
        output: { shape: 'PutOutput', resultWrapper: 'PutResult' },
        errors: [{ shape: 'Missing' }],
      },
      Ping: { name: 'Ping', http: { method: 'POST', requestUri: '/' } },
    },
    shapes: {
      String: { type: 'string' },
      Name: { type: 'string', min: 1, max: 5 },
      Int: { type: 'integer' },
      Double: { type: 'double', min: 0 },
      Bool: { type: 'boolean' },
      Time: { type: 'timestamp' },
      EpochTime: { type: 'timestamp', timestampFormat: 'unixTimestamp' },
      Bytes: { type: 'blob' },
      Strings: { type: 'list', member: { shape: 'String' } },
      RenamedItems: { type: 'list', member: { shape: 'String', locationName: 'Item' } },
      FlatItems: { type: 'list', member: { shape: 'String' }, flattened: true },
      FlatRenamed: { type: 'list', member: { shape: 'String', locationName: 'Thing' }, flattened: true },
      Attributes: { type: 'map', key: { shape: 'String', locationName: 'Name' }, value: { shape: 'String', locationName: 'Value' } },
      Counts: { type: 'map', key: { shape: 'Name' }, value: { shape: 'Int' }, max: 2 },
      FlatMap: { type: 'map', key: { shape: 'String' }, value: { shape: 'String' }, flattened: true },
      Inner: { type: 'structure', required: ['Id'], members: { Id: { shape: 'Name' }, Score: { shape: 'Double' } } },
      PutInput: {
        type: 'structure',
        members: {
          Renamed: { shape: 'String', locationName: 'wireName' },
          Items: { shape: 'RenamedItems' },
          Flat: { shape: 'FlatItems' },
          FlatThings: { shape: 'FlatRenamed' },
          Attrs: { shape: 'Attributes' },
          Counts: { shape: 'Counts' },
          Flags: { shape: 'FlatMap' },
          When: { shape: 'Time' },
          Epoch: { shape: 'EpochTime' },
          Enabled: { shape: 'Bool' },
          Payload: { shape: 'Bytes' },
          Nested: { shape: 'Inner' },
          Plain: { shape: 'Strings' },
        },
      },
      PutOutput: {
        type: 'structure',
        members: {
          Renamed: { shape: 'String', locationName: 'wireName' },
          Items: { shape: 'RenamedItems' },
          Flat: { shape: 'FlatItems' },
          FlatThings: { shape: 'FlatRenamed' },
          Attrs: { shape: 'Attributes' },
          Flags: { shape: 'FlatMap' },
          When: { shape: 'Time' },
          Epoch: { shape: 'EpochTime' },
          Enabled: { shape: 'Bool' },
          Payload: { shape: 'Bytes' },
          Nested: { shape: 'Inner' },
          Plain: { shape: 'Strings' },
          Count: { shape: 'Int' },
        },
      },
      Missing: { type: 'structure', members: {}, exception: true, error: { code: 'NotThere', httpStatusCode: 404, senderFault: true } },
    },
  };
  return buildQueryServiceModel('iam', raw);
}

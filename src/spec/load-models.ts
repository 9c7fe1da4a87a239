import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  OperationModel,
  QueryOperationModel,
  QueryServiceKey,
  QueryServiceModel,
  RawModel,
  RawOperation,
  ServiceKey,
  ServiceModel,
  WireProtocol,
} from './service-model.ts';

/** The vendored model files, by our service key. */
export const modelFiles: Readonly<Record<ServiceKey, string>> = {
  pinpoint: 'pinpoint-2016-12-01.json',
  'sms-voice': 'pinpoint-sms-voice-2018-09-05.json',
  'sms-voice-v2': 'pinpoint-sms-voice-v2-2022-03-31.json',
};

const specDir = fileURLToPath(new URL('../../spec/', import.meta.url));

/**
 * Pinion's own operations (spec/pinion-extensions-<key>.json, same format), merged into a model
 * at load time and flagged as extensions: they go through the same wire layer as the rest.
 */
export const extensionFiles: Readonly<Partial<Record<ServiceKey, string>>> = {
  pinpoint: 'pinion-extensions-pinpoint.json',
};

/** Adds the extension's operations and shapes; a name that collides with the model's is an error. */
export function mergeExtension(key: string, raw: RawModel, extension: Pick<RawModel, 'operations' | 'shapes'>): RawModel {
  for (const name of Object.keys(extension.operations)) {
    if (raw.operations[name]) throw new Error(`Extension of ${key}: operation ${name} is already in the model`);
  }
  for (const name of Object.keys(extension.shapes)) {
    if (raw.shapes[name]) throw new Error(`Extension of ${key}: shape ${name} is already in the model`);
  }
  const operations = Object.fromEntries(Object.entries(extension.operations).map(([name, op]) => [name, { ...op, extension: true }]));
  return { ...raw, operations: { ...raw.operations, ...operations }, shapes: { ...raw.shapes, ...extension.shapes } };
}

/** A reference to a missing shape would otherwise surface only when a request reaches it. */
function checkReferences(key: string, raw: RawModel): void {
  for (const [name, shape] of Object.entries(raw.shapes)) {
    const refs = [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value];
    for (const ref of refs) {
      if (ref && !raw.shapes[ref.shape]) throw new Error(`Model ${key}: shape ${name} names missing shape ${ref.shape}`);
    }
    if (shape.payload !== undefined && !shape.members?.[shape.payload]) {
      throw new Error(`Model ${key}: shape ${name} names payload ${shape.payload}, which is not a member`);
    }
  }
  for (const [name, op] of Object.entries(raw.operations)) {
    for (const ref of [op.input, op.output, ...(op.errors ?? [])]) {
      if (ref && !raw.shapes[ref.shape]) throw new Error(`Model ${key}: operation ${name} names missing shape ${ref.shape}`);
    }
  }
}

export function buildServiceModel(key: ServiceKey, raw: RawModel): ServiceModel {
  const protocol = raw.metadata.protocol;
  if (protocol !== 'rest-json' && protocol !== 'json') {
    throw new Error(`Model ${key} uses protocol ${protocol}, which Pinion does not serve`);
  }
  const operations = new Map<string, OperationModel>();
  const service: ServiceModel = {
    key,
    protocol: protocol as WireProtocol,
    signingName: raw.metadata.signingName,
    serviceId: raw.metadata.serviceId,
    apiVersion: raw.metadata.apiVersion,
    targetPrefix: raw.metadata.targetPrefix,
    jsonVersion: raw.metadata.jsonVersion,
    shapes: raw.shapes,
    operations,
  };
  checkReferences(key, raw);
  for (const [name, op] of Object.entries(raw.operations)) {
    operations.set(name, { name, service, ...operationFields(op), extension: op.extension === true });
  }
  return service;
}

/** What every protocol reads of an operation the same way. */
function operationFields(op: RawOperation) {
  return {
    method: op.http.method.toUpperCase(),
    requestUri: op.http.requestUri,
    successStatus: op.http.responseCode ?? 200,
    inputShape: op.input?.shape,
    outputShape: op.output?.shape,
    errorShapes: (op.errors ?? []).map((e) => e.shape),
  };
}

/** Reads the three vendored models. Called once at startup; the result is shared and immutable. */
export function loadServiceModels(): ReadonlyMap<ServiceKey, ServiceModel> {
  const models = new Map<ServiceKey, ServiceModel>();
  for (const [key, file] of Object.entries(modelFiles) as [ServiceKey, string][]) {
    let raw = JSON.parse(readFileSync(specDir + file, 'utf8')) as RawModel;
    const extensionFile = extensionFiles[key];
    if (extensionFile) raw = mergeExtension(key, raw, JSON.parse(readFileSync(specDir + extensionFile, 'utf8')) as RawModel);
    models.set(key, buildServiceModel(key, raw));
  }
  return models;
}

/** The vendored query-protocol models (IAM, STS), by key; see scripts/vendor-query-models.mjs. */
export const queryModelFiles: Readonly<Record<QueryServiceKey, string>> = {
  iam: 'iam-2010-05-08.json',
  sts: 'sts-2011-06-15.json',
};

export function buildQueryServiceModel(key: QueryServiceKey, raw: RawModel): QueryServiceModel {
  if (raw.metadata.protocol !== 'query') {
    throw new Error(`Model ${key} uses protocol ${raw.metadata.protocol}, expected query`);
  }
  const xmlNamespace = raw.metadata.xmlNamespace;
  // Every response and error document carries the namespace; clients match on it.
  if (!xmlNamespace) throw new Error(`Model ${key} has no metadata.xmlNamespace`);
  checkReferences(key, raw);
  const operations = new Map<string, QueryOperationModel>();
  const service: QueryServiceModel = {
    key,
    protocol: 'query',
    // botocore's IAM and STS models name no signingName; SigV4 then signs with the endpoint prefix.
    signingName: (raw.metadata.signingName as string | undefined) ?? raw.metadata.endpointPrefix ?? key,
    serviceId: raw.metadata.serviceId,
    apiVersion: raw.metadata.apiVersion,
    targetPrefix: undefined,
    jsonVersion: undefined,
    xmlNamespace,
    shapes: raw.shapes,
    operations,
  };
  for (const [name, op] of Object.entries(raw.operations)) {
    operations.set(name, {
      name,
      service,
      ...operationFields(op),
      resultWrapper: op.output ? (op.output.resultWrapper ?? `${name}Result`) : undefined,
    });
  }
  return service;
}

/** Reads the IAM and STS models. Called once at startup, apart from loadServiceModels(). */
export function loadQueryModels(): ReadonlyMap<QueryServiceKey, QueryServiceModel> {
  const models = new Map<QueryServiceKey, QueryServiceModel>();
  for (const [key, file] of Object.entries(queryModelFiles) as [QueryServiceKey, string][]) {
    const raw = JSON.parse(readFileSync(specDir + file, 'utf8')) as RawModel;
    models.set(key, buildQueryServiceModel(key, raw));
  }
  return models;
}

import type { QueryOperationModel } from '../../spec/service-model.ts';
import { shapeOf } from '../../spec/service-model.ts';
import type { WireResponse } from '../write-response.ts';
import { writeMembers } from './xml-shape-writer.ts';
import type { ShapeLookup } from './xml-shape-writer.ts';
import { escapeXmlText } from './xml-text.ts';

/**
 * A successful IAM/STS response, as AWS sends it:
 *   <CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *     <CreateUserResult><User>…</User></CreateUserResult>
 *     <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 *   </CreateUserResponse>
 * The Result element is written whenever the operation has an output shape, even with no members:
 * botocore looks it up by name and fails on a response without it.
 */

export const QUERY_CONTENT_TYPE = 'text/xml';

export function writeQueryResponse(operation: QueryOperationModel, output: Record<string, unknown> | undefined, requestId: string): WireResponse {
  const service = operation.service;
  const lookup: ShapeLookup = (name) => shapeOf(service, name);
  const root = `${operation.name}Response`;
  let result = '';
  if (operation.outputShape) {
    const wrapper = operation.resultWrapper ?? `${operation.name}Result`;
    result = `<${wrapper}>${writeMembers(lookup, lookup(operation.outputShape), output ?? {})}</${wrapper}>`;
  }
  const body =
    `<${root} xmlns="${escapeXmlText(service.xmlNamespace)}">${result}` +
    `<ResponseMetadata><RequestId>${escapeXmlText(requestId)}</RequestId></ResponseMetadata></${root}>`;
  return {
    status: operation.successStatus,
    // The SDKs read $metadata.requestId from this header; IAM and STS send it too.
    headers: { 'content-type': QUERY_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body,
  };
}

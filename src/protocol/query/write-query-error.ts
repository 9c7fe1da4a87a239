import type { QueryServiceModel } from '../../spec/service-model.ts';
import type { ApiError } from '../api-error.ts';
import type { WireResponse } from '../write-response.ts';
import { queryErrorCode } from './query-errors.ts';
import { QUERY_CONTENT_TYPE } from './write-query-response.ts';
import { escapeXmlText } from './xml-text.ts';

/**
 * An error from IAM or STS:
 *   <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *     <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>…</Message></Error>
 *     <RequestId>…</RequestId>
 *   </ErrorResponse>
 * with the ApiError's status. Type is Receiver for 5xx (the server's fault), Sender otherwise.
 * Front-door codes spelled the JSON way are renamed to what IAM/STS answer (see query-errors.ts).
 * Without a model (the request never reached IAM or STS) the namespace is left out; the SDKs
 * and botocore do not check it.
 */
export function writeQueryError(service: QueryServiceModel | undefined, error: ApiError, requestId: string): WireResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const code = queryErrorCode(service, error);
  const xmlns = service ? ` xmlns="${escapeXmlText(service.xmlNamespace)}"` : '';
  const body =
    `<ErrorResponse${xmlns}><Error><Type>${type}</Type><Code>${escapeXmlText(code)}</Code>` +
    `<Message>${escapeXmlText(error.message)}</Message></Error>` +
    `<RequestId>${escapeXmlText(requestId)}</RequestId></ErrorResponse>`;
  return {
    status: error.status,
    headers: { ...error.headers, 'content-type': QUERY_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body,
  };
}

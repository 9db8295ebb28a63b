// The answer to a call for a service Sift does not serve (CloudFormation, Config, Lambda, Route 53, …): AWS's
// UnrecognizedClientException, written in the protocol the client speaks so that its SDK or the aws CLI parses it and
// shows the error instead of failing on the body. The protocol is read from the request's shape:
//   X-Amz-Target (awsJson 1.0/1.1)                       → JSON body with __type
//   smithy-protocol: rpc-v2-cbor                          → CBOR body with __type
//   a form body or Action= in the query (awsQuery, EC2)   → <ErrorResponse><Error><Code>… XML
//   anything else: restXml when the request is signed for a restXml service (S3, Route 53, CloudFront), else
//   restJson (JSON body and the x-amzn-errortype header).
import type { IncomingHttpHeaders } from 'node:http';
import { commonErrors, encodeCbor, escapeXml, scopeService } from '../protocol/index.js';

export type ClientDialect = 'awsJson' | 'rpcv2Cbor' | 'awsQuery' | 'restXml' | 'restJson';

/** Signing names of the restXml services (everything else that is REST speaks restJson). */
const REST_XML_SIGNING_NAMES = new Set(['s3', 's3-outposts', 's3-object-lambda', 'route53', 'cloudfront']);

const CODE = 'UnrecognizedClientException';
const MESSAGE = commonErrors.unknownService().message;

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export function dialectOfRequest(req: { headers: Headers; query: URLSearchParams }): ClientDialect {
  const contentType = header(req.headers, 'content-type').toLowerCase();
  if (header(req.headers, 'x-amz-target')) return 'awsJson';
  if (header(req.headers, 'smithy-protocol').toLowerCase() === 'rpc-v2-cbor') return 'rpcv2Cbor';
  if (contentType.startsWith('application/x-www-form-urlencoded') || req.query.has('Action')) return 'awsQuery';
  const service = scopeService(req.headers as IncomingHttpHeaders, req.query)?.toLowerCase();
  return service && REST_XML_SIGNING_NAMES.has(service) ? 'restXml' : 'restJson';
}

export function unservedServiceResponse(dialect: ClientDialect, requestId: string): { status: number; headers: Record<string, string>; body: string | Buffer } {
  const base = { 'x-amzn-requestid': requestId };
  switch (dialect) {
    case 'awsJson':
      return { status: 400, headers: { ...base, 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: CODE, message: MESSAGE }) };
    case 'rpcv2Cbor':
      return { status: 400, headers: { ...base, 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' }, body: encodeCbor({ __type: CODE, message: MESSAGE }) };
    case 'restJson':
      return { status: 403, headers: { ...base, 'content-type': 'application/json', 'x-amzn-errortype': `${CODE}:` }, body: JSON.stringify({ message: MESSAGE }) };
    case 'awsQuery':
    case 'restXml':
      return {
        status: 403,
        headers: { ...base, 'content-type': 'text/xml' },
        body: `<ErrorResponse><Error><Type>Sender</Type><Code>${CODE}</Code><Message>${escapeXml(MESSAGE)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
  }
}

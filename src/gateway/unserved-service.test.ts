import { describe, expect, it } from 'vitest';
import { decodeCborBody } from '../protocol/index.js';
import { dialectOfRequest, unservedServiceResponse } from './unserved-service.js';

const auth = (service: string) => ({ authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=abc` });
const q = (s = '') => new URLSearchParams(s);

describe('the protocol of a request for a service Sift does not serve', () => {
  it('is read from the request’s shape', () => {
    expect(dialectOfRequest({ headers: { ...auth('config'), 'x-amz-target': 'StarlingDoveService.DescribeConfigRules', 'content-type': 'application/x-amz-json-1.1' }, query: q() })).toBe('awsJson');
    expect(dialectOfRequest({ headers: { ...auth('cloudformation'), 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, query: q() })).toBe('awsQuery');
    expect(dialectOfRequest({ headers: auth('ec2'), query: q('Action=DescribeInstances&Version=2016-11-15') })).toBe('awsQuery');
    expect(dialectOfRequest({ headers: { ...auth('monitoring'), 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor' }, query: q() })).toBe('rpcv2Cbor');
    expect(dialectOfRequest({ headers: auth('route53'), query: q() })).toBe('restXml');
    expect(dialectOfRequest({ headers: auth('lambda'), query: q() })).toBe('restJson');
    expect(dialectOfRequest({ headers: {}, query: q('X-Amz-Credential=AKID%2F20261206%2Fus-east-1%2Fcloudfront%2Faws4_request') })).toBe('restXml');
    expect(dialectOfRequest({ headers: {}, query: q() })).toBe('restJson');
  });

  it('gets UnrecognizedClientException in that protocol', () => {
    const json = unservedServiceResponse('awsJson', 'r1');
    expect(JSON.parse(String(json.body))).toMatchObject({ __type: 'UnrecognizedClientException' });
    const rest = unservedServiceResponse('restJson', 'r1');
    expect(rest.headers['x-amzn-errortype']).toBe('UnrecognizedClientException:');
    const xml = unservedServiceResponse('awsQuery', 'r1');
    expect(xml.headers['content-type']).toBe('text/xml');
    expect(String(xml.body)).toMatch(/^<ErrorResponse><Error><Type>Sender<\/Type><Code>UnrecognizedClientException<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>r1<\/RequestId><\/ErrorResponse>$/);
    expect(decodeCborBody(unservedServiceResponse('rpcv2Cbor', 'r1').body as Buffer)).toMatchObject({ __type: 'UnrecognizedClientException' });
  });
});

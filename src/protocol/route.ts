// Decides which service a request is for and which wire protocol it speaks, before the body is read:
// the service from the SigV4 credential scope (Authorization header or presigned X-Amz-Credential), else from
// X-Amz-Target or the shape of the request, so that even an unsigned request gets its error in the right dialect.
import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceSchema } from '../models/index.js';
import type { ProtocolName } from './types.js';

/** SigV4 signing names → Sift's service folder names. */
export const SIGNING_NAMES: Record<string, string> = {
  macie2: 'macie2',
  logs: 'logs',
  cloudtrail: 'cloudtrail',
  sts: 'sts',
  iam: 'iam',
  s3: 's3',
  monitoring: 'cloudwatch',
  organizations: 'organizations',
  account: 'account',
  kms: 'kms',
  sns: 'sns',
  events: 'events',
};

const SIGNING_NAME_OF: Record<string, string> = Object.fromEntries(Object.entries(SIGNING_NAMES).map(([name, service]) => [service, name]));

export function signingNameOf(service: string): string {
  return Object.hasOwn(SIGNING_NAME_OF, service) ? SIGNING_NAME_OF[service]! : service;
}

/** The `service` part of the credential scope, if the request carries one. */
export function scopeService(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const auth = headers.authorization;
  const credential = auth ? /Credential=([^,\s]+)/.exec(auth)?.[1] : (query.get('X-Amz-Credential') ?? undefined);
  if (!credential) return undefined;
  const parts = credential.split('/');
  return parts.length >= 5 ? parts[parts.length - 2] : undefined;
}

const TARGET_PREFIXES: Record<string, string> = {
  Logs_20140328: 'logs',
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': 'cloudtrail',
  CloudTrail_20131101: 'cloudtrail',
  GraniteServiceVersion20100801: 'cloudwatch',
  AWSOrganizationsV20161128: 'organizations',
  TrentService: 'kms',
  AWSEvents: 'events',
};

export interface ServiceRoute {
  service: string;
  protocol: ProtocolName;
}

/** Picks the service and protocol for a request; `schemas` are the services this endpoint serves. */
export function routeService(
  req: { method: string; path: string; headers: IncomingHttpHeaders; query: URLSearchParams },
  schemas: Record<string, ServiceSchema>,
): ServiceRoute | undefined {
  const signing = scopeService(req.headers, req.query);
  const target = String(req.headers['x-amz-target'] ?? '');
  const targetService = TARGET_PREFIXES[target.slice(0, target.lastIndexOf('.'))];
  let service = signing ? SIGNING_NAMES[signing] : undefined;
  if (signing && !service) return undefined;
  if (!service) service = targetService ?? guessService(req);
  if (!service || !schemas[service]) return undefined;
  return { service, protocol: protocolFor(schemas[service]!, req.headers, req.path) };
}

function guessService(req: { method: string; path: string; headers: IncomingHttpHeaders; query: URLSearchParams }): string {
  const ct = String(req.headers['content-type'] ?? '');
  if (req.path.startsWith('/service/GraniteServiceVersion20100801/')) return 'cloudwatch';
  if (ct.includes('x-www-form-urlencoded') || req.query.has('Action')) return 'sts';
  if (ct.includes('application/json') || /^\/(macie|jobs|findings|custom-data-identifiers|allow-lists|datasources|usage)/.test(req.path)) return 'macie2';
  return 's3';
}

/** CloudWatch serves three protocols; the others one each. */
export function protocolFor(schema: ServiceSchema, headers: IncomingHttpHeaders, path: string): ProtocolName {
  const protocols = schema.metadata.protocols ?? [schema.metadata.protocol];
  if (protocols.length > 1) {
    const ct = String(headers['content-type'] ?? '');
    if (ct.includes('application/cbor') || headers['smithy-protocol'] === 'rpc-v2-cbor' || path.startsWith('/service/')) return 'smithy-rpc-v2-cbor';
    if (ct.includes('application/x-amz-json') || headers['x-amz-target']) return 'json';
    return 'query';
  }
  return schema.metadata.protocol as ProtocolName;
}

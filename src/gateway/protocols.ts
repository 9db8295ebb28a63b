// The wire protocols the gateway speaks, by the name the route step picks.
import { awsJson, awsQuery, createRestXml, restJson, rpcV2Cbor, type Protocol, type ProtocolName } from '../protocol/index.js';

/** `s3Domains`: host names under which `<bucket>.<domain>` addresses a bucket (virtual-host style). */
export function protocolTable(s3Domains: readonly string[]): Partial<Record<ProtocolName, Protocol>> {
  return { json: awsJson, 'rest-json': restJson, query: awsQuery, 'smithy-rpc-v2-cbor': rpcV2Cbor, 'rest-xml': createRestXml({ s3VirtualHostDomains: s3Domains }) };
}

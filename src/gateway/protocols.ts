// The wire protocols the gateway speaks, by the name the route step picks.
import { awsJson, awsQuery, restJson, type Protocol, type ProtocolName } from '../protocol/index.js';

export function protocolTable(extra: Partial<Record<ProtocolName, Protocol>> = {}): Partial<Record<ProtocolName, Protocol>> {
  return { json: awsJson, 'rest-json': restJson, query: awsQuery, ...extra };
}

// What docs/compatibility.md says NotImplemented is what the server answers: every operation the page marks
// NotImplemented (that needs no input, so a bare request reaches the provider) answers 501 NotImplemented over the wire,
// and the aws CLI prints it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemas, type ServiceSchema } from '../../../src/models/index.js';
import { renderCompatibility } from '../../../scripts/compatibility/render.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { startServer, type TestServer } from '../harness.js';
import { signedRequest } from '../signed-fetch.js';

let server: TestServer;
let doc: string;
let tested = 0;
beforeAll(async () => {
  [server, doc] = await Promise.all([startServer(), renderCompatibility()]);
  // Macie answers its own operations only once enabled (any other answer would hide the NotImplemented).
  const enabled = await call('macie2', 'EnableMacie');
  expect(enabled.status).toBe(200);
});
afterAll(async () => {
  await server?.close();
  // The sweep must have reached the server for some operations, or it proves nothing.
  expect(tested).toBeGreaterThan(20);
});

/** Operations the page marks NotImplemented for `service`. */
function notImplemented(service: string): string[] {
  const section = doc.split(`\n## ${service}\n`)[1]!.split('\n## ')[0]!;
  return [...section.matchAll(/^\| (\w+) \| NotImplemented \|/gm)].map((m) => m[1]!);
}

const needsNoInput = (schema: ServiceSchema, op: string) => {
  const ref = schema.operations[op]!.input;
  return !ref || !(schema.shapes[ref.shape]!.required ?? []).length;
};

/** A bare, signed request for `op` in the service's protocol (awsJson, awsQuery, restJson without path labels). */
async function call(service: string, op: string) {
  const schema = schemas[service]!;
  const m = schema.metadata;
  const base = { service: m.signingName ?? m.endpointPrefix, region: server.region, credentials: server.root };
  const speaks = m.protocols ?? [m.protocol];
  if (speaks.includes('json')) {
    const headers = { 'content-type': `application/x-amz-json-${m.jsonVersion ?? '1.1'}`, 'x-amz-target': `${m.targetPrefix}.${op}` };
    return signedRequest(server.endpoint, { ...base, method: 'POST', path: '/', headers, body: '{}' });
  }
  if (speaks.includes('query')) {
    const body = new URLSearchParams({ Action: op, Version: m.apiVersion }).toString();
    return signedRequest(server.endpoint, { ...base, method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  }
  const { method, requestUri } = schema.operations[op]!.http;
  const [path, query] = requestUri.split('?');
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  return signedRequest(server.endpoint, {
    ...base,
    method,
    path: path!,
    ...(query ? { query: Object.fromEntries(new URLSearchParams(query)) } : {}),
    ...(hasBody ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
  });
}

describe('operations docs/compatibility.md marks NotImplemented', () => {
  for (const service of Object.keys(schemas).sort()) {
    const protocol = schemas[service]!.metadata.protocol;
    if (protocol === 'rest-xml') continue; // S3's operations all name a bucket or key in the path
    it(`${service}: each answers 501 NotImplemented`, async () => {
      const schema = schemas[service]!;
      const ops = notImplemented(service).filter((op) => needsNoInput(schema, op) && !(protocol === 'rest-json' && schema.operations[op]!.http.requestUri.includes('{')));
      tested += ops.length;
      for (const op of ops) {
        const res = await call(service, op);
        expect({ op, status: res.status }).toEqual({ op, status: 501 });
        expect(`${res.headers['x-amzn-errortype'] ?? ''} ${res.body}`).toContain('NotImplemented');
      }
    });
  }

  it.skipIf(!awsCliAvailable)('the aws CLI prints NotImplemented for one of them', async () => {
    // An IAM or STS operation the page lists NotImplemented whose CLI name is its words joined by hyphens.
    const pick = ['sts', 'iam']
      .flatMap((s) => notImplemented(s).map((op) => ({ s, op })))
      .find(({ s, op }) => needsNoInput(schemas[s]!, op) && /^([A-Z][a-z]+)+$/.test(op));
    expect(pick).toBeDefined();
    const command = pick!.op.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
    const r = await aws(server.cliEnv(), [pick!.s, command]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`An error occurred (NotImplemented) when calling the ${pick!.op} operation`);
  });
});

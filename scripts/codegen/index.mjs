#!/usr/bin/env node
// Reads the official AWS service models (botocore's JSON, installed with the AWS CLI) and writes src/models/:
// per service a compact schema (shapes and traits, no documentation), TypeScript types, error classes and the
// provider API interface. The output is committed; CI re-runs this script and fails on a diff.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'src', 'models');

// service folder name in src/models → botocore data folder, API class name
const SERVICES = [
  { name: 'macie2', data: 'macie2', api: 'Macie2Api' },
  { name: 'logs', data: 'logs', api: 'LogsApi' },
  { name: 'cloudtrail', data: 'cloudtrail', api: 'CloudTrailApi' },
  { name: 'sts', data: 'sts', api: 'StsApi' },
  { name: 'iam', data: 'iam', api: 'IamApi' },
  { name: 's3', data: 's3', api: 'S3Api' },
  { name: 'cloudwatch', data: 'cloudwatch', api: 'CloudWatchApi' },
  { name: 'organizations', data: 'organizations', api: 'OrganizationsApi' },
  { name: 'account', data: 'account', api: 'AccountApi' },
  { name: 'kms', data: 'kms', api: 'KmsApi' },
  { name: 'sns', data: 'sns', api: 'SnsApi' },
  { name: 'events', data: 'events', api: 'EventsApi' },
];

function botocoreDir() {
  if (process.env.BOTOCORE_DIR) return process.env.BOTOCORE_DIR;
  return execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))']).toString().trim();
}
function botocoreVersion() {
  if (process.env.BOTOCORE_VERSION) return process.env.BOTOCORE_VERSION;
  return execFileSync('python3', ['-c', 'import botocore;print(botocore.__version__)']).toString().trim();
}

function loadJson(path) {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  if (existsSync(path + '.gz')) return JSON.parse(gunzipSync(readFileSync(path + '.gz')).toString('utf8'));
  return undefined;
}

// Traits the protocol layer honours; everything else (documentation, examples, deprecation text) is dropped.
const DROP = new Set(['documentation', 'documentationUrl', 'deprecatedMessage', 'deprecatedSince', 'examples', 'box', 'wrapper', 'contextParam', 'staticContextParams', 'endpointdiscovery', 'endpointoperation', 'requestcompression', 'httpChecksum', 'authtype', 'auth', 'alias', 'operationContextParams']);
function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value)) if (!DROP.has(key)) out[key] = strip(value[key]);
    return out;
  }
  return value;
}

const RESERVED = new Set(['Object', 'Error', 'Date', 'Record', 'Array', 'String', 'Number', 'Boolean', 'Uint8Array', 'Readable', 'Promise', 'Map', 'Set', 'Symbol', 'Function', 'RequestContext', 'StreamingBody']);
const typeName = (shape) => (RESERVED.has(shape) ? `${shape}Shape` : shape);
const lowerFirst = (s) => s[0].toLowerCase() + s.slice(1);
const propKey = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));

function tsType(model, shapeName) {
  const shape = model.shapes[shapeName];
  switch (shape.type) {
    case 'structure':
    case 'list':
    case 'map':
      return typeName(shapeName);
    case 'string':
      return shape.enum ? typeName(shapeName) : 'string';
    case 'integer': case 'long': case 'double': case 'float': case 'bigInteger': case 'bigDecimal':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'timestamp':
      return 'Date';
    case 'blob':
      return shape.streaming ? 'StreamingBody' : 'Uint8Array';
    default:
      return 'unknown';
  }
}

function genTypes(model, header) {
  const lines = [header, "import type { Readable } from 'node:stream';", '', '/** A streaming payload: a Node stream on input, a stream or bytes on output. */', 'export type StreamingBody = Readable | Uint8Array;', ''];
  for (const name of Object.keys(model.shapes).sort()) {
    const shape = model.shapes[name];
    const t = typeName(name);
    if (shape.type === 'structure') {
      if (shape.document) { lines.push(`export type ${t} = unknown;`, ''); continue; }
      const required = new Set(shape.required ?? []);
      lines.push(`export interface ${t} {`);
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        if (model.shapes[ref.shape]?.eventstream) continue;
        lines.push(`  ${propKey(member)}${required.has(member) ? '' : '?'}: ${tsType(model, ref.shape)};`);
      }
      lines.push('}', '');
    } else if (shape.type === 'list') {
      lines.push(`export type ${t} = ${tsType(model, shape.member.shape)}[];`, '');
    } else if (shape.type === 'map') {
      lines.push(`export type ${t} = Record<string, ${tsType(model, shape.value.shape)}>;`, '');
    } else if (shape.type === 'string' && shape.enum) {
      lines.push(`export type ${t} = ${shape.enum.map((v) => JSON.stringify(v)).join(' | ')};`, '');
    }
  }
  return lines.join('\n');
}

function errorCode(name, shape) {
  return shape.error?.code ?? name;
}

function genErrors(model, header) {
  const lines = [header, "import { ServiceError } from '../../common/errors.js';", ''];
  const names = Object.keys(model.shapes).filter((n) => model.shapes[n].exception).sort();
  for (const name of names) {
    const shape = model.shapes[name];
    const status = shape.error?.httpStatusCode ?? (shape.fault ? 500 : 400);
    const fault = shape.fault || shape.error?.senderFault === false ? 'server' : 'client';
    lines.push(
      `export class ${typeName(name)} extends ServiceError {`,
      `  constructor(message: string, fields: Record<string, unknown> = {}) {`,
      `    super(${JSON.stringify(errorCode(name, shape))}, message, ${status}, '${fault}', fields, ${JSON.stringify(name)});`,
      `  }`,
      `}`,
      '',
    );
  }
  lines.push(`/** Modelled errors by wire code. */`);
  lines.push(`export const errorsByCode: Record<string, { shape: string; httpStatus: number }> = {`);
  const seen = new Set();
  for (const name of names) {
    const shape = model.shapes[name];
    if (seen.has(errorCode(name, shape))) continue;
    seen.add(errorCode(name, shape));
    lines.push(`  ${JSON.stringify(errorCode(name, shape))}: { shape: ${JSON.stringify(name)}, httpStatus: ${shape.error?.httpStatusCode ?? (shape.fault ? 500 : 400)} },`);
  }
  lines.push('};', '');
  return lines.join('\n');
}

function genApi(model, svc, header) {
  const lines = [header, "import type { RequestContext } from '../../common/context.js';", `import type * as T from './types.js';`, ''];
  lines.push(`/** One method per ${model.metadata.serviceFullName} operation, named as the operation. */`);
  lines.push(`export interface ${svc.api} {`);
  for (const op of Object.keys(model.operations).sort()) {
    const o = model.operations[op];
    const input = o.input ? `T.${typeName(o.input.shape)}` : 'Record<string, never>';
    const output = o.output ? `T.${typeName(o.output.shape)}` : 'void';
    lines.push(`  ${lowerFirst(op)}(ctx: RequestContext, input: ${input}): Promise<${output}>;`);
  }
  lines.push('}', '');
  lines.push(`export const operationNames = ${JSON.stringify(Object.keys(model.operations).sort(), null, 2)} as const;`, '');
  return lines.join('\n');
}

function genSchema(model, paginators, header) {
  const compact = strip({ metadata: model.metadata, operations: model.operations, shapes: model.shapes });
  compact.paginators = paginators?.pagination ?? {};
  return [header, "import type { ServiceSchema } from '../schema-types.js';", '', `export const schema: ServiceSchema = ${JSON.stringify(compact, null, 1)};`, ''].join('\n');
}

const SCHEMA_TYPES = `// GENERATED by scripts/codegen. Do not edit.
// The compact form of a botocore service model that the protocol layer walks.

export interface MemberRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  idempotencyToken?: boolean;
  xmlAttribute?: boolean;
  xmlNamespace?: { prefix?: string; uri: string };
  timestampFormat?: 'iso8601' | 'rfc822' | 'unixTimestamp';
  jsonvalue?: boolean;
  hostLabel?: boolean;
  flattened?: boolean;
  queryName?: string;
  streaming?: boolean;
  eventpayload?: boolean;
  deprecated?: boolean;
  [trait: string]: unknown;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'double' | 'float' | 'boolean' | 'timestamp' | 'blob' | 'bigInteger' | 'bigDecimal';
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  locationName?: string;
  payload?: string;
  timestampFormat?: 'iso8601' | 'rfc822' | 'unixTimestamp';
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  streaming?: boolean;
  eventstream?: boolean;
  document?: boolean;
  union?: boolean;
  sensitive?: boolean;
  xmlNamespace?: { prefix?: string; uri: string };
  requiresLength?: boolean;
  [trait: string]: unknown;
}

export interface OperationModel {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: MemberRef & { locationName?: string; xmlNamespace?: { uri: string } };
  output?: MemberRef & { resultWrapper?: string };
  errors?: MemberRef[];
  idempotent?: boolean;
  readonly?: boolean;
  httpChecksumRequired?: boolean;
  [trait: string]: unknown;
}

export interface ServiceMetadata {
  apiVersion: string;
  endpointPrefix: string;
  protocol: string;
  protocols?: string[];
  jsonVersion?: string;
  targetPrefix?: string;
  signingName?: string;
  serviceId: string;
  serviceFullName: string;
  xmlNamespace?: string;
  globalEndpoint?: string;
  awsQueryCompatible?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ServiceSchema {
  metadata: ServiceMetadata;
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
  paginators: Record<string, { input_token?: string | string[]; output_token?: string | string[]; limit_key?: string; result_key?: string | string[]; more_results?: string; non_aggregate_keys?: string[] }>;
}
`;

function main() {
  const base = join(botocoreDir(), 'data');
  const version = botocoreVersion();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'schema-types.ts'), SCHEMA_TYPES);
  const index = ['// GENERATED by scripts/codegen. Do not edit.', "import type { ServiceSchema } from './schema-types.js';"];
  const registry = [];
  const versions = {};
  for (const svc of SERVICES) {
    const apiVersion = readdirSync(join(base, svc.data)).sort().at(-1);
    const dir = join(base, svc.data, apiVersion);
    const model = loadJson(join(dir, 'service-2.json'));
    const paginators = loadJson(join(dir, 'paginators-1.json'));
    const header = `// GENERATED by scripts/codegen from botocore ${version} (${svc.data} ${apiVersion}). Do not edit.`;
    const target = join(outDir, svc.name);
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'schema.ts'), genSchema(model, paginators, header));
    writeFileSync(join(target, 'types.ts'), genTypes(model, header));
    writeFileSync(join(target, 'errors.ts'), genErrors(model, header));
    writeFileSync(join(target, 'api.ts'), genApi(model, svc, header));
    writeFileSync(join(target, 'index.ts'), [header, "export * from './types.js';", "export * as errors from './errors.js';", "export * from './api.js';", "export { schema } from './schema.js';", ''].join('\n'));
    index.push(`import { schema as ${svc.name}Schema } from './${svc.name}/schema.js';`);
    index.push(`export * as ${svc.name} from './${svc.name}/index.js';`);
    registry.push(`  ${svc.name}: ${svc.name}Schema,`);
    versions[svc.name] = apiVersion;
  }
  index.push('export type * from "./schema-types.js";');
  index.push('', '/** Every service model Sift serves, by service folder name. */', 'export const schemas: Record<string, ServiceSchema> = {', ...registry, '};');
  index.push('', `/** The model versions this code was generated from. */`, `export const modelVersions = ${JSON.stringify({ botocore: version, ...versions }, null, 2)} as const;`, '');
  writeFileSync(join(outDir, 'index.ts'), index.join('\n'));
  console.log(`codegen: wrote ${SERVICES.length} services from botocore ${version}`);
}

main();

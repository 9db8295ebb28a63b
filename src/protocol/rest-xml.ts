// restXml (S3): the operation from method + path template + query keys; input members bound to URI labels
// (greedy `{Key+}` too), the query string, headers and `x-amz-meta-` header maps, and the payload (an XML document
// rooted at the payload member's locationName, a plain string, or a streaming blob); output members written to
// headers, the status code and an XML (or raw) payload; errors as `<Error><Code/><Message/><RequestId/>…</Error>`.
// Honours the traits: location, locationName, payload, streaming, flattened, xmlAttribute, xmlNamespace,
// timestampFormat. S3's irregularities (virtual hosts, operations told apart by required query members and
// headers, bare <LocationConstraint>, url encoding-type, 206/304, HEAD without bodies) live in rest-xml-s3.ts.
import type { MemberRef, ServiceSchema, Shape } from '../models/index.js';
import { ServiceError } from '../common/errors.js';
import { formatTimestamp, parseTimestamp, shapeOf, timestampFormatOf } from './shapes.js';
import { bindRestLocations, fromString, restOperationOf, toHeaderString } from './rest-json.js';
import { escapeXml } from './xml.js';
import { eventStreamBody } from './event-stream.js';
import type { Protocol, WireRequest, WireResponse } from './types.js';
import { DEFAULT_S3_VIRTUAL_HOST_DOMAINS, checkS3Digest, checkS3Input, isS3, s3FinishOutput, s3OperationOf, s3PrepareOutput, s3StreamingBody, S3_NAMESPACE, s3OutputRootName } from './rest-xml-s3.js';

// ---------------------------------------------------------------------------------------------------------------
// A small XML reader for request documents. No DTDs, no external entities: a document that declares one is
// rejected, so entity expansion attacks cannot start.

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

export class MalformedXml extends ServiceError {
  constructor(detail = '') {
    super('MalformedXML', `The XML you provided was not well-formed or did not validate against our published schema${detail ? ` (${detail})` : ''}.`, 400);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    const v = ENTITIES[e];
    if (v === undefined) throw new MalformedXml(`unknown entity ${m}`);
    return v;
  });
}

/** Parses an XML document into its root element. Throws MalformedXml on anything it does not understand. */
export function parseXml(text: string, maxDepth = 64): XmlNode {
  let i = 0;
  const n = text.length;
  const skipMisc = () => {
    for (;;) {
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) throw new MalformedXml('unterminated declaration');
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) throw new MalformedXml('unterminated comment');
        i = end + 3;
      } else if (text.startsWith('<!', i) && !text.startsWith('<![CDATA[', i)) {
        throw new MalformedXml('document type declarations are not accepted');
      } else return;
    }
  };
  const nameRe = /[^\s/>=]+/y;
  const readName = () => {
    nameRe.lastIndex = i;
    const m = nameRe.exec(text);
    if (!m) throw new MalformedXml(`expected a name at offset ${i}`);
    i += m[0].length;
    return m[0];
  };
  const element = (depth: number): XmlNode => {
    if (depth > maxDepth) throw new MalformedXml('nested too deeply');
    if (text[i] !== '<') throw new MalformedXml(`expected an element at offset ${i}`);
    i++;
    const name = readName();
    const node: XmlNode = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      if (i >= n) throw new MalformedXml('unterminated start tag');
      const attr = readName();
      while (/\s/.test(text[i] ?? '')) i++;
      if (text[i] !== '=') throw new MalformedXml(`attribute ${attr} has no value`);
      i++;
      while (/\s/.test(text[i] ?? '')) i++;
      const quote = text[i];
      if (quote !== '"' && quote !== "'") throw new MalformedXml(`attribute ${attr} is not quoted`);
      const end = text.indexOf(quote, i + 1);
      if (end < 0) throw new MalformedXml('unterminated attribute');
      node.attrs[attr] = decodeEntities(text.slice(i + 1, end));
      i = end + 1;
    }
    let textParts = '';
    for (;;) {
      if (i >= n) throw new MalformedXml(`element ${name} is not closed`);
      if (text.startsWith('</', i)) {
        i += 2;
        const close = readName();
        if (close !== name) throw new MalformedXml(`</${close}> closes <${name}>`);
        while (/\s/.test(text[i] ?? '')) i++;
        if (text[i] !== '>') throw new MalformedXml('unterminated end tag');
        i++;
        node.text = textParts;
        return node;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) throw new MalformedXml('unterminated CDATA');
        textParts += text.slice(i + 9, end);
        i = end + 3;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) throw new MalformedXml('unterminated comment');
        i = end + 3;
      } else if (text[i] === '<') {
        node.children.push(element(depth + 1));
      } else {
        const next = text.indexOf('<', i);
        const end = next < 0 ? n : next;
        textParts += decodeEntities(text.slice(i, end));
        i = end;
      }
    }
  };
  skipMisc();
  if (i >= n) throw new MalformedXml('the document is empty');
  const root = element(0);
  skipMisc();
  if (i < n) throw new MalformedXml('content after the root element');
  return root;
}

/** An element's name without its namespace prefix. */
function localName(name: string): string {
  const c = name.indexOf(':');
  return c < 0 ? name : name.slice(c + 1);
}

// ---------------------------------------------------------------------------------------------------------------
// XML ⇄ typed values, walking the model.

/** Decodes an element as an instance of the member's shape. */
export function decodeXmlNode(schema: ServiceSchema, ref: MemberRef, node: XmlNode): unknown {
  const shape = shapeOf(schema, ref.shape);
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (member.location) continue;
        const target = shapeOf(schema, member.shape);
        const xmlName = member.locationName ?? name;
        if (member.xmlAttribute) {
          const v = node.attrs[xmlName] ?? Object.entries(node.attrs).find(([k]) => localName(k) === localName(xmlName))?.[1];
          if (v !== undefined) out[name] = scalarFrom(schema, member, v);
          continue;
        }
        const flattened = target.type === 'list' && (target.flattened || member.flattened);
        if (flattened || (target.type === 'map' && (target.flattened || member.flattened))) {
          const itemName = flattened ? xmlName : xmlName;
          const matches = node.children.filter((c) => localName(c.name) === itemName);
          if (!matches.length) continue;
          if (target.type === 'list') out[name] = matches.map((c) => decodeXmlNode(schema, target.member!, c));
          else out[name] = decodeMapEntries(schema, target, matches);
          continue;
        }
        const child = node.children.find((c) => localName(c.name) === xmlName);
        if (child) out[name] = decodeXmlNode(schema, member, child);
      }
      return out;
    }
    case 'list': {
      const itemName = shape.member!.locationName ?? 'member';
      return node.children.filter((c) => localName(c.name) === itemName).map((c) => decodeXmlNode(schema, shape.member!, c));
    }
    case 'map':
      return decodeMapEntries(schema, shape, node.children.filter((c) => localName(c.name) === 'entry'));
    default:
      return scalarFrom(schema, ref, node.text);
  }
}

function decodeMapEntries(schema: ServiceSchema, shape: Shape, entries: XmlNode[]): Record<string, unknown> {
  const k = shape.key!.locationName ?? 'key';
  const v = shape.value!.locationName ?? 'value';
  const out: Record<string, unknown> = {};
  for (const e of entries) {
    const key = e.children.find((c) => localName(c.name) === k)?.text;
    const value = e.children.find((c) => localName(c.name) === v);
    if (key !== undefined && value) out[key] = decodeXmlNode(schema, shape.value!, value);
  }
  return out;
}

function scalarFrom(schema: ServiceSchema, ref: MemberRef, raw: string): unknown {
  const shape = shapeOf(schema, ref.shape);
  if (shape.type === 'string') return raw;
  if (shape.type === 'timestamp') return parseTimestamp(raw.trim()) ?? raw;
  return fromString(schema, ref, raw.trim(), ref.locationName ?? ref.shape);
}

/** Namespace declarations for an element: its own xmlNamespace trait (a default or a prefixed namespace). */
function namespaceAttr(ns: { prefix?: string; uri: string } | undefined): string {
  if (!ns) return '';
  return ns.prefix ? ` xmlns:${ns.prefix}="${escapeXml(ns.uri)}"` : ` xmlns="${escapeXml(ns.uri)}"`;
}

/** Encodes a value as the element `name` (for flattened lists: a run of elements). */
export function encodeXmlMember(schema: ServiceSchema, ref: MemberRef, value: unknown, name: string, rootAttrs = ''): string {
  const shape = shapeOf(schema, ref.shape);
  switch (shape.type) {
    case 'structure': {
      const src = value as Record<string, unknown>;
      let attrs = rootAttrs + namespaceAttr(ref.xmlNamespace ?? shape.xmlNamespace);
      let inner = '';
      for (const [member, mref] of Object.entries(shape.members ?? {})) {
        if (mref.location) continue;
        const v = src[member];
        if (v === undefined || v === null) continue;
        const xmlName = mref.locationName ?? member;
        if (mref.xmlAttribute) attrs += ` ${xmlName}="${escapeXml(scalarText(schema, mref, v))}"`;
        else inner += encodeXmlMember(schema, mref, v, xmlName);
      }
      return `<${name}${attrs}>${inner}</${name}>`;
    }
    case 'list': {
      const items = value as unknown[];
      if (shape.flattened || ref.flattened) return items.map((item) => encodeXmlMember(schema, shape.member!, item, name)).join('');
      const memberName = shape.member!.locationName ?? 'member';
      return `<${name}${rootAttrs}>${items.map((item) => encodeXmlMember(schema, shape.member!, item, memberName)).join('')}</${name}>`;
    }
    case 'map': {
      const k = shape.key!.locationName ?? 'key';
      const v = shape.value!.locationName ?? 'value';
      const entries = Object.entries(value as Record<string, unknown>)
        .map(([key, val]) => `<${k}>${escapeXml(key)}</${k}>${encodeXmlMember(schema, shape.value!, val, v)}`)
        .map((e) => `<entry>${e}</entry>`)
        .join('');
      return `<${name}${rootAttrs}>${entries}</${name}>`;
    }
    default:
      return `<${name}${rootAttrs}>${escapeXml(scalarText(schema, ref, value))}</${name}>`;
  }
}

function scalarText(schema: ServiceSchema, ref: MemberRef, value: unknown): string {
  const shape = shapeOf(schema, ref.shape);
  if (shape.type === 'timestamp') {
    const d = value instanceof Date ? value : new Date(value as string);
    return String(formatTimestamp(d, timestampFormatOf(ref, shape, 'iso8601')));
  }
  if (shape.type === 'blob') return Buffer.from(value as Uint8Array).toString('base64');
  return String(value);
}

// ---------------------------------------------------------------------------------------------------------------
// The protocol.

/** Hooks a service dialect can supply; S3's are in rest-xml-s3.ts. */
export interface RestXmlDialect {
  operationOf?(schema: ServiceSchema, req: WireRequest): string;
  /** Wraps or replaces the streaming payload (aws-chunked decoding, digest checks). */
  streamingBody?(schema: ServiceSchema, operation: string, req: WireRequest, input: Record<string, unknown>): unknown;
  /** Root element name of an output document without a payload member. */
  outputRootName?(operation: string): string | undefined;
  /** Rewrites output values before encoding (S3's url-encoded listings). */
  prepareOutput?(operation: string, output: Record<string, unknown>): Record<string, unknown>;
  /** Last word on a response before it leaves (status codes, bare documents, encodings). */
  finishOutput?(schema: ServiceSchema, operation: string, output: Record<string, unknown>, res: WireResponse): WireResponse;
  /** The XML namespace of output documents. */
  namespace?: string;
  errorBody?(err: ServiceError, requestId: string): string;
}

export interface RestXmlOptions {
  /** Domains under which `<bucket>.<domain>` is a virtual-host-style S3 request. */
  s3VirtualHostDomains?: readonly string[];
}

/** S3's dialect of restXml (the functions live in rest-xml-s3.ts). */
export function s3Dialect(options: RestXmlOptions = {}): RestXmlDialect {
  const domains = options.s3VirtualHostDomains ?? DEFAULT_S3_VIRTUAL_HOST_DOMAINS;
  return {
    operationOf: (schema, req) => s3OperationOf(schema, req, domains),
    streamingBody: (_schema, _op, req, input) => s3StreamingBody(req, input),
    outputRootName: s3OutputRootName,
    prepareOutput: s3PrepareOutput,
    finishOutput: (_schema, operation, output, res) => s3FinishOutput(operation, output, res),
    namespace: S3_NAMESPACE,
  };
}

const defaultS3Dialect = s3Dialect();

function dialectOf(schema: ServiceSchema): RestXmlDialect {
  return isS3(schema) ? defaultS3Dialect : {};
}

export function streamsInput(schema: ServiceSchema, operation: string): boolean {
  const op = schema.operations[operation];
  if (!op?.input) return false;
  const shape = shapeOf(schema, op.input.shape);
  if (!shape.payload) return false;
  const ref = shape.members![shape.payload]!;
  const target = shapeOf(schema, ref.shape);
  return target.type === 'blob' && Boolean(ref.streaming || target.streaming);
}

export function parseRestXmlInput(schema: ServiceSchema, operation: string, req: WireRequest, dialect: RestXmlDialect = dialectOf(schema)): Record<string, unknown> {
  const op = schema.operations[operation];
  if (!op) throw new Error(`model has no operation ${operation}`);
  if (!op.input) return {};
  const inputShape = shapeOf(schema, op.input.shape);
  const out: Record<string, unknown> = {};
  bindRestLocations(schema, inputShape, req, out);
  if (inputShape.payload) {
    const name = inputShape.payload;
    const ref = inputShape.members![name]!;
    const target = shapeOf(schema, ref.shape);
    if (target.type === 'structure') {
      const text = req.body.toString('utf8');
      // An empty body means the member is absent (CreateBucket in us-east-1 sends none).
      if (text.trim() !== '') {
        const root = parseXml(text);
        const expected = ref.locationName ?? name;
        if (localName(root.name) !== expected) throw new MalformedXml(`expected <${expected}>, got <${root.name}>`);
        out[name] = decodeXmlNode(schema, ref, root);
      }
    } else if (target.type === 'blob') {
      if (streamsInput(schema, operation)) out[name] = dialect.streamingBody ? dialect.streamingBody(schema, operation, req, out) : (req.bodyStream ?? req.body);
      else out[name] = req.body;
    } else if (req.body.length) {
      out[name] = req.body.toString('utf8');
    }
  } else if (req.body.length && Object.values(inputShape.members ?? {}).some((m) => !m.location)) {
    const root = parseXml(req.body.toString('utf8'));
    Object.assign(out, decodeXmlNode(schema, op.input, root) as Record<string, unknown>);
  }
  return out;
}

export function serializeRestXmlOutput(schema: ServiceSchema, operation: string, output: unknown, requestId: string, dialect: RestXmlDialect = dialectOf(schema)): WireResponse {
  const op = schema.operations[operation]!;
  const headers: Record<string, string> = { 'x-amz-request-id': requestId, 'x-amzn-requestid': requestId };
  let status = op.http.responseCode ?? 200;
  let body: WireResponse['body'];
  let values = (output && typeof output === 'object' ? output : {}) as Record<string, unknown>;
  if (dialect.prepareOutput) values = dialect.prepareOutput(operation, values);
  if (op.output) {
    const shape = shapeOf(schema, op.output.shape);
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const v = values[name];
      if (v === undefined || v === null) continue;
      if (ref.location === 'header') headers[(ref.locationName ?? name).toLowerCase()] = headerValue(schema, ref, v);
      else if (ref.location === 'headers') {
        const prefix = (ref.locationName ?? '').toLowerCase();
        for (const [k, mv] of Object.entries(v as Record<string, unknown>)) {
          if (mv !== undefined && mv !== null) headers[prefix + k.toLowerCase()] = headerSafe(String(mv));
        }
      } else if (ref.location === 'statusCode') status = Number(v);
    }
    const ns = dialect.namespace;
    const nsAttr = ns ? ` xmlns="${ns}"` : '';
    if (shape.payload) {
      const ref = shape.members![shape.payload]!;
      const target = shapeOf(schema, ref.shape);
      const v = values[shape.payload];
      if (v !== undefined && v !== null) {
        if (target.eventstream) {
          headers['content-type'] = 'application/vnd.amazon.eventstream';
          body = eventStreamBody(schema, target, v as AsyncIterable<Record<string, unknown>>, (r, ev) => encodeXmlMember(schema, r, ev, r.shape));
        } else if (target.type === 'structure') {
          headers['content-type'] = 'application/xml';
          const rootName = ref.locationName ?? shape.payload;
          const rootNs = ref.xmlNamespace || target.xmlNamespace ? '' : nsAttr;
          body = '<?xml version="1.0" encoding="UTF-8"?>\n' + encodeXmlMember(schema, ref, v, rootName, rootNs);
        } else if (target.type === 'blob') {
          body = v as WireResponse['body'];
        } else {
          body = String(v);
        }
      }
    } else if (Object.entries(shape.members ?? {}).some(([n, m]) => !m.location && values[n] !== undefined)) {
      headers['content-type'] = 'application/xml';
      const rootName = dialect.outputRootName?.(operation) ?? shape.locationName ?? `${operation}Result`;
      body = '<?xml version="1.0" encoding="UTF-8"?>\n' + encodeXmlMember(schema, { shape: op.output.shape }, values, rootName, nsAttr);
    }
  }
  if (body === undefined && headers['content-length'] === undefined) headers['content-length'] = '0';
  const res: WireResponse = { status, headers, body };
  return dialect.finishOutput ? dialect.finishOutput(schema, operation, values, res) : res;
}

function headerValue(schema: ServiceSchema, ref: MemberRef, v: unknown): string {
  const shape = shapeOf(schema, ref.shape);
  if (shape.jsonvalue || ref.jsonvalue) return Buffer.from(JSON.stringify(v)).toString('base64');
  return headerSafe(toHeaderString(schema, ref, v));
}

/** Header values must be Latin-1 without control characters; anything else is sent RFC 2047-free but escaped. */
function headerSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x20-\x7e\x80-\xff\t]*$/.test(s) ? s : encodeURIComponent(s);
}

export function restXmlErrorBody(err: ServiceError, requestId: string): string {
  let fields = '';
  for (const [k, v] of Object.entries(err.fields)) {
    if (v !== undefined && v !== null && typeof v !== 'object') fields += `<${k}>${escapeXml(String(v))}</${k}>`;
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>${fields}<RequestId>${requestId}</RequestId></Error>`
  );
}

export function serializeRestXmlError(_schema: ServiceSchema, err: ServiceError, requestId: string): WireResponse {
  const headers: Record<string, string> = { 'x-amz-request-id': requestId, 'x-amzn-requestid': requestId };
  for (const [k, v] of Object.entries(err.fields)) {
    // Fields named as headers (x-amz-bucket-region on a 301, allow on a 405) travel as headers.
    if (/^(x-amz-|allow$|location$)/i.test(k) && typeof v === 'string') headers[k.toLowerCase()] = v;
  }
  // 304 Not Modified and 412-on-HEAD carry no body; nor does any error to a HEAD (the gateway drops HEAD bodies).
  if (err.httpStatus === 304) return { status: 304, headers };
  const plain = new ServiceError(err.code, err.message, err.httpStatus, err.fault, Object.fromEntries(Object.entries(err.fields).filter(([k]) => !/^(x-amz-|allow$|location$)/i.test(k))));
  headers['content-type'] = 'application/xml';
  return { status: err.httpStatus, headers, body: restXmlErrorBody(plain, requestId) };
}

/** restXml with S3's dialect applied to the S3 model (options: the virtual-host domains this server answers). */
export function createRestXml(options: RestXmlOptions = {}): Protocol {
  const s3 = options.s3VirtualHostDomains ? s3Dialect(options) : defaultS3Dialect;
  const of = (schema: ServiceSchema): RestXmlDialect => (isS3(schema) ? s3 : {});
  return {
    name: 'rest-xml',
    operationOf(schema, req) {
      const dialect = of(schema);
      return dialect.operationOf ? dialect.operationOf(schema, req) : restOperationOf(schema, req);
    },
    parseInput: (schema, operation, req) => {
      const input = parseRestXmlInput(schema, operation, req, of(schema));
      if (isS3(schema)) {
        checkS3Input(schema, operation, input);
        if (!streamsInput(schema, operation)) checkS3Digest(operation, req);
      }
      return input;
    },
    streamsInput,
    serializeOutput: (schema, operation, output, requestId) => serializeRestXmlOutput(schema, operation, output, requestId, of(schema)),
    serializeError: (schema, err, requestId) => serializeRestXmlError(schema, err, requestId),
  };
}

export const restXml: Protocol = createRestXml();

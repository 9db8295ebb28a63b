import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ServiceSchema } from '../models/index.js';
import { schemas } from '../models/index.js';
import { encodeJson, type JsonCodecOptions } from './json-codec.js';
import { formatTimestamp, shapeOf, timestampFormatOf, type TimestampFormat } from './shapes.js';

// encodeJson works out each structure's body members once (per shape and codec). The walk it replaced is kept here
// as the reference: for every output shape of every service model, random values must encode identically.
function reference(schema: ServiceSchema, shapeName: string, value: unknown, opts: JsonCodecOptions, format?: TimestampFormat): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = shapeOf(schema, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return value;
      const src = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (ref.location) continue;
        const v = src[name];
        if (v === undefined || v === null) continue;
        const key = opts.useLocationName ? (ref.locationName ?? name) : name;
        out[key] = reference(schema, ref.shape, v, opts, timestampFormatOf(ref, shapeOf(schema, ref.shape), opts.timestampFormat));
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => reference(schema, shape.member!.shape, item, opts));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) out[k] = reference(schema, shape.value!.shape, v, opts);
      return out;
    }
    case 'timestamp':
      return formatTimestamp(value instanceof Date ? value : new Date(value as string | number), format ?? (shape.timestampFormat as TimestampFormat | undefined) ?? opts.timestampFormat);
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return value;
  }
}

function valueOf(schema: ServiceSchema, shapeName: string, depth: number): fc.Arbitrary<unknown> {
  const shape = shapeOf(schema, shapeName);
  const leaf = fc.constantFrom(undefined, null);
  switch (shape.type) {
    case 'structure': {
      if (depth > 3 || shape.document) return fc.oneof(leaf, fc.constant({ doc: 1 }));
      const members: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) members[name] = fc.oneof(leaf, valueOf(schema, ref.shape, depth + 1));
      return fc.record(members, { requiredKeys: [] });
    }
    case 'list':
      return depth > 3 ? fc.constant([]) : fc.array(valueOf(schema, shape.member!.shape, depth + 1).filter((v) => v !== undefined && v !== null), { maxLength: 2 });
    case 'map':
      return depth > 3 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 4 }), valueOf(schema, shape.value!.shape, depth + 1).filter((v) => v !== undefined && v !== null), { maxKeys: 2 });
    case 'timestamp':
      return fc.oneof(fc.date({ noInvalidDate: true }), fc.integer({ min: 0, max: 4e12 }).map((ms) => new Date(ms)));
    case 'blob':
      return fc.uint8Array({ maxLength: 4 });
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return fc.integer();
    default:
      return fc.string({ maxLength: 5 });
  }
}

describe('encodeJson', () => {
  for (const [service, schema] of Object.entries(schemas as Record<string, ServiceSchema>)) {
    it(`encodes every ${service} output shape as the plain model walk did`, () => {
      const outputs = [...new Set(Object.values(schema.operations).flatMap((op) => (op.output ? [op.output.shape] : [])))];
      for (const opts of [{ useLocationName: true, timestampFormat: 'unixTimestamp' as const }, { useLocationName: false, timestampFormat: 'iso8601' as const }]) {
        for (const name of outputs) {
          fc.assert(
            fc.property(valueOf(schema, name, 0), (value) => {
              // As text: key order is part of the answer.
              expect(JSON.stringify(encodeJson(schema, name, value, opts))).toBe(JSON.stringify(reference(schema, name, value, opts)));
            }),
            { numRuns: 15 },
          );
        }
      }
    });
  }
});

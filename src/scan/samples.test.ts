// collectSamples: a scan's recorded locations, read back through the same readers, give exactly the values found
// there — and only those — for text, CSV, JSON, JSON Lines and archive members.
import { gzipSync, strToU8, zipSync } from 'fflate';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Detection, Scanner } from '../detect/index.js';
import { renderDiscoveryResults } from './discovery-result.js';
import { collectSamples, type SampleTarget } from './samples.js';
import { scanObject } from './scan-object.js';

/** A tiny real scanner: SSN-shaped values and AWS access key ids, by regex, independent of the catalog. */
const tinyScanner: Scanner = {
  scan(text: string): Detection[] {
    const out: Detection[] = [];
    for (const m of text.matchAll(/\b\d{3}-\d{2}-\d{4}\b/g)) out.push({ type: 'USA_SOCIAL_SECURITY_NUMBER', category: 'PERSONAL_INFORMATION', start: m.index!, end: m.index! + m[0].length });
    for (const m of text.matchAll(/\bAKIA[0-9A-Z]{16}\b/g)) out.push({ type: 'AWS_CREDENTIALS', category: 'CREDENTIALS', start: m.index!, end: m.index! + m[0].length });
    return out;
  },
};

const stream = (data: string | Uint8Array) => Readable.from([Buffer.from(data)]);

/** The targets a discovery result gives for an object (the object's own record, then its members'). */
async function targetsOf(key: string, data: string | Uint8Array): Promise<SampleTarget[]> {
  const result = await scanObject({ key, stream: stream(data) }, tinyScanner);
  const records = renderDiscoveryResults(result, { accountId: '111122223333', region: 'us-east-1', id: 'f', createdAt: new Date(0), s3Bucket: { name: 'b' } });
  const targets: SampleTarget[] = [];
  for (const r of records as any[]) {
    const filePath = r.resourcesAffected.s3Object.embeddedFileDetails?.filePath ?? '';
    for (const cat of r.classificationDetails.result.sensitiveData) {
      for (const d of cat.detections) {
        if (Object.values(d.occurrences).some((v) => Array.isArray(v) && v.length)) targets.push({ key: d.type, type: d.type, filePath, occurrences: d.occurrences });
      }
    }
  }
  return targets;
}

async function roundTrip(key: string, data: string | Uint8Array) {
  const samples = await collectSamples({ key, stream: stream(data) }, tinyScanner, await targetsOf(key, data));
  return Object.fromEntries(samples);
}

describe('collectSamples', () => {
  it('text: the value that starts at each recorded line and column', async () => {
    expect(await roundTrip('a.log', 'boot\nssn 123-45-6789 and 234-56-7890\n\tkey AKIAIOSFODNN7EXAMPL3\n')).toEqual({
      USA_SOCIAL_SECURITY_NUMBER: ['123-45-6789', '234-56-7890'],
      AWS_CREDENTIALS: ['AKIAIOSFODNN7EXAMPL3'],
    });
  });

  it('CSV cells, JSON paths and JSON Lines records', async () => {
    expect(await roundTrip('p.csv', 'name,ssn\nAnn,123-45-6789\nBob,345-67-8901\n')).toEqual({ USA_SOCIAL_SECURITY_NUMBER: ['123-45-6789', '345-67-8901'] });
    // Two values in one cell: the cell is recorded twice, and both are revealed.
    expect(await roundTrip('q.csv', 'name,ssn\nAnn,123-45-6789 or 345-67-8901\n')).toEqual({ USA_SOCIAL_SECURITY_NUMBER: ['123-45-6789', '345-67-8901'] });
    expect(await roundTrip('p.json', JSON.stringify({ a: { ssn: '123-45-6789' }, b: ['x', 'call 345-67-8901 now'] }))).toEqual({ USA_SOCIAL_SECURITY_NUMBER: ['123-45-6789', '345-67-8901'] });
    expect(await roundTrip('p.jsonl', '{"ssn":"123-45-6789"}\n{"n":1}\n{"ssn":"345-67-8901"}\n')).toEqual({ USA_SOCIAL_SECURITY_NUMBER: ['123-45-6789', '345-67-8901'] });
  });

  it('archive members, by the path their results record', async () => {
    const zip = zipSync({ 'docs/a.txt': strToU8('ssn 123-45-6789\n'), 'b.csv': strToU8('ssn\n345-67-8901\n') });
    expect(await roundTrip('bundle.zip', zip)).toEqual({ USA_SOCIAL_SECURITY_NUMBER: ['123-45-6789', '345-67-8901'] });
    expect(await roundTrip('a.txt.gz', gzipSync(strToU8('x\nssn 123-45-6789\n')))).toEqual({ USA_SOCIAL_SECURITY_NUMBER: ['123-45-6789'] });
  });

  it('a long line cut into overlapping segments: each value once, at its own location', async () => {
    const cut = 1024 * 1024;
    const line = `${'x '.repeat((cut - 8) / 2)}123-45-6789 ${'y '.repeat(200)}234-56-7890 ${'z '.repeat(20_000)}\n`;
    expect(await roundTrip('long.txt', line)).toEqual({ USA_SOCIAL_SECURITY_NUMBER: ['123-45-6789', '234-56-7890'] });
  });

  it('takes only values at recorded locations, at most 10 per type, each at most 128 characters', async () => {
    const text = Array.from({ length: 30 }, (_, i) => `row ${i} ssn ${String(100 + i)}-45-6789`).join('\n') + '\n';
    const targets = await targetsOf('many.txt', text);
    expect((await collectSamples({ key: 'many.txt', stream: stream(text) }, tinyScanner, targets)).get('USA_SOCIAL_SECURITY_NUMBER')).toEqual(
      Array.from({ length: 10 }, (_, i) => `${100 + i}-45-6789`),
    );
    // Only line 7 recorded: line 7's value, and none of the others of the same type.
    const one: SampleTarget = { key: 'USA_SOCIAL_SECURITY_NUMBER', type: 'USA_SOCIAL_SECURITY_NUMBER', filePath: '', occurrences: { lineRanges: [{ start: 7, end: 7, startColumn: 11 }] } };
    expect(Object.fromEntries(await collectSamples({ key: 'many.txt', stream: stream(text) }, tinyScanner, [one]))).toEqual({ USA_SOCIAL_SECURITY_NUMBER: ['106-45-6789'] });
    // A location where nothing of the type starts gives nothing (an edited location reveals no other text).
    const off: SampleTarget = { ...one, occurrences: { lineRanges: [{ start: 7, end: 7, startColumn: 1 }] } };
    expect((await collectSamples({ key: 'many.txt', stream: stream(text) }, tinyScanner, [off])).get('USA_SOCIAL_SECURITY_NUMBER')).toEqual([]);
    const long: Scanner = { scan: (t) => (t.includes('Z') ? [{ type: 'X', category: 'CUSTOM_IDENTIFIER', start: 0, end: t.length, custom: { id: 'X', name: 'x' } }] : []) };
    const z = 'Z'.repeat(300);
    const samples = await collectSamples({ key: 'z.txt', stream: stream(z) }, long, [{ key: 'x:X', type: 'X', filePath: '', occurrences: { lineRanges: [{ start: 1, startColumn: 1 }] } }]);
    expect(samples.get('x:X')).toEqual(['Z'.repeat(128)]);
  });
});

import { gzipSync, strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { extractObject, type ExtractEvent } from './extract.js';
import { limits, streamOf } from './test-support.js';

async function run(name: string, data: Uint8Array | string | Readable, overrides = {}): Promise<ExtractEvent[]> {
  const stream = data instanceof Readable ? data : streamOf(data, 997);
  const events: ExtractEvent[] = [];
  for await (const e of extractObject({ name, stream }, limits(overrides))) events.push(e);
  return events;
}
const ends = (events: ExtractEvent[]) =>
  events.filter((e) => e.type === 'file-end').map((e) => [e.file.path, e.file.format ?? null, e.status.code, e.status.reason ?? null]);
const textsOf = (events: ExtractEvent[], path: string) =>
  events.filter((e) => e.type === 'segment' && e.file.path === path).map((e) => (e.type === 'segment' ? e.segment.text : '')).join('');

async function tarOf(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const p = pack();
  for (const [name, body] of Object.entries(files)) p.entry({ name }, Buffer.from(body));
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A zip written the streaming way: local headers without sizes, data descriptors after each member. */
function streamedZip(files: Record<string, string>, deflate: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  for (const [name, body] of Object.entries(files)) {
    const entry = deflate ? new ZipDeflate(name) : new ZipPassThrough(name);
    zip.add(entry);
    entry.push(strToU8(body), true);
  }
  zip.end();
  return Buffer.concat(parts);
}

describe('extractObject: dispatch', () => {
  it('sniffs by magic and extension and skips binary types with Macie reasons', async () => {
    expect(ends(await run('notes', 'plain text without extension'))).toEqual([['', 'text', 'COMPLETE', null]]);
    expect(ends(await run('data.csv', 'a,b\n1,2\n'))).toEqual([['', 'csv', 'COMPLETE', null]]);
    // Document formats are read; a broken one is skipped with the reason Macie gives for it.
    expect(ends(await run('report.pdf', '%PDF-1.7 ...'))).toEqual([['', 'pdf', 'SKIPPED', 'UNABLE_TO_PARSE_FILE']]);
    expect(ends(await run('slides.pptx', zipSync({ 'ppt/presentation.xml': strToU8('<x/>') })))).toEqual([['', null, 'SKIPPED', 'UNSUPPORTED_FILE_TYPE_EXCEPTION']]);
    expect(ends(await run('blob', new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254, 0, 7])))).toEqual([['', null, 'SKIPPED', 'UNSUPPORTED_FILE_TYPE_EXCEPTION']]);
    expect(ends(await run('book.xlsx', zipSync({ 'xl/workbook.xml': strToU8('<x/>') })))).toEqual([['', 'xlsx', 'COMPLETE', null]]);
    // A .json that is not JSON is read as text.
    expect(ends(await run('x.json', 'key = value'))).toEqual([['', 'text', 'COMPLETE', null]]);
    expect(ends(await run('big.txt', 'x', { maxObjectBytes: 0 }))).toEqual([['', null, 'SKIPPED', 'FILE_EXCEEDS_SIZE_LIMIT']]);
  });

  it('reports a damaged gzip as malformed, keeping what was read', async () => {
    const gz = gzipSync(strToU8('line one\n'.repeat(2000)));
    const events = await run('log.gz', gz.subarray(0, gz.length - 200));
    const [member] = ends(events);
    expect(member[0]).toBe('log');
    expect(member[3]).toBe('MALFORMED_FILE');
  });
});

describe('extractObject: containers', () => {
  it('reads gzip (name from FNAME or the object name), tar, and zip members recursively', async () => {
    const tar = await tarOf({ 'a/users.csv': 'email\nann@example.com\n', 'b/readme.md': '# hi\n' });
    const zip = zipSync({
      'logs/app.log.gz': gzipSync(strToU8('started\nkey=AKIA\n')),
      'bundle.tar': tar,
      'img.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'empty/': new Uint8Array(0),
    });
    const events = await run('export.zip', zip);
    expect(ends(events)).toEqual([
      ['logs/app.log.gz/app.log', 'text', 'COMPLETE', null],
      ['logs/app.log.gz', 'gzip', 'COMPLETE', null],
      ['bundle.tar/a/users.csv', 'csv', 'COMPLETE', null],
      ['bundle.tar/b/readme.md', 'text', 'COMPLETE', null],
      ['bundle.tar', 'tar', 'COMPLETE', null],
      ['img.png', null, 'SKIPPED', 'UNSUPPORTED_FILE_TYPE_EXCEPTION'],
      ['', 'zip', 'COMPLETE', null],
    ]);
    expect(textsOf(events, 'logs/app.log.gz/app.log')).toBe('started\nkey=AKIA\n');
    expect(textsOf(events, 'bundle.tar/a/users.csv')).toBe('emailann@example.com');
    const withName = gzipSync(strToU8('a,b\n'), { filename: 'inner.csv' });
    expect(ends(await run('whatever.gz', withName))[0]).toEqual(['inner.csv', 'csv', 'COMPLETE', null]);
  });

  it('reads zips written with data descriptors (stored and deflated)', async () => {
    for (const deflate of [false, true]) {
      const files = { 'one.txt': 'first member, whose body holds a stray PK\u0007\u0008 signature in its text\n', 'two.csv': 'h\nsecond\n', 'three.txt': 'third' };
      const events = await run('s.zip', streamedZip(files, deflate));
      expect(ends(events).map((e) => e[0])).toEqual(['one.txt', 'two.csv', 'three.txt', '']);
      expect(textsOf(events, 'one.txt')).toBe(files['one.txt']);
      expect(textsOf(events, 'three.txt')).toBe('third');
    }
  });
});

describe('extractObject: limits', () => {
  it('stops a zip bomb member at the expansion ratio, in bounded time, and reads the other members', async () => {
    const spaces = new Uint8Array(64 * 1024 * 1024).fill(0x20);
    const bomb = zipSync({ 'bomb.txt': spaces, 'ok.txt': strToU8('fine') }, { level: 1 });
    expect(bomb.length).toBeLessThan(200 * 1024);
    const started = Date.now();
    const events = await run('bomb.zip', bomb);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ends(events)).toEqual([
      ['bomb.txt', 'text', 'SKIPPED', 'ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT'],
      ['ok.txt', 'text', 'COMPLETE', null],
      ['', 'zip', 'COMPLETE', null],
    ]);
  });

  it('skips archives nested deeper than maxArchiveDepth (100 levels of zip, 100 of gzip)', async () => {
    let zip = zipSync({ 'core.txt': strToU8('deep secret') });
    for (let i = 0; i < 99; i++) zip = zipSync({ [`level${i}.zip`]: zip }, { level: 0 });
    const events = await run('nested.zip', zip);
    const skipped = ends(events).filter((e) => e[2] === 'SKIPPED');
    expect(skipped).toHaveLength(1);
    expect(skipped[0][3]).toBe('ARCHIVE_NESTING_LEVEL_OVER_LIMIT');
    expect(events.filter((e) => e.type === 'file-start').length).toBe(11);

    let gz = strToU8('deep secret');
    for (let i = 0; i < 100; i++) gz = gzipSync(gz);
    const gzEvents = await run('nested.gz', gz, { maxArchiveDepth: 10 });
    expect(ends(gzEvents).filter((e) => e[3] === 'ARCHIVE_NESTING_LEVEL_OVER_LIMIT')).toHaveLength(1);
  });

  it('stops the whole object at maxArchiveMembers and at maxExpandedBytes', async () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 50; i++) many[`f${i}.txt`] = strToU8(`file ${i}`);
    const events = await run('many.zip', zipSync(many), { maxArchiveMembers: 10 });
    const list = ends(events);
    expect(list.filter((e) => e[2] === 'COMPLETE' && e[0] !== '')).toHaveLength(10);
    expect(list[list.length - 1]).toEqual(['', 'zip', 'PARTIAL', 'ARCHIVE_TOTAL_DOCUMENTS_PROCESSED_OVER_LIMIT']);

    const big = zipSync({ 'a.txt': strToU8('a'.repeat(3000)), 'b.txt': strToU8('b'.repeat(3000)), 'c.txt': strToU8('c') });
    const capped = ends(await run('big.zip', big, { maxExpandedBytes: 4000 }));
    expect(capped.map((e) => [e[0], e[2], e[3]])).toEqual([
      ['a.txt', 'COMPLETE', null],
      ['b.txt', 'SKIPPED', 'ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT'],
      ['', 'PARTIAL', 'ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT'],
    ]);
  });

  it('reads a raw deflate stream that is itself a bomb without holding its output', async () => {
    // 64 MB of zeros deflated is ~64 KB; the guard must stop after about 1 MB of output.
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024));
    const { inflateGuarded, newBudget } = await import('./inflate.js');
    const budget = newBudget(limits());
    const before = process.memoryUsage().rss;
    let produced = 0;
    const err = await (async () => {
      for await (const c of inflateGuarded(Readable.from([bomb]), 'deflate-raw', budget, 'bomb')) produced += c.length;
    })().catch((e: unknown) => e);
    expect((err as { reason?: string }).reason).toBe('ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT');
    expect(produced).toBeLessThan(8 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(128 * 1024 * 1024);
  });
});

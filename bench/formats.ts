/**
 * Throughput of the document readers (issue 13): MB/s on one core for XLSX, PDF, Parquet and EML, each measured three
 * ways on the same generated files in the same run (the machine is noisy, so only ratios within a run mean much):
 *   floor  — the fastest JS text extraction for that format alone (the extraction cost Sift cannot go below):
 *            XLSX: fflate unzip + a regex over the cell values; PDF: pdf.js text content; Parquet: hyparquet rows;
 *            EML: postal-mime parse (attachments decoded);
 *   read   — Sift's reader through extractObject (sniff, segments with locations), no detection;
 *   scan   — Sift's whole per-object path (scanObject with the recommended managed identifiers).
 * Run: npx tsx bench/formats.ts [MB per format, default 16] [formats, default xlsx,pdf,parquet,eml]
 */
import { unzipSync } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import PostalMime from 'postal-mime';
import { defaultScanLimits } from '../src/common/index.js';
import { compileScanner } from '../src/detect/index.js';
import { extractObject } from '../src/extract/index.js';
import { emlOf, parquetOf, pdfOf, xlsxOf } from '../src/extract/format-fixtures.js';
import { scanObject } from '../src/scan/index.js';

const targetMb = Number(process.argv[2] ?? 16);
const target = targetMb * 1024 * 1024;
const names = ['Ana Lima', 'Bo Chen', 'Cy Park', 'Dee Roy'];
const row = (i: number) => [names[i % 4], `${100 + (i % 800)}-${10 + (i % 89)}-${1000 + (i % 8999)}`, `order ${i} shipped to 12 Main St`, i * 3.5, `note ${i.toString(36)} lorem ipsum dolor sit amet`];

function xlsx(): Uint8Array {
  // Grows rows until the zip is near the target (xlsx compresses about 8:1).
  let rows = 20_000;
  for (;;) {
    const data = xlsxOf({ Data: [['name', 'ssn', 'address', 'amount', 'note'], ...Array.from({ length: rows }, (_, i) => row(i))] });
    if (data.length >= target * 0.8) return data;
    rows = Math.ceil(rows * (target / data.length) * 1.05);
  }
}

async function pdf(): Promise<Uint8Array> {
  const page = Array.from({ length: 40 }, (_, i) => row(i).join('  ')).join('\n');
  let pages = 50;
  for (;;) {
    const data = await pdfOf(Array.from({ length: pages }, () => page));
    if (data.length >= target * 0.8) return data;
    pages = Math.ceil(pages * (target / data.length) * 1.05);
  }
}

function parquet(): Uint8Array {
  let rows = 50_000;
  for (;;) {
    const cols = ['name', 'ssn', 'address', 'amount', 'note'];
    const data = Array.from({ length: rows }, (_, i) => row(i));
    const out = parquetOf(cols.map((name, c) => ({ name, type: c === 3 ? ('DOUBLE' as const) : ('STRING' as const), data: data.map((r) => r[c]) })), 'SNAPPY', 100_000);
    if (out.length >= target * 0.8) return out;
    rows = Math.ceil(rows * (target / out.length) * 1.05);
  }
}

function eml(): Uint8Array {
  // A mailbox-sized message: a long text body and CSV attachments (base64), as mail exports are.
  const csv = ['name,ssn,address,amount,note', ...Array.from({ length: 20_000 }, (_, i) => row(i).join(','))].join('\n');
  const text = Array.from({ length: 2_000 }, (_, i) => row(i).join(' ')).join('\n');
  const attachments = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    attachments.push({ filename: `export-${i}.csv`, contentType: 'text/csv', body: csv });
    size += csv.length * 1.37;
  }
  return emlOf({ headers: { From: 'a@example.com', To: 'b@example.com', Subject: 'exports' }, text, attachments });
}

async function floorOf(kind: string, data: Uint8Array): Promise<void> {
  switch (kind) {
    case 'xlsx': {
      let n = 0;
      for (const [name, body] of Object.entries(unzipSync(data))) {
        if (!name.endsWith('.xml')) continue;
        for (const m of new TextDecoder().decode(body).matchAll(/<(?:t|v)[^>]*>([^<]*)</g)) n += m[1].length;
      }
      if (n === 0) throw new Error('no text');
      return;
    }
    case 'pdf': {
      const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const doc = await lib.getDocument({ data: data.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
      for (let p = 1; p <= doc.numPages; p++) await (await doc.getPage(p)).getTextContent();
      await doc.destroy();
      return;
    }
    case 'parquet':
      await parquetReadObjects({ file: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer, compressors });
      return;
    case 'eml':
      await PostalMime.parse(data);
      return;
  }
}

async function* once(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}

async function time(fn: () => Promise<void>): Promise<number> {
  await fn(); // warm-up
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const scanner = compileScanner({});
const wanted = new Set((process.argv[3] ?? 'xlsx,pdf,parquet,eml').split(','));
const makers: [string, () => Uint8Array | Promise<Uint8Array>][] = [['xlsx', xlsx], ['pdf', pdf], ['parquet', parquet], ['eml', eml]];
const files: [string, Uint8Array][] = [];
for (const [kind, make] of makers) if (wanted.has(kind)) files.push([kind, await make()]);
console.log(`format   size MB   floor MB/s   read MB/s   scan MB/s   read/floor   scan/floor`);
for (const [kind, data] of files) {
  const mb = data.length / 1024 / 1024;
  const floor = await time(() => floorOf(kind, data));
  const read = await time(async () => {
    for await (const e of extractObject({ name: `bench.${kind}`, stream: once(data), size: data.length }, defaultScanLimits)) {
      if (e.type === 'file-end' && e.file.depth === 0 && e.status.code !== 'COMPLETE') throw new Error(`${kind}: ${e.status.reason} ${e.status.message}`);
    }
  });
  const scan = await time(async () => {
    const r = await scanObject({ key: `bench.${kind}`, size: data.length, stream: once(data) }, scanner);
    if (r.status.code !== 'COMPLETE') throw new Error(`${kind}: ${r.status.reason}`);
  });
  const f = (x: number) => x.toFixed(1).padStart(9);
  console.log(`${kind.padEnd(8)} ${mb.toFixed(1).padStart(7)} ${f(mb / floor)}    ${f(mb / read)}  ${f(mb / scan)}   ${(floor / read).toFixed(2).padStart(9)}    ${(floor / scan).toFixed(2).padStart(9)}`);
}

/**
 * Writes the benchmark folders as files a user would scan: `text-mixed/` (logs, mail, configs with planted values in
 * about 15% of documents), `text-clean/` (the same kinds of text, nothing planted), `csv/` (customer and employee
 * exports) and `json/` (JSON and JSON Lines exports). Together text-mixed, csv and json form the "mixed folder".
 * Deterministic for a seed.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, generateDocument, plantGenerators, type Rng } from './generate.js';

const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'Sophie', 'Lukas', 'Giulia', 'Carlos'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martin', 'Müller', 'Rossi', 'Fernández'];
const CITIES = ['Springfield', 'Portland', 'Madison', 'Georgetown', 'Franklin', 'Clinton', 'Salem', 'Fairview'];

/** A value one of the plant generators makes (SSN, card, IBAN, …), without its keyword. */
const plantedValue = (r: Rng): string => pick(r, plantGenerators)(r).value.replace(/\n/g, ' ');

function mail(r: Rng, sensitive: boolean): string {
  const from = `${pick(r, FIRST)} ${pick(r, LAST)}`;
  let body = `From: ${from} <${from.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com>\nTo: support@example.com\nSubject: order ${int(r, 1000, 99999)}\nDate: Mon, ${int(r, 1, 28)} Mar 2026 10:${int(r, 10, 59)}:00 +0000\n\n`;
  body += generateDocument(r, { targetChars: int(r, 800, 3000), plantsPerKChar: sensitive ? 1 : 0, hardNegativesPerKChar: 0.5 }).text;
  return body + `\n--\n${from}\n`;
}

function config(r: Rng, sensitive: boolean): string {
  const lines = [`# service configuration`, `[server]`, `host = 0.0.0.0`, `port = ${int(r, 1024, 65000)}`, `workers = ${int(r, 1, 64)}`, `[database]`,
    `url = postgres://app@db-${int(r, 1, 9)}.internal:5432/app`, `pool = ${int(r, 5, 50)}`, `[storage]`, `bucket = logs-${int(r, 100, 999)}`, `region = eu-west-1`];
  if (sensitive) lines.push(`aws_secret_access_key = ${plantGenerators[3](r).value}`);
  return lines.join('\n') + '\n';
}

function textDoc(r: Rng, sensitive: boolean): [string, string] {
  const x = r();
  if (x < 0.5) return ['log', generateDocument(r, { targetChars: int(r, 20_000, 200_000), plantsPerKChar: sensitive ? 0.05 : 0, hardNegativesPerKChar: 0.2 }).text];
  if (x < 0.85) return ['eml', mail(r, sensitive)];
  return ['conf', config(r, sensitive)];
}

function csvDoc(r: Rng, sensitive: boolean): string {
  const kind = pick(r, ['customer', 'employee']);
  const header = kind === 'customer' ? 'id,customer,email,city,phone,card,notes,amount' : 'employee_id,employee,department,ssn,iban,start_date,comment';
  const rows = [header];
  const n = int(r, 2000, 20_000);
  for (let i = 1; i <= n; i++) {
    const name = `${pick(r, FIRST)} ${pick(r, LAST)}`;
    const plant = sensitive && r() < 0.02;
    if (kind === 'customer') {
      rows.push([i, name, `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`, pick(r, CITIES), `555-01${int(r, 10, 99)}`,
        plant ? plantGenerators[0](r).value : 'n/a', `"${plant ? 'see ' + plantedValue(r) : 'repeat customer, order ' + int(r, 1000, 99999)}"`, `${int(r, 1, 9999)}.${int(r, 10, 99)}`].join(','));
    } else {
      rows.push([`E${int(r, 10000, 99999)}`, name, pick(r, ['Sales', 'R&D', 'Ops', 'Finance']), plant ? plantGenerators[1](r).value : '',
        plant ? plantGenerators[2](r).value.replace(/ /g, '') : '', `20${int(r, 10, 25)}-0${int(r, 1, 9)}-1${int(r, 0, 9)}`, 'on site'].join(','));
    }
  }
  return rows.join('\n') + '\n';
}

function jsonDoc(r: Rng, sensitive: boolean, lines: boolean): string {
  const n = int(r, 1000, 10_000);
  const records = Array.from({ length: n }, (_, i) => {
    const plant = sensitive && r() < 0.02;
    return {
      id: i, customer: { name: `${pick(r, FIRST)} ${pick(r, LAST)}`, city: pick(r, CITIES), tier: pick(r, ['gold', 'silver', 'bronze']) },
      order: { total: int(r, 1, 99999) / 100, items: int(r, 1, 9), ts: `2026-03-${String(int(r, 1, 28)).padStart(2, '0')}T10:00:00Z` },
      payment: plant ? { card: plantGenerators[0](r).value } : { method: pick(r, ['invoice', 'paypal', 'wire']) },
      note: plant ? `ssn ${plantGenerators[1](r).value}` : 'ok',
    };
  });
  return lines ? records.map((x) => JSON.stringify(x)).join('\n') + '\n' : JSON.stringify({ records }, null, 1);
}

export interface FolderSizes { textMb: number; csvMb: number; jsonMb: number }

/**
 * Writes the folders under `root` and returns their paths and byte counts. The folders are deterministic (seeded), so
 * a complete set already at `root` for the same sizes and seed is reused: benchmarks run side by side by several
 * people on one machine must not delete each other's input mid-run. A set is built in a private directory and
 * renamed into place, so a reader never sees a half-written one.
 */
export function writeBenchFolders(root: string, sizes: FolderSizes, seed = 3): Record<'textMixed' | 'textClean' | 'csv' | 'json', { dir: string; bytes: number }> {
  const stamp = JSON.stringify({ sizes, seed, version: 1 });
  const existing = (): ReturnType<typeof writeBenchFolders> | undefined => {
    try {
      const done = JSON.parse(readFileSync(join(root, 'complete.json'), 'utf8')) as { stamp: string; out: ReturnType<typeof writeBenchFolders> };
      return done.stamp === stamp ? done.out : undefined;
    } catch {
      return undefined; // missing or unreadable: (re)build
    }
  };
  const ready = existing();
  if (ready) return ready;
  const work = `${root}.${process.pid}.${Date.now()}`;
  const r = createRng(seed);
  const out = {} as Record<'textMixed' | 'textClean' | 'csv' | 'json', { dir: string; bytes: number }>;
  const fill = (name: keyof typeof out, dirName: string, mb: number, make: (i: number) => [string, string]): void => {
    const dir = join(work, dirName);
    mkdirSync(dir, { recursive: true });
    let bytes = 0;
    for (let i = 0; bytes < mb * 1e6; i++) {
      const [ext, body] = make(i);
      writeFileSync(join(dir, `doc-${String(i).padStart(5, '0')}.${ext}`), body);
      bytes += Buffer.byteLength(body);
    }
    out[name] = { dir: join(root, dirName), bytes };
  };
  fill('textMixed', 'text-mixed', sizes.textMb, () => textDoc(r, r() < 0.15));
  fill('textClean', 'text-clean', sizes.textMb, () => textDoc(r, false));
  fill('csv', 'csv', sizes.csvMb, () => ['csv', csvDoc(r, r() < 0.5)]);
  fill('json', 'json', sizes.jsonMb, (i) => (i % 2 ? ['json', jsonDoc(r, r() < 0.5, false)] : ['jsonl', jsonDoc(r, r() < 0.5, true)]));
  writeFileSync(join(work, 'complete.json'), JSON.stringify({ stamp, out }));
  // Someone else finished the same set meanwhile: use theirs. Otherwise a stale set (other sizes) is moved aside.
  if (existing()) {
    rmSync(work, { recursive: true, force: true });
    return out;
  }
  const aside = `${root}.old.${process.pid}.${Date.now()}`;
  try {
    renameSync(root, aside);
  } catch {
    // nothing there
  }
  try {
    renameSync(work, root);
  } catch {
    rmSync(work, { recursive: true, force: true });
  }
  rmSync(aside, { recursive: true, force: true });
  return out;
}

/**
 * Detection benchmark (npm run bench:detect, or npx tsx bench/detect.ts [--mb 100] [--tool-seconds 5] [--eval-mb 3]
 * [--folder-mb 20]).
 *
 * 0. End to end, as a user runs it: `sift scan --json --identifiers ALL` (the built CLI, a child process) over generated
 *    folders of mixed text, clean text, CSV and JSON (bench/corpus/folder.ts), against grep and ripgrep (when
 *    installed) counting one SSN-shaped regex over the same files, and Sift's scanObject in this process. All figures
 *    are MB per CPU-second (user + system of the whole process, every thread), so they hold on a loaded machine.
 * 1. Throughput of Sift's compiled scanner with the whole catalog (ALL, 166 identifiers) over a generated mixed
 *    corpus (planted values + hard negatives) and the same volume of clean text, in 5 KB documents, one core.
 * 2. Throughput of @openredaction/openredaction, redact-pii, @redactpii/node and secretlint (recommend preset) on the
 *    same documents, each for a fixed time budget.
 * 3. Precision / recall / F1 per planted type on a labeled corpus with hard negatives, every tool on the types it
 *    supports, side by side. A detection counts when its type maps to the label's type and the spans overlap. NAME and
 *    ADDRESS rows come from their own corpus (bench/corpus/people.ts; per country: npx tsx bench/people.ts).
 */
import { OpenRedaction } from '@openredaction/openredaction';
import { Redactor } from '@redactpii/node';
import { lintSource } from '@secretlint/core';
import { creator as secretlintRecommend } from '@secretlint/secretlint-rule-preset-recommend';
import { SyncRedactor } from 'redact-pii';
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScanner } from '../src/detect/index.js';
import { scanObject } from '../src/scan/index.js';
import { writeBenchFolders } from './corpus/folder.js';
import { alignRedactions } from './corpus/align.js';
import { generateCorpus, type LabeledDoc } from './corpus/generate.js';
import { evaluatePeople, PEOPLE_SEED } from './people-quality.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const MB = 1_000_000;
const corpusMb = arg('mb', 100);
const toolSeconds = arg('tool-seconds', 5);
const evalMb = arg('eval-mb', 3);
const folderMb = arg('folder-mb', 20);
/** CPU seconds of this process (user + system): per-core throughput that holds on a shared, loaded machine. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const chars = (docs: readonly LabeledDoc[]): number => docs.reduce((n, d) => n + d.text.length, 0);

/** A tool under test: detections as (family, start, end); families are the rows of the quality table. */
interface Tool {
  name: string;
  families: readonly string[];
  detect(text: string): Promise<Array<{ family: string; start: number; end: number }>> | Array<{ family: string; start: number; end: number }>;
}

const FAMILIES = [
  'CREDIT_CARD_NUMBER', 'USA_SOCIAL_SECURITY_NUMBER', 'IBAN (*_BANK_ACCOUNT_NUMBER)', 'AWS_CREDENTIALS', 'JSON_WEB_TOKEN',
  'PKCS', 'PHONE_NUMBER', 'UK_NATIONAL_INSURANCE_NUMBER', 'CANADA_SOCIAL_INSURANCE_NUMBER', 'BRAZIL_CPF_NUMBER',
  'UK_NHS_NUMBER', 'STRIPE_CREDENTIALS', 'HTTP_BASIC_AUTH_HEADER',
] as const;
const familyOfLabel = (type: string): string =>
  type.endsWith('_BANK_ACCOUNT_NUMBER') ? 'IBAN (*_BANK_ACCOUNT_NUMBER)' : type === 'CREDIT_CARD_NUMBER_(NO_KEYWORD)' ? 'CREDIT_CARD_NUMBER' : type;

const sift = compileScanner({ managedSelector: 'ALL' });
const siftTool: Tool = {
  name: 'Sift',
  families: FAMILIES,
  detect: (text) => sift.scan(text).map((d) => ({ family: familyOfLabel(d.type), start: d.start, end: d.end })),
};

const openRedactionMap: Array<[RegExp, string]> = [
  [/^CREDIT_CARD$/, 'CREDIT_CARD_NUMBER'], [/^SSN$/, 'USA_SOCIAL_SECURITY_NUMBER'], [/IBAN/, 'IBAN (*_BANK_ACCOUNT_NUMBER)'],
  [/^AWS_SECRET_KEY$/, 'AWS_CREDENTIALS'], [/^JWT_TOKEN$/, 'JSON_WEB_TOKEN'], [/^PRIVATE_KEY$/, 'PKCS'], [/^PHONE_US$/, 'PHONE_NUMBER'],
  [/^NATIONAL_INSURANCE_UK$/, 'UK_NATIONAL_INSURANCE_NUMBER'], [/^CANADIAN_SIN$/, 'CANADA_SOCIAL_INSURANCE_NUMBER'],
  [/^BRAZILIAN_CPF$/, 'BRAZIL_CPF_NUMBER'], [/^NHS_NUMBER$/, 'UK_NHS_NUMBER'], [/^STRIPE_API_KEY$/, 'STRIPE_CREDENTIALS'],
];
const openRedaction = new OpenRedaction();
const openRedactionTool: Tool = {
  name: 'openredaction',
  families: FAMILIES.filter((f) => f !== 'HTTP_BASIC_AUTH_HEADER'),
  detect: (text) =>
    openRedaction.detect(text).detections.flatMap((d) => {
      const hit = openRedactionMap.find(([re]) => re.test(d.type));
      return hit ? [{ family: hit[1], start: d.position[0], end: d.position[1] }] : [];
    }),
};

/** redact-pii and @redactpii/node only return redacted text: spans are recovered by aligning the two texts. */
function redactorTool(name: string, redact: (t: string) => string, tokens: Record<string, string>): Tool {
  const tokenList = Object.keys(tokens).concat(['PERSON_NAME', 'EMAIL_ADDRESS', 'NAME', 'STREET_ADDRESS', 'ZIPCODE', 'URL', 'IP_ADDRESS', 'USERNAME', 'PASSWORD', 'DIGITS', 'CREDENTIALS'])
    .sort((a, b) => b.length - a.length);
  return {
    name,
    families: [...new Set(Object.values(tokens))],
    detect: (text) =>
      alignRedactions(text, redact(text), tokenList).flatMap((s) => (tokens[s.token] ? [{ family: tokens[s.token], start: s.start, end: s.end }] : [])),
  };
}
const redactPii = new SyncRedactor();
const redactPiiTool = redactorTool('redact-pii', (t) => redactPii.redact(t), {
  CREDIT_CARD_NUMBER: 'CREDIT_CARD_NUMBER', US_SOCIAL_SECURITY_NUMBER: 'USA_SOCIAL_SECURITY_NUMBER', PHONE_NUMBER: 'PHONE_NUMBER',
});
const redactpiiNode = new Redactor();
const redactpiiNodeTool = redactorTool('@redactpii/node', (t) => redactpiiNode.redact(t), {
  CREDIT_CARD_NUMBER: 'CREDIT_CARD_NUMBER', US_SOCIAL_SECURITY_NUMBER: 'USA_SOCIAL_SECURITY_NUMBER', PHONE_NUMBER: 'PHONE_NUMBER',
});

const secretlintMap: Array<[RegExp, string]> = [
  [/AWSSecretAccessKey/, 'AWS_CREDENTIALS'], [/privatekey/i, 'PKCS'], [/basicauth/i, 'HTTP_BASIC_AUTH_HEADER'], [/stripe/i, 'STRIPE_CREDENTIALS'],
];
const secretlintConfig = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: secretlintRecommend }] };
const secretlintTool: Tool = {
  name: 'secretlint',
  families: ['AWS_CREDENTIALS', 'PKCS', 'HTTP_BASIC_AUTH_HEADER', 'STRIPE_CREDENTIALS'],
  async detect(text) {
    const res = await lintSource({
      source: { content: text, filePath: '/bench/doc.txt', ext: '.txt', contentType: 'text' },
      options: { config: secretlintConfig as never },
    });
    return res.messages.flatMap((m) => {
      const hit = secretlintMap.find(([re]) => re.test(`${m.ruleId} ${m.messageId}`));
      return hit ? [{ family: hit[1], start: m.range[0], end: m.range[1] }] : [];
    });
  },
};

const tools: Tool[] = [siftTool, openRedactionTool, redactPiiTool, redactpiiNodeTool, secretlintTool];

// ---------------------------------------------------------------------------------------------------------------
// 0. End to end.
const ROOT = join(tmpdir(), 'sift-bench-detect');
console.log(`Writing the benchmark folders (${folderMb} MB each) under ${ROOT}…`);
const folders = writeBenchFolders(ROOT, { textMb: folderMb, csvMb: folderMb, jsonMb: folderMb });
const hasTime = existsSync('/usr/bin/time');
/** CPU seconds (user + sys) and wall seconds of a command, through /usr/bin/time; wall only without it. */
function timed(cmd: string, args: string[]): { cpu: number; wall: number; status: number | null } {
  const t0 = performance.now();
  const res = hasTime
    ? spawnSync('/usr/bin/time', ['-f', 'SIFT_TIME %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = (performance.now() - t0) / 1000;
  const m = /SIFT_TIME ([0-9.]+) ([0-9.]+)/.exec(res.stderr ?? '');
  return { cpu: m ? Number(m[1]) + Number(m[2]) : wall, wall, status: res.status };
}
const which = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const SSN_RE = '[0-9]{3}-[0-9]{2}-[0-9]{4}';
const inProcessScanner = compileScanner({ managedSelector: 'ALL' });
async function inProcess(dir: string): Promise<number> {
  const t0 = cpuNow();
  for (const f of readdirSync(dir).sort()) {
    const path = join(dir, f);
    await scanObject({ key: path, size: statSync(path).size, stream: createReadStream(path) }, inProcessScanner);
  }
  return cpuNow() - t0;
}
const e2eRows: Array<[string, string[]]> = [];
const mbps = (bytes: number, s: number): string => (bytes / MB / s).toFixed(1);
const siftBin = join(import.meta.dirname, '..', 'bin', 'sift.js');
const emptyFile = join(ROOT, 'empty.txt');
(await import('node:fs')).writeFileSync(emptyFile, '');
const start = timed(process.execPath, [siftBin, 'scan', '--json', emptyFile]);
for (const [label, sets] of [
  ['mixed text', [folders.textMixed]], ['clean text', [folders.textClean]], ['CSV', [folders.csv]], ['JSON / JSONL', [folders.json]],
  ['mixed folder (text+CSV+JSON)', [folders.textMixed, folders.csv, folders.json]],
] as const) {
  const dirs = sets.map((x) => x.dir);
  const bytes = sets.reduce((n, x) => n + x.bytes, 0);
  const sift = timed(process.execPath, [siftBin, 'scan', '--json', '--identifiers', 'ALL', ...dirs]);
  let inproc = 0;
  for (const d of dirs) inproc += await inProcess(d);
  const grep = timed('grep', ['-rcE', SSN_RE, ...dirs]);
  const rg = which('rg') ? timed('rg', ['-c', SSN_RE, ...dirs]) : undefined;
  e2eRows.push([`${label}, ${(bytes / MB).toFixed(0)} MB`, [
    `${mbps(bytes, sift.cpu)} (${sift.wall.toFixed(1)} s wall, exit ${sift.status})`, mbps(bytes, inproc), mbps(bytes, grep.cpu), rg ? mbps(bytes, rg.cpu) : 'not installed',
  ]]);
}
console.log(`\nEnd to end, all 166 identifiers, MB per CPU-second (user+sys, all threads)${hasTime ? '' : ' — /usr/bin/time missing: wall seconds'}:`);
console.log(`  ${'input'.padEnd(36)}${'sift scan --json'.padEnd(36)}${'scanObject in process'.padEnd(24)}${'grep -cE SSN'.padEnd(16)}rg -c SSN`);
for (const [label, cells] of e2eRows) console.log(`  ${label.padEnd(36)}${cells[0].padEnd(36)}${cells[1].padEnd(24)}${cells[2].padEnd(16)}${cells[3]}`);
console.log(`  sift scan of an empty file: ${start.wall.toFixed(2)} s wall, ${start.cpu.toFixed(2)} s CPU`);

// ---------------------------------------------------------------------------------------------------------------
console.log(`\nGenerating ${corpusMb} MB mixed + ${corpusMb} MB clean corpus (5 KB documents)…`);
// Flat strings, as decoded files are (the generator builds them by concatenation).
const flat = (d: LabeledDoc): LabeledDoc => ({ ...d, text: Buffer.from(d.text).toString() });
const mixed = [...generateCorpus({ totalChars: corpusMb * MB, docChars: 5000, seed: 1, sensitive: true })].map(flat);
const clean = [...generateCorpus({ totalChars: corpusMb * MB, docChars: 5000, seed: 2, sensitive: false })].map(flat);

function timeSift(docs: LabeledDoc[]): { mbps: number; detections: number } {
  for (const d of docs.slice(0, 4000)) sift.scan(d.text); // warm-up (JIT)
  const t0 = cpuNow();
  let detections = 0;
  for (const d of docs) detections += sift.scan(d.text).length;
  return { mbps: chars(docs) / MB / (cpuNow() - t0), detections };
}
const siftMixed = timeSift(mixed);
const siftClean = timeSift(clean);

async function timeTool(tool: Tool, docs: LabeledDoc[]): Promise<number> {
  for (const d of docs.slice(0, 5)) await tool.detect(d.text);
  const t0 = cpuNow();
  let done = 0;
  for (const d of docs) {
    await tool.detect(d.text);
    done += d.text.length;
    if (cpuNow() - t0 > toolSeconds) break;
  }
  return done / MB / (cpuNow() - t0);
}
const throughput = new Map<string, number>([['Sift', siftMixed.mbps]]);
for (const tool of tools.slice(1)) throughput.set(tool.name, await timeTool(tool, mixed));

// Quality on a separate labeled corpus.
const evalDocs = [...generateCorpus({ totalChars: evalMb * MB, docChars: 5000, seed: 7, sensitive: true })];
type Counts = { tp: number; fp: number; fn: number };
const quality = new Map<string, Map<string, Counts>>();
for (const tool of tools) {
  const perFamily = new Map<string, Counts>(tool.families.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]));
  for (const doc of evalDocs) {
    const found = (await tool.detect(doc.text)).filter((d) => perFamily.has(d.family));
    const used = new Set<number>();
    for (const label of doc.labels) {
      const family = familyOfLabel(label.type);
      const c = perFamily.get(family);
      if (!c) continue;
      const k = found.findIndex((d, i) => !used.has(i) && d.family === family && d.start < label.end && label.start < d.end);
      if (k >= 0) {
        used.add(k);
        c.tp++;
      } else c.fn++;
    }
    found.forEach((d, i) => {
      if (used.has(i)) return;
      // A second overlapping report of an already matched label is a duplicate, not a false positive.
      if (doc.labels.some((l) => familyOfLabel(l.type) === d.family && d.start < l.end && l.start < d.end)) return;
      perFamily.get(d.family)!.fp++;
    });
  }
  quality.set(tool.name, perFamily);
}

// ---------------------------------------------------------------------------------------------------------------
const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '—');
const cell = (c: Counts | undefined): string => {
  if (!c) return '—';
  const p = c.tp + c.fp === 0 ? NaN : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? NaN : c.tp / (c.tp + c.fn);
  const f = Number.isFinite(p) && Number.isFinite(r) && p + r > 0 ? (2 * p * r) / (p + r) : NaN;
  return `${fmt(p)}/${fmt(r)}/${fmt(f)}`;
};
const pad = (s: string, n: number): string => s.padEnd(n);

console.log(`\nSift in process, whole catalog (166 identifiers), 5 KB documents, MB per CPU-second (= per core), candidate pass ${(sift as unknown as { parts: { prefilter: { usesNative: boolean } } }).parts.prefilter.usesNative ? 'native' : 'JavaScript'}:`);
console.log(`  mixed corpus ${(chars(mixed) / MB).toFixed(0)} MB: ${siftMixed.mbps.toFixed(1)} MB/s, ${siftMixed.detections} detections`);
console.log(`  clean corpus ${(chars(clean) / MB).toFixed(0)} MB: ${siftClean.mbps.toFixed(1)} MB/s, ${siftClean.detections} detections (all false positives)`);
console.log(`\nThroughput on the mixed corpus (MB per CPU-second; other tools for ${toolSeconds} CPU-s each):`);
for (const [name, mbps] of throughput) console.log(`  ${pad(name, 16)} ${mbps.toFixed(2).padStart(9)}`);
console.log(`\nPrecision/recall/F1 per type on a ${evalMb} MB labeled corpus with hard negatives (— = type not supported):`);
const width = 40;
console.log(pad('type', width) + tools.map((t) => pad(t.name, 17)).join(''));
for (const family of FAMILIES) {
  const labels = evalDocs.reduce((n, d) => n + d.labels.filter((l) => familyOfLabel(l.type) === family).length, 0);
  console.log(pad(`${family} (${labels})`, width) + tools.map((t) => pad(cell(quality.get(t.name)!.get(family)), 17)).join(''));
}
// NAME and ADDRESS: names in prose, CSV columns and JSON fields, addresses of 7 countries (Sift only).
const people = evaluatePeople(sift, PEOPLE_SEED);
for (const [type, c] of people.byType) {
  console.log(pad(`${type} (${people.labels.get(type) ?? 0}, people corpus)`, width) + tools.map((t) => pad(t.name === 'Sift' ? cell(c) : '—', 17)).join(''));
}

// A comparison library leaves a timer or handle open; end explicitly once the figures are printed.
process.exit(0);

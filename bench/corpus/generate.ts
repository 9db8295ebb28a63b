/**
 * Deterministic generator of labeled corpora for the detection benchmark: realistic noise (prose, log lines, JSON
 * records) with planted sensitive values (labeled with the Macie ID and UTF-16 span) and hard negatives (look-alikes
 * that must not be reported: Luhn failures, invalid SSN areas, UUIDs, hashes, timestamps, versions, AWS example keys).
 * Checksummed values are built with independent arithmetic here, not with the engine's validators.
 */
import { seededRandom } from '../../src/common/seeded-random.js';

export interface Label { type: string; start: number; end: number }
export interface LabeledDoc { text: string; labels: Label[] }
export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export const createRng: (seed: number) => Rng = seededRandom;

const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(int(rng, 0, 9))).join('');
const chars = (rng: Rng, alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[int(rng, 0, alphabet.length - 1)]).join('');
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function cardNumber(rng: Rng): string {
  const kind = int(rng, 0, 3);
  if (kind === 0) return luhnComplete('4' + digits(rng, 14));
  if (kind === 1) return luhnComplete(String(int(rng, 51, 55)) + digits(rng, 13));
  if (kind === 2) return luhnComplete(pick(rng, ['34', '37']) + digits(rng, 12));
  return luhnComplete('6011' + digits(rng, 11));
}
const groupCard = (rng: Rng, n: string): string => {
  const sep = pick(rng, [' ', '-', '']);
  return n.length === 15 ? [n.slice(0, 4), n.slice(4, 10), n.slice(10)].join(sep) : n.replace(/(.{4})(?=.)/g, `$1${sep}`);
};

function ssn(rng: Rng): string {
  let area = int(rng, 1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(int(rng, 1, 99)).padStart(2, '0')}-${String(int(rng, 1, 9999)).padStart(4, '0')}`;
}

function mod97(s: string): number {
  let r = 0;
  for (const c of s) r = (r * (c >= 'A' ? 100 : 10) + (c >= 'A' ? c.charCodeAt(0) - 55 : Number(c))) % 97;
  return r;
}
const ibanCountries: Array<[string, number, string]> = [
  ['DE', 22, 'GERMANY_BANK_ACCOUNT_NUMBER'], ['GB', 22, 'UK_BANK_ACCOUNT_NUMBER'], ['FR', 27, 'FRANCE_BANK_ACCOUNT_NUMBER'],
  ['ES', 24, 'SPAIN_BANK_ACCOUNT_NUMBER'], ['NL', 18, 'NETHERLANDS_BANK_ACCOUNT_NUMBER'], ['IT', 27, 'ITALY_BANK_ACCOUNT_NUMBER'],
];
function iban(rng: Rng): [string, string] {
  const [cc, len, type] = pick(rng, ibanCountries);
  const bban = cc === 'GB' || cc === 'NL' ? chars(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4) + digits(rng, len - 8) : digits(rng, len - 4);
  const check = 98 - mod97(bban + cc + '00');
  const value = cc + String(check).padStart(2, '0') + bban;
  return [rng() < 0.5 ? value : value.replace(/(.{4})(?=.)/g, '$1 '), type];
}

function awsSecret(rng: Rng): string {
  for (;;) {
    const s = chars(rng, B64, 40);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && !s.endsWith('EXAMPLEKEY')) return s;
  }
}
const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

function nino(rng: Rng): string {
  const first = 'ABCEGHJKLMNOPRSTWXYZ';
  const second = 'ABCEGHJKLMNPRSTWXYZ';
  for (;;) {
    const p = pick(rng, first.split('')) + pick(rng, second.split(''));
    if (!['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(p)) return `${p}${digits(rng, 6)}${pick(rng, ['A', 'B', 'C', 'D'])}`;
  }
}
function sin(rng: Rng): string {
  return luhnComplete(String(int(rng, 1, 7)) + digits(rng, 7)).replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3');
}
function cpf(rng: Rng): string {
  const d = digits(rng, 9).split('').map(Number);
  const c = (ds: number[], w0: number): number => {
    const r = ds.reduce((s, x, i) => s + x * (w0 - i), 0) % 11;
    return r < 2 ? 0 : 11 - r;
  };
  d.push(c(d, 10));
  d.push(c(d, 11));
  const s = d.join('');
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
}
function nhs(rng: Rng): string {
  for (;;) {
    const d = digits(rng, 9);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
    const c = 11 - (sum % 11);
    if (c === 10) continue;
    return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}${c === 11 ? 0 : c}`;
  }
}

interface Plant { type: string; prefix: string; value: string; suffix?: string }
/** Generators of planted sensitive values, each with the context Macie needs (keyword or full header). */
export const plantGenerators: Array<(rng: Rng) => Plant> = [
  (r) => ({ type: 'CREDIT_CARD_NUMBER', prefix: pick(r, ['Visa: ', 'credit card number ', 'card: ', 'Mastercard ', 'payment card #']), value: groupCard(r, cardNumber(r)) }),
  (r) => ({ type: 'USA_SOCIAL_SECURITY_NUMBER', prefix: pick(r, ['SSN: ', 'social security number ', 'ssn=']), value: ssn(r) }),
  (r) => {
    const [value, type] = iban(r);
    return { type, prefix: pick(r, ['IBAN: ', 'pay to ', 'account ']), value };
  },
  (r) => ({ type: 'AWS_CREDENTIALS', prefix: pick(r, ['aws_secret_access_key = ', 'AWS_SECRET_ACCESS_KEY=', 'secret key: ']), value: awsSecret(r) }),
  (r) => ({ type: 'JSON_WEB_TOKEN', prefix: 'Bearer ', value: `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: digits(r, 8), iat: int(r, 1.6e9, 1.7e9) })}.${chars(r, ALNUM, 43)}` }),
  (r) => ({ type: 'PKCS', prefix: 'key:\n', value: `-----BEGIN RSA PRIVATE KEY-----\n${chars(r, B64, 64)}\n${chars(r, B64, 64)}\n-----END RSA PRIVATE KEY-----` }),
  (r) => ({ type: 'PHONE_NUMBER', prefix: 'call ', value: `+1 ${int(r, 201, 989)}-${int(r, 200, 999)}-${digits(r, 4)}` }),
  (r) => ({ type: 'UK_NATIONAL_INSURANCE_NUMBER', prefix: pick(r, ['NINO: ', 'national insurance number ']), value: nino(r) }),
  (r) => ({ type: 'CANADA_SOCIAL_INSURANCE_NUMBER', prefix: pick(r, ['SIN: ', 'social insurance number ']), value: sin(r) }),
  (r) => ({ type: 'BRAZIL_CPF_NUMBER', prefix: 'CPF: ', value: cpf(r) }),
  (r) => ({ type: 'UK_NHS_NUMBER', prefix: 'NHS number ', value: nhs(r) }),
  (r) => ({ type: 'STRIPE_CREDENTIALS', prefix: 'STRIPE_KEY=', value: `sk_live_${chars(r, ALNUM, 24)}` }),
  (r) => ({ type: 'HTTP_BASIC_AUTH_HEADER', prefix: '\n', value: `Authorization: Basic ${Buffer.from(`${chars(r, 'abcdefgh', 6)}:${chars(r, ALNUM, 10)}`).toString('base64')}`, suffix: '\n' }),
];

const uuid = (r: Rng): string => `${chars(r, HEX, 8)}-${chars(r, HEX, 4)}-4${chars(r, HEX, 3)}-a${chars(r, HEX, 3)}-${chars(r, HEX, 12)}`;
const isoTime = (r: Rng): string => `20${int(r, 10, 29)}-${String(int(r, 1, 12)).padStart(2, '0')}-${String(int(r, 1, 28)).padStart(2, '0')}T${String(int(r, 0, 23)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}.${digits(r, 3)}Z`;

/** Hard negatives: they look like sensitive data (often next to a keyword) but are not. */
export const hardNegativeGenerators: Array<(rng: Rng) => string> = [
  (r) => {
    const n = cardNumber(r);
    return `card ${n.slice(0, -1)}${(Number(n.slice(-1)) + 1) % 10}`; // Luhn failure
  },
  (r) => `SSN: ${pick(r, ['000', '666', String(int(r, 900, 999))])}-${String(int(r, 1, 99)).padStart(2, '0')}-${digits(r, 4)}`,
  (r) => `SSN: ${String(int(r, 1, 665)).padStart(3, '0')}-00-${digits(r, 4)}`,
  (r) => `request ${uuid(r)}`,
  (r) => `sha256 ${chars(r, HEX, 64)}`,
  (r) => `secret key sha1 ${chars(r, HEX, 40)}`,
  (r) => `at ${isoTime(r)}`,
  (r) => `version ${int(r, 0, 20)}.${int(r, 0, 99)}.${int(r, 0, 999)}`,
  () => 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  (r) => {
    const [value] = iban(r);
    const v = value.replace(/ /g, '');
    return `IBAN ${v.slice(0, 2)}${String((Number(v.slice(2, 4)) + 1) % 100).padStart(2, '0')}${v.slice(4)}`;
  },
  (r) => `order ${digits(r, 9)} shipped`,
  (r) => `ticket 9${digits(r, 15)} total`, // no issuer starts with 9
  () => 'visa: 4111 1111 1111 1111',
];

const words = (
  'the of and to in is was for on that with as by at from it his an were are which this be or has had not but first one ' +
  'their its new after who they have her she two been other when there all during into school time may years more most ' +
  'only over city some world would where later up such used many can state about national out known university united ' +
  'then made report service customer order shipment invoice payment account balance team project release update data ' +
  'system network storage bucket object analysis result quarter revenue meeting notes follow review draft summary'
).split(' ');

function sentence(r: Rng): string {
  const n = int(r, 6, 18);
  const ws = Array.from({ length: n }, () => pick(r, words));
  ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
  if (r() < 0.2) ws.splice(int(r, 1, n - 1), 0, String(int(r, 1, 2030)));
  return ws.join(' ') + pick(r, ['. ', '. ', '? ', '; ']);
}
function logLine(r: Rng): string {
  return `${isoTime(r)} ${pick(r, ['INFO', 'WARN', 'DEBUG', 'ERROR'])} [worker-${int(r, 1, 64)}] req=${uuid(r)} took ${int(r, 1, 5000)}ms status=${pick(r, [200, 201, 204, 400, 404, 500])} bytes=${int(r, 0, 99999)} ip=10.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 0, 255)} etag=${chars(r, HEX, 32)}\n`;
}
function jsonLine(r: Rng): string {
  return `{"id":"${chars(r, ALNUM, 12)}","amount":${int(r, 1, 99999)}.${digits(r, 2)},"ts":${int(r, 1.6e12, 1.8e12)},"region":"${pick(r, ['us-east-1', 'eu-west-1', 'ap-south-1'])}","ok":${r() < 0.5}}\n`;
}
const noise = (r: Rng): string => {
  const x = r();
  return x < 0.5 ? sentence(r) : x < 0.85 ? logLine(r) : jsonLine(r);
};

export interface DocumentOptions {
  targetChars: number;
  /** Planted sensitive values per 1,000 characters. */
  plantsPerKChar: number;
  /** Hard negatives per 1,000 characters. */
  hardNegativesPerKChar: number;
}

export function generateDocument(r: Rng, opts: DocumentOptions): LabeledDoc {
  let text = '';
  const labels: Label[] = [];
  const pPlant = opts.plantsPerKChar / 1000;
  const pNeg = opts.hardNegativesPerKChar / 1000;
  while (text.length < opts.targetChars) {
    const piece = noise(r);
    const len = piece.length;
    text += piece;
    if (r() < pPlant * len) {
      const p = pick(r, plantGenerators)(r);
      // Separate the plant from the surrounding noise so that keyword windows belong to the plant alone.
      text += '\n' + p.prefix;
      labels.push({ type: p.type, start: text.length, end: text.length + p.value.length });
      text += p.value + (p.suffix ?? '') + '\n';
    }
    if (r() < pNeg * len) text += '\n' + pick(r, hardNegativeGenerators)(r) + '\n';
  }
  return { text, labels };
}

export interface CorpusOptions { totalChars: number; docChars: number; seed: number; sensitive: boolean }

/** A corpus of documents of about `docChars` characters: with plants and hard negatives, or clean noise only. */
export function* generateCorpus(opts: CorpusOptions): Generator<LabeledDoc> {
  const r = createRng(opts.seed);
  let produced = 0;
  const docOpts: DocumentOptions = opts.sensitive
    ? { targetChars: opts.docChars, plantsPerKChar: 0.5, hardNegativesPerKChar: 0.5 }
    : { targetChars: opts.docChars, plantsPerKChar: 0, hardNegativesPerKChar: 0 };
  while (produced < opts.totalChars) {
    const doc = generateDocument(r, docOpts);
    produced += doc.text.length;
    yield doc;
  }
}

// Generated, realistic files for `sift demo`: HR and customer exports, application payloads and logs, a config file
// with credentials, a document, and a zip of some of them. Values are valid where validity matters (Luhn, SSN areas),
// so the detector finds what a real scan would; most rows are ordinary data that must not be reported.
import { zipSync, strToU8 } from 'fflate';
import { seededRandom } from '../common/seeded-random.js';

export interface DemoFile {
  bucket: string;
  key: string;
  body: Buffer;
  contentType: string;
}

type Rng = () => number;
const rngFrom: (seed: number) => Rng = seededRandom;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sofia', 'Lucas', 'Mia', 'Ethan', 'Chloe', 'Arjun', 'Hana', 'Omar'];
const LAST = ['Garcia', 'Smith', 'Nguyen', 'Patel', 'Kim', 'Johnson', 'Rossi', 'Müller', 'Dubois', 'Silva', 'Brown', 'Okafor'];
const CITIES = ['Springfield, IL 62704', 'Austin, TX 78701', 'Portland, OR 97205', 'Denver, CO 80202', 'Madison, WI 53703'];
const STREETS = ['Maple Ave', 'Oak Street', 'Pine Road', 'Cedar Lane', 'Elm Drive', 'Main Street'];

/** A card number with a real issuer prefix and a valid Luhn check digit. */
function cardNumber(r: Rng): string {
  const prefix = pick(r, ['4556', '4916', '5425', '5105', '3714', '6011']);
  const length = prefix.startsWith('37') ? 15 : 16;
  const body = prefix + digits(r, length - prefix.length - 1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + ((10 - (sum % 10)) % 10);
}

/** An SSN in a valid area (not 000, 666 or 9xx), group and serial. */
function ssn(r: Rng): string {
  let area = 1 + Math.floor(r() * 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(1 + Math.floor(r() * 99)).padStart(2, '0')}-${String(1 + Math.floor(r() * 9999)).padStart(4, '0')}`;
}

const name = (r: Rng) => `${pick(r, FIRST)} ${pick(r, LAST)}`;
const address = (r: Rng) => `${1 + Math.floor(r() * 9000)} ${pick(r, STREETS)}, ${pick(r, CITIES)}`;
const phone = (r: Rng) => `(${200 + Math.floor(r() * 700)}) 555-${digits(r, 4)}`;

export function demoFiles(buckets: { hr: string; app: string }, seed = 20261125): DemoFile[] {
  const r = rngFrom(seed);
  const files: DemoFile[] = [];
  const add = (bucket: string, key: string, text: string | Uint8Array, contentType: string) =>
    files.push({ bucket, key, body: Buffer.from(text), contentType });

  const employees = ['employee_id,full_name,ssn,date_of_birth,phone,home_address,salary'];
  for (let i = 0; i < 40; i++) {
    const dob = `19${60 + Math.floor(r() * 40)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    employees.push(`E${1000 + i},${name(r)},${ssn(r)},${dob},${phone(r)},"${address(r)}",${50000 + Math.floor(r() * 90000)}`);
  }
  add(buckets.hr, 'exports/employees-2026-10.csv', employees.join('\n') + '\n', 'text/csv');

  const payments = ['order_id,customer,credit_card_number,card_expiration,amount_usd'];
  for (let i = 0; i < 30; i++) payments.push(`SO-${90000 + i},${name(r)},${cardNumber(r)},${String(1 + Math.floor(r() * 12)).padStart(2, '0')}/${28 + Math.floor(r() * 4)},${(r() * 400).toFixed(2)}`);
  add(buckets.hr, 'finance/payments-q3.csv', payments.join('\n') + '\n', 'text/csv');

  const teams = ['team,headcount,budget_code,updated'];
  for (const t of ['platform', 'data', 'security', 'growth']) teams.push(`${t},${5 + Math.floor(r() * 20)},BC-${digits(r, 4)},2026-10-01`);
  add(buckets.hr, 'exports/teams.csv', teams.join('\n') + '\n', 'text/csv');

  const events = [];
  for (let i = 0; i < 25; i++) {
    const customer: Record<string, unknown> = { id: `cus_${digits(r, 8)}`, name: name(r), email: `user${i}@example.com`, plan: pick(r, ['free', 'pro', 'team']) };
    if (i % 5 === 0) customer.payment = { card_number: cardNumber(r), cvv: digits(r, 3) };
    events.push(JSON.stringify({ event: 'customer.updated', requestId: `${digits(r, 8)}-aaaa-4bbb-8ccc-${digits(r, 12)}`, customer }));
  }
  add(buckets.app, 'events/customers-2026-11-24.jsonl', events.join('\n') + '\n', 'application/x-ndjson');

  const log = [];
  for (let i = 0; i < 200; i++) {
    const t = new Date(Date.UTC(2026, 10, 24, 8, 0, i * 7)).toISOString();
    log.push(`${t} INFO  api request_id=${digits(r, 12)} path=/v1/orders status=200 latency_ms=${10 + Math.floor(r() * 90)} build=4.12.${i % 7}`);
    if (i === 117) log.push(`${t} ERROR api failed to charge card ${cardNumber(r)} for customer ${name(r)}: declined`);
  }
  add(buckets.app, 'logs/api-2026-11-24.log', log.join('\n') + '\n', 'text/plain');

  const config = [
    '# deployment settings (do not commit)',
    'region = us-east-1',
    'aws_access_key_id = AKIA' + 'QZ7RT4WX2MBN5KLP',
    'aws_secret_access_key = ' + 'r8Hq2LmV0sPz9Xk4Tn7Yw1Bc6Df3Gh5Jj8Ke2Np4',
    'db_password_hint = see vault',
  ];
  add(buckets.app, 'config/deploy.ini', config.join('\n') + '\n', 'text/plain');

  add(
    buckets.app,
    'docs/onboarding.md',
    ['# Welcome', '', 'Your badge is ready at reception. Payroll needs your Social Security number: SSN ' + ssn(r) + '.', 'Questions: hr@example.com'].join('\n'),
    'text/markdown',
  );

  const archive = zipSync({
    'backup/patients.csv': strToU8(['patient,ssn,phone', `${name(r)},${ssn(r)},${phone(r)}`, `${name(r)},${ssn(r)},${phone(r)}`].join('\n') + '\n'),
    'backup/readme.txt': strToU8('Nightly backup of the clinic export.\n'),
  });
  add(buckets.hr, 'archive/clinic-backup.zip', archive, 'application/zip');
  return files;
}

// A CloudTrail log file: where it goes in the bucket and what it holds. The key follows CloudTrail's layout
// `[prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz`
// with the delivery time; the 16 characters are derived from the trail, region and the last event sequence in the
// file rather than drawn at random, so a delivery redone after a crash writes the same object again instead of a
// second copy. The body is the records as stored, joined into `{"Records":[…]}`, gzipped. Pure.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY/MM/DD` of a UTC instant. */
export function datePath(d: Date): string {
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}`;
}

/** `YYYYMMDDTHHmmZ`. */
export function minuteStamp(d: Date): string {
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}Z`;
}

/** `YYYYMMDDTHHmmssZ` (the CLI's DATE_FORMAT). */
export function secondStamp(d: Date): string {
  return `${minuteStamp(d).slice(0, -1)}${two(d.getUTCSeconds())}Z`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 16 meaningless characters, the same for the same inputs. */
export function uniqueString(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  let out = '';
  for (let i = 0; i < 16; i++) out += ALPHABET[h[i]! % ALPHABET.length];
  return out;
}

export function withPrefix(prefix: string | undefined, key: string): string {
  return prefix ? `${prefix}/${key}` : key;
}

export function logFileKey(o: { prefix?: string; accountId: string; region: string; deliveredAt: Date; unique: string }): string {
  const { accountId, region, deliveredAt } = o;
  return withPrefix(o.prefix, `AWSLogs/${accountId}/CloudTrail/${region}/${datePath(deliveredAt)}/${accountId}_CloudTrail_${region}_${minuteStamp(deliveredAt)}_${o.unique}.json.gz`);
}

export interface LogFileBody {
  /** The uncompressed JSON (what a digest hashes). */
  json: Buffer;
  gzipped: Buffer;
  sha256: string;
}

/** `records` are the stored record JSON texts, in delivery order. */
export function logFileBody(records: readonly string[]): LogFileBody {
  const json = Buffer.from(`{"Records":[${records.join(',')}]}`, 'utf8');
  return { json, gzipped: gzipSync(json), sha256: createHash('sha256').update(json).digest('hex') };
}

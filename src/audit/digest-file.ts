// A CloudTrail digest file (reference/logs-and-trail-detail.md §F): the hashes of the log files a trail delivered in
// one region during [digestStartTime, digestEndTime], linked to the previous digest by its location, hash and
// signature, and signed SHA256withRSA over
//   digestEndTime \n digestS3Bucket/digestS3Object \n hex(sha256(uncompressed digest)) \n previousDigestSignature|"null"
// — exactly what `aws cloudtrail validate-logs` rebuilds and verifies. Pure: the signer comes in.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { isoSeconds } from './format.js';
import { datePath, secondStamp, withPrefix } from './log-file.js';

export const SIGNATURE_ALGORITHM = 'SHA256withRSA';

export interface DigestLogFile {
  bucket: string;
  key: string;
  sha256: string;
  oldestEventTime: number;
  newestEventTime: number;
}

export interface PreviousDigest {
  bucket: string;
  key: string;
  sha256: string;
  signature: string;
}

export interface DigestInput {
  accountId: string;
  trailName: string;
  homeRegion: string;
  /** The region whose log files it lists. */
  region: string;
  bucket: string;
  prefix?: string;
  startMs: number;
  endMs: number;
  fingerprint: string;
  previous?: PreviousDigest;
  logFiles: DigestLogFile[];
}

export interface SignedDigest {
  key: string;
  gzipped: Buffer;
  sha256: string;
  signature: string;
}

export function digestKey(o: { prefix?: string; accountId: string; region: string; trailName: string; homeRegion: string; end: Date }): string {
  return withPrefix(
    o.prefix,
    `AWSLogs/${o.accountId}/CloudTrail-Digest/${o.region}/${datePath(o.end)}/${o.accountId}_CloudTrail-Digest_${o.region}_${o.trailName}_${o.homeRegion}_${secondStamp(o.end)}.json.gz`,
  );
}

/** The string the signature covers. */
export function stringToSign(endTime: string, bucket: string, key: string, digestSha256: string, previousSignature: string | null): string {
  return `${endTime}\n${bucket}/${key}\n${digestSha256}\n${previousSignature ?? 'null'}`;
}

const iso = (ms: number) => isoSeconds(new Date(ms));

export function buildDigest(input: DigestInput, sign: (data: Buffer) => string): SignedDigest {
  const end = new Date(Math.floor(input.endMs / 1000) * 1000);
  const key = digestKey({ prefix: input.prefix, accountId: input.accountId, region: input.region, trailName: input.trailName, homeRegion: input.homeRegion, end });
  const files = input.logFiles;
  const newest = files.length ? Math.max(...files.map((f) => f.newestEventTime)) : undefined;
  const oldest = files.length ? Math.min(...files.map((f) => f.oldestEventTime)) : undefined;
  const p = input.previous;
  const body = {
    awsAccountId: input.accountId,
    digestStartTime: iso(input.startMs),
    digestEndTime: iso(end.getTime()),
    digestS3Bucket: input.bucket,
    digestS3Object: key,
    digestPublicKeyFingerprint: input.fingerprint,
    digestSignatureAlgorithm: SIGNATURE_ALGORITHM,
    newestEventTime: newest === undefined ? null : iso(newest),
    oldestEventTime: oldest === undefined ? null : iso(oldest),
    previousDigestS3Bucket: p?.bucket ?? null,
    previousDigestS3Object: p?.key ?? null,
    previousDigestHashValue: p?.sha256 ?? null,
    previousDigestHashAlgorithm: p ? 'SHA-256' : null,
    previousDigestSignature: p?.signature ?? null,
    logFiles: files.map((f) => ({
      s3Bucket: f.bucket,
      s3Object: f.key,
      hashValue: f.sha256,
      hashAlgorithm: 'SHA-256',
      newestEventTime: iso(f.newestEventTime),
      oldestEventTime: iso(f.oldestEventTime),
    })),
  };
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  const sha256 = createHash('sha256').update(json).digest('hex');
  const signature = sign(Buffer.from(stringToSign(body.digestEndTime, input.bucket, key, sha256, p?.signature ?? null), 'utf8'));
  return { key, gzipped: gzipSync(json), sha256, signature };
}

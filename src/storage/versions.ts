// S3 versioning over two tables: s3_objects holds each key's latest version when it is an object (so listings,
// scans and reads of the latest stay one indexed lookup), s3_object_versions holds every other version: older
// objects and delete markers. Every function here runs inside the caller's transaction and returns the files that
// may be removed once it commits. The rules are S3's (https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html):
//   - Enabled: every write gets a new version id and the previous latest becomes noncurrent; a delete without a
//     version id adds a delete marker;
//   - Suspended: writes and delete markers get the null version id, replacing any earlier null version;
//   - a delete by version id removes that version for good; when it was the latest, the next newest takes its place.
import type { Kysely, Transaction } from 'kysely';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../common/index.js';
import type { Database } from '../store/index.js';
import type { Segment } from './files.js';
import { s3Errors } from './s3-errors.js';

type Db = Kysely<Database> | Transaction<Database>;
export type ObjectRow = Database['s3_objects'];
export type VersionRow = Database['s3_object_versions'];
export type VersioningState = 'Enabled' | 'Suspended' | null;

export const NULL_VERSION = 'null';
const LAST_CHAR = '\u{10FFFF}';
const VERSION_ID = /^[A-Za-z0-9._-]{32}$/;

/**
 * A new version id: 32 URL-safe characters, as S3's are, never starting with `-` or `_` (a leading `-` reads as an
 * option to the aws CLI: `--version-id -abc…` fails with a usage error).
 */
export function newVersionId(): string {
  for (;;) {
    const id = randomBytes(24).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

/** Whether a version id could name a version here ("null" or one of ours); anything else is S3's InvalidArgument. */
export function checkVersionId(versionId: string, argument = 'versionId'): void {
  if (versionId !== NULL_VERSION && !VERSION_ID.test(versionId)) throw s3Errors.invalidArgument('Invalid version id specified', argument, versionId);
}

/** Sequence numbers that order a key's versions: the clock's milliseconds with room for 1024 writes in each. */
export class VersionSequence {
  private last = 0;
  constructor(private readonly clock: Clock) {}
  next(): number {
    this.last = Math.max(this.last + 1, this.clock.nowMs() * 1024);
    return this.last;
  }
}

export const filesOf = (segments: string | null | undefined): string[] => (segments ? (JSON.parse(segments) as Segment[]).map((s) => s.f) : []);

function asVersionRow(row: ObjectRow, isLatest = 0): VersionRow {
  const { version_id, seq, ...rest } = row;
  return { ...rest, version_id: version_id ?? NULL_VERSION, seq: Number(seq ?? 0), is_delete_marker: 0, is_latest: isLatest };
}

export function asObjectRow(row: VersionRow): ObjectRow {
  const { version_id, seq, is_delete_marker: _m, is_latest: _l, ...rest } = row;
  return { ...rest, version_id: version_id === NULL_VERSION ? null : version_id, seq: Number(seq) };
}

async function currentRow(tx: Db, bucket: string, key: string) {
  return tx.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();
}

/**
 * Makes the current object (if any) noncurrent, or drops it when a suspended bucket's write replaces its null
 * version; drops an older null version too in that case. Returns the files of what was dropped.
 */
async function retireLatest(tx: Db, bucket: string, key: string, state: 'Enabled' | 'Suspended'): Promise<string[]> {
  const files: string[] = [];
  const prev = await currentRow(tx, bucket, key);
  if (prev) {
    await tx.deleteFrom('s3_objects').where('bucket', '=', bucket).where('key', '=', key).execute();
    if (state === 'Suspended' && prev.version_id === null) files.push(...filesOf(prev.segments));
    else await tx.insertInto('s3_object_versions').values(asVersionRow(prev)).execute();
  }
  if (state === 'Suspended') {
    const oldNull = await tx.selectFrom('s3_object_versions').select('segments').where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', NULL_VERSION).executeTakeFirst();
    if (oldNull) {
      await tx.deleteFrom('s3_object_versions').where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', NULL_VERSION).execute();
      files.push(...filesOf(oldNull.segments));
    }
  }
  await tx.updateTable('s3_object_versions').set({ is_latest: 0 }).where('bucket', '=', bucket).where('key', '=', key).where('is_latest', '=', 1).execute();
  return files;
}

/** Writes `row` as the key's latest version under the bucket's versioning state; returns files to remove. */
export async function commitObject(tx: Db, row: ObjectRow, state: VersioningState): Promise<string[]> {
  if (state === null) {
    const prev = await currentRow(tx, row.bucket, row.key);
    if (prev) await tx.deleteFrom('s3_objects').where('bucket', '=', row.bucket).where('key', '=', row.key).execute();
    await tx.insertInto('s3_objects').values(row).execute();
    return filesOf(prev?.segments);
  }
  const files = await retireLatest(tx, row.bucket, row.key, state);
  await tx.insertInto('s3_objects').values(row).execute();
  return files;
}

/**
 * Writes a replica (its version id given by the source) into a versioned bucket: the key's latest version unless the
 * key already has a newer one (replicas may arrive out of order), then a noncurrent version.
 */
export async function commitReplica(tx: Db, row: ObjectRow): Promise<string[]> {
  const current = await currentRow(tx, row.bucket, row.key);
  const marker = await tx.selectFrom('s3_object_versions').select('last_modified').where('bucket', '=', row.bucket).where('key', '=', row.key).where('is_latest', '=', 1).executeTakeFirst();
  const newest = Math.max(Number(current?.last_modified ?? -1), Number(marker?.last_modified ?? -1));
  if (newest > Number(row.last_modified)) {
    await tx.insertInto('s3_object_versions').values(asVersionRow(row)).execute();
    return [];
  }
  return commitObject(tx, row, 'Enabled');
}

/** The version fields a write gets in a bucket with this versioning state. */
export function versionFor(state: VersioningState, seq: VersionSequence): { version_id: string | null; seq: number } {
  return { version_id: state === 'Enabled' ? newVersionId() : null, seq: seq.next() };
}

/** A delete without a version id in a versioned bucket: adds a delete marker and returns its version id. */
export async function addDeleteMarker(tx: Db, bucket: string, key: string, state: 'Enabled' | 'Suspended', seq: number, nowMs: number, givenVersionId?: string): Promise<{ versionId: string; files: string[] }> {
  const files = await retireLatest(tx, bucket, key, state);
  const versionId = givenVersionId ?? (state === 'Enabled' ? newVersionId() : NULL_VERSION);
  await tx
    .insertInto('s3_object_versions')
    .values({
      bucket, key, version_id: versionId, seq, is_delete_marker: 1, is_latest: 1, size: 0, etag: '', last_modified: nowMs, storage_class: 'STANDARD', headers: '{}',
      tags: null, encryption: null, acl: 'private', segments: '[]', parts_count: null, checksums: null, lock_mode: null, lock_until: null, legal_hold: null, restore_ready_at: null, restore_expires_at: null,
      replication_status: null,
    })
    .execute();
  return { versionId, files };
}

export interface FoundVersion {
  row: ObjectRow;
  isDeleteMarker: boolean;
  isLatest: boolean;
  /** 'current' in s3_objects, 'noncurrent' in s3_object_versions. */
  table: 's3_objects' | 's3_object_versions';
}

/** One version of a key by its id ("null" for the null version), or undefined. */
export async function findVersion(tx: Db, bucket: string, key: string, versionId: string): Promise<FoundVersion | undefined> {
  let q = tx.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key);
  q = versionId === NULL_VERSION ? q.where('version_id', 'is', null) : q.where('version_id', '=', versionId);
  const cur = await q.executeTakeFirst();
  if (cur) return { row: cur, isDeleteMarker: false, isLatest: true, table: 's3_objects' };
  const old = await tx.selectFrom('s3_object_versions').selectAll().where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', versionId).executeTakeFirst();
  return old ? { row: asObjectRow(old), isDeleteMarker: old.is_delete_marker === 1, isLatest: old.is_latest === 1, table: 's3_object_versions' } : undefined;
}

/** The delete marker that is the key's latest version, if it is one. */
export async function latestDeleteMarker(tx: Db, bucket: string, key: string): Promise<string | undefined> {
  const row = await tx.selectFrom('s3_object_versions').select('version_id').where('bucket', '=', bucket).where('key', '=', key).where('is_latest', '=', 1).executeTakeFirst();
  return row?.version_id;
}

/**
 * Removes one version for good (after `allowed` approves it, for Object Lock). When it was the latest, the next
 * newest version becomes the latest: an object moves back to s3_objects, a delete marker is flagged latest.
 */
export async function deleteVersion(tx: Db, bucket: string, key: string, versionId: string, allowed: (found: FoundVersion) => void): Promise<{ found?: FoundVersion; files: string[] }> {
  const found = await findVersion(tx, bucket, key, versionId);
  if (!found) return { files: [] };
  allowed(found);
  if (found.table === 's3_objects') await tx.deleteFrom('s3_objects').where('bucket', '=', bucket).where('key', '=', key).execute();
  else await tx.deleteFrom('s3_object_versions').where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', versionId).execute();
  if (found.isLatest) await promoteNewest(tx, bucket, key);
  return { found, files: filesOf(found.row.segments) };
}

async function promoteNewest(tx: Db, bucket: string, key: string): Promise<void> {
  const next = await tx.selectFrom('s3_object_versions').selectAll().where('bucket', '=', bucket).where('key', '=', key).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (!next) return;
  if (next.is_delete_marker) {
    await tx.updateTable('s3_object_versions').set({ is_latest: 1 }).where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', next.version_id).execute();
    return;
  }
  await tx.deleteFrom('s3_object_versions').where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', next.version_id).execute();
  await tx.insertInto('s3_objects').values(asObjectRow(next)).execute();
}

/** Updates columns of one version (tags, retention, legal hold, restore, storage class, replication status) wherever it lives. */
export async function updateVersion(tx: Db, found: FoundVersion, set: Partial<Pick<ObjectRow, 'tags' | 'lock_mode' | 'lock_until' | 'legal_hold' | 'restore_ready_at' | 'restore_expires_at' | 'storage_class' | 'replication_status'>>): Promise<void> {
  const { bucket, key } = found.row;
  if (found.table === 's3_objects') await tx.updateTable('s3_objects').set(set).where('bucket', '=', bucket).where('key', '=', key).execute();
  else await tx.updateTable('s3_object_versions').set(set).where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', found.row.version_id ?? NULL_VERSION).execute();
}

/** Every file any version of any key in the bucket refers to (for the orphan sweep). */
export async function versionFiles(tx: Db): Promise<string[]> {
  const rows = await tx.selectFrom('s3_object_versions').select('segments').where('is_delete_marker', '=', 0).execute();
  return rows.flatMap((r) => filesOf(r.segments));
}

export async function hasAnyVersion(tx: Db, bucket: string): Promise<boolean> {
  return !!(await tx.selectFrom('s3_object_versions').select('key').where('bucket', '=', bucket).limit(1).executeTakeFirst());
}

// ---- ListObjectVersions ----

export interface ListVersionsOptions {
  prefix?: string;
  delimiter?: string;
  keyMarker?: string;
  versionIdMarker?: string;
  /** 1–1000 (default 1000). */
  maxKeys?: number;
}

export interface ListedVersion {
  row: ObjectRow;
  versionId: string;
  isLatest: boolean;
  isDeleteMarker: boolean;
}

export interface VersionPage {
  /** Versions and delete markers in S3's order: key ascending, newest first within a key. */
  entries: ListedVersion[];
  commonPrefixes: string[];
  truncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

interface Cursor {
  key: string;
  /** Versions of `key` older than this seq follow; undefined: only keys after `key`. */
  seqBelow?: number;
  inclusive: boolean;
}

const LISTED = ['bucket', 'key', 'size', 'etag', 'last_modified', 'storage_class', 'headers', 'tags', 'encryption', 'acl', 'segments', 'parts_count', 'checksums', 'lock_mode', 'lock_until', 'legal_hold', 'restore_ready_at', 'restore_expires_at'] as const;

/** One batch of versions after the cursor: both tables, each read in index order, merged. */
async function batch(db: Db, bucket: string, prefix: string, c: Cursor, limit: number): Promise<ListedVersion[]> {
  const end = prefix ? prefix + LAST_CHAR : undefined;
  let cq = db.selectFrom('s3_objects').select([...LISTED, 'version_id', 'seq']).where('bucket', '=', bucket);
  cq = c.inclusive || c.seqBelow !== undefined ? cq.where('key', '>=', c.key) : cq.where('key', '>', c.key);
  if (end) cq = cq.where('key', '<', end);
  const current = await cq.orderBy('key').limit(limit).execute();
  const versions = () => db.selectFrom('s3_object_versions').select([...LISTED, 'version_id', 'seq', 'is_delete_marker', 'is_latest']).where('bucket', '=', bucket);
  // Two range scans rather than one OR, so that each uses the (bucket, key, seq) index: the rest of the cursor's key,
  // then the keys after it.
  const rest = c.seqBelow !== undefined ? await versions().where('key', '=', c.key).where('seq', '<', c.seqBelow).orderBy('seq', 'desc').limit(limit).execute() : [];
  let vq = c.inclusive ? versions().where('key', '>=', c.key) : versions().where('key', '>', c.key);
  if (end) vq = vq.where('key', '<', end);
  const older = rest.length >= limit ? rest : [...rest, ...(await vq.orderBy('key').orderBy('seq', 'desc').limit(limit - rest.length).execute())];
  const after = (key: string, seq: number) => c.seqBelow === undefined || key > c.key || seq < c.seqBelow;
  const a: ListedVersion[] = current
    .filter((r) => after(r.key, Number(r.seq ?? 0)))
    .map((r) => ({ row: r as ObjectRow, versionId: r.version_id ?? NULL_VERSION, isLatest: true, isDeleteMarker: false }));
  const b: ListedVersion[] = older
    .filter((r) => after(r.key, Number(r.seq)))
    .map((r) => ({ row: asObjectRow(r as VersionRow), versionId: r.version_id, isLatest: r.is_latest === 1, isDeleteMarker: r.is_delete_marker === 1 }));
  // Each source is complete up to its last key only when it filled its limit; merge no further than that.
  const horizon = (rows: { key: string }[], full: boolean) => (full ? rows[rows.length - 1]!.key : undefined);
  const ha = horizon(current, current.length >= limit);
  const hb = horizon(older, older.length >= limit);
  const merged = [...a, ...b].sort((x, y) => (x.row.key < y.row.key ? -1 : x.row.key > y.row.key ? 1 : Number(y.row.seq ?? 0) - Number(x.row.seq ?? 0)));
  const limitKey = ha !== undefined && hb !== undefined ? (ha < hb ? ha : hb) : (ha ?? hb);
  // Rows of the horizon key itself may be incomplete in the source that hit its limit: stop before it unless it is all we have.
  const safe = limitKey === undefined ? merged : merged.filter((r) => r.row.key < limitKey);
  return safe.length ? safe : merged.filter((r) => r.row.key === merged[0]?.row.key);
}

/** One page of ListObjectVersions. */
export async function listVersions(db: Db, bucket: string, options: ListVersionsOptions): Promise<VersionPage> {
  const prefix = options.prefix ?? '';
  const delimiter = options.delimiter || undefined;
  const maxKeys = Math.max(0, Math.min(options.maxKeys ?? 1000, 1000));
  if (options.versionIdMarker !== undefined && !options.keyMarker) throw s3Errors.invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', options.versionIdMarker);
  let cursor: Cursor = { key: '', inclusive: true };
  if (options.keyMarker) {
    cursor = { key: options.keyMarker, inclusive: false };
    // A common prefix given back as the key marker skips every key it rolled up.
    if (delimiter && options.keyMarker.startsWith(prefix) && options.keyMarker.endsWith(delimiter) && options.versionIdMarker === undefined) cursor.key = options.keyMarker + LAST_CHAR;
    if (options.versionIdMarker !== undefined && options.versionIdMarker !== '') {
      checkVersionId(options.versionIdMarker, 'version-id-marker');
      const marker = await findVersion(db, bucket, options.keyMarker, options.versionIdMarker);
      if (!marker) throw s3Errors.invalidArgument('Invalid version id specified', 'version-id-marker', options.versionIdMarker);
      cursor.seqBelow = Number(marker.row.seq ?? 0);
    }
  }
  if (cursor.key < prefix) cursor = { key: prefix, inclusive: true };
  const entries: ListedVersion[] = [];
  const commonPrefixes: string[] = [];
  let lastEntry: ListedVersion | undefined;
  let lastPrefix: string | undefined;
  if (maxKeys === 0) return { entries, commonPrefixes, truncated: false };
  const batchSize = Math.min(maxKeys + 1, 1001);
  outer: for (;;) {
    const rows = await batch(db, bucket, prefix, cursor, batchSize);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (!r.row.key.startsWith(prefix)) continue;
      const cp = delimiter ? rollUp(r.row.key, prefix, delimiter) : undefined;
      if (entries.length + commonPrefixes.length === maxKeys) {
        return { entries, commonPrefixes, truncated: true, ...(lastPrefix !== undefined ? { nextKeyMarker: lastPrefix } : { nextKeyMarker: lastEntry!.row.key, nextVersionIdMarker: lastEntry!.versionId }) };
      }
      if (cp !== undefined) {
        commonPrefixes.push(cp);
        lastPrefix = cp;
        lastEntry = undefined;
        cursor = { key: cp + LAST_CHAR, inclusive: false };
        continue outer;
      }
      entries.push(r);
      lastEntry = r;
      lastPrefix = undefined;
      cursor = { key: r.row.key, seqBelow: Number(r.row.seq ?? 0), inclusive: false };
    }
  }
  return { entries, commonPrefixes, truncated: false };
}

function rollUp(key: string, prefix: string, delimiter: string): string | undefined {
  const at = key.indexOf(delimiter, prefix.length);
  return at >= 0 ? key.slice(0, at + delimiter.length) : undefined;
}

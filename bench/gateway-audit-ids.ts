// What an audit record's event id costs SQLite: batches of 14 GetMacieSession-sized records (the gateway's group
// commit under 32 calls in flight) into audit_events as migration 0001 made it (WAL, synchronous NORMAL, the unique
// event_id index), random (version 4) ids against time-ordered ones (src/audit/event-id.ts), after 28,000 rows.
// CPU per record (user, system) and pwrite64 calls per batch (run under `strace -c -f` to see them).
//   npx tsx bench/gateway-audit-ids.ts random|ordered [batches]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { timeOrderedEventId } from '../src/audit/event-id.js';

const mode = process.argv[2] === 'random' ? 'random' : 'ordered';
const batches = Number(process.argv[3] ?? 3000);
const PER_BATCH = 14;
const dir = mkdtempSync(join(tmpdir(), 'sift-audit-ids-'));
const db = new Database(join(dir, 'db.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`create table audit_events (seq integer primary key autoincrement, event_id varchar(64) not null unique, account_id varchar(12) not null,
  region varchar(32) not null, event_time bigint not null, event_name varchar(128) not null, event_source varchar(128) not null,
  read_only integer not null, username varchar(256), access_key_id varchar(128), management integer not null, record text not null);
  create index audit_events_lookup on audit_events (account_id, region, event_time);`);
const insert = db.prepare(
  `insert or fail into audit_events (event_id, account_id, region, event_time, event_name, event_source, read_only, username, access_key_id, management, record) values ${Array(PER_BATCH).fill('(?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
);
const record = JSON.stringify({ eventVersion: '1.08', padding: 'x'.repeat(1000) });
let ms = Date.now();
const id = () => (mode === 'random' ? randomUUID() : timeOrderedEventId(ms, randomUUID()));
const batch = db.transaction(() => {
  const params: unknown[] = [];
  for (let i = 0; i < PER_BATCH; i++) {
    ms += 1;
    params.push(id(), '123456789012', 'us-east-1', ms, 'GetMacieSession', 'macie2.amazonaws.com', 1, null, 'AKIABENCHMARKKEY0001', 1, record);
  }
  insert.run(params);
});
for (let b = 0; b < 2000; b++) batch();
const before = process.cpuUsage();
for (let b = 0; b < batches; b++) batch();
const cpu = process.cpuUsage(before);
console.log(`${mode} ids: per record ${(cpu.user / batches / PER_BATCH).toFixed(1)} µs user, ${(cpu.system / batches / PER_BATCH).toFixed(1)} µs system`);
db.close();
rmSync(dir, { recursive: true, force: true });

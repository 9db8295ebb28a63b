// What the gateway's audit write costs SQLite per record, in process: batches of GetMacieSession records (the
// gateway's group commit) through a tree's own insertEvents into a fresh store (WAL, its pragmas, its migrations),
// after a warm-up. CPU per record (user, system) and WAL frames (pages written) per batch. Alternate two trees for A/B:
// SIFT_BENCH_CHECKPOINTS=1 keeps the store's own WAL checkpoints on (their cost lands on the batch that triggers one)
// and reports no frame count.
// SIFT_BENCH_CALLGRIND=1 runs each tree under callgrind, instrumentation on for the timed loop only: instructions
// per record, load-independent (system time is not in it: see the frames).
//   npx tsx bench/audit-write.ts <tree> [perBatch=6] [batches=4000]
//   SIFT_BENCH_CALLGRIND=1 npx tsx bench/audit-write.ts <treeA> <treeB> [perBatch=6] [batches=1000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';

if (process.env.SIFT_BENCH_CALLGRIND === '1') await underCallgrind();
const tree = resolve(process.argv[2] ?? '.');
const perBatch = Number(process.argv[3] ?? 6);
const batches = Number(process.argv[4] ?? 4000);
const { openStore } = await import(join(tree, 'src/store/index.ts'));
const { insertEvents } = await import(join(tree, 'src/audit/event-history.ts'));
const { timeOrderedEventId } = await import(join(tree, 'src/audit/event-id.ts'));

const dir = mkdtempSync(join(tmpdir(), 'sift-audit-write-'));
const store = await openStore(join(dir, 'sift.db'));
let ms = Date.UTC(2026, 11, 7);
// A GetMacieSession record as the gateway stores it (root, SDK call, 635 bytes of JSON).
function event() {
  ms += 7;
  const eventId = timeOrderedEventId(ms, crypto.randomUUID());
  const time = Math.floor(ms / 1000) * 1000;
  return {
    eventId, accountId: '123456789012', region: 'us-east-1', eventTime: time, eventName: 'GetMacieSession', eventSource: 'macie2.amazonaws.com',
    readOnly: true, username: 'root', accessKeyId: 'AKIABENCHMARKKEY0001', management: true, resources: [],
    record: {
      eventVersion: '1.08',
      userIdentity: { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', accessKeyId: 'AKIABENCHMARKKEY0001' },
      eventTime: new Date(time).toISOString().replace('.000Z', 'Z'), eventSource: 'macie2.amazonaws.com', eventName: 'GetMacieSession', awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1', userAgent: '', requestParameters: null, responseElements: null, requestID: crypto.randomUUID(), eventID: eventId,
      readOnly: true, eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: '123456789012', eventCategory: 'Management',
    },
  };
}
const batch = () => Array.from({ length: perBatch }, event);
const walFrames = async () => Number((await sql<{ log: number }>`pragma wal_checkpoint(PASSIVE)`.execute(store.db)).rows[0]!.log);
for (let i = 0; i < 2000; i++) await insertEvents(store.db, batch(), 'sqlite');
const inputs = Array.from({ length: batches }, batch);
const checkpoints = !!process.env.SIFT_BENCH_CHECKPOINTS;
if (!checkpoints) await sql`pragma wal_autocheckpoint = 0`.execute(store.db);
await walFrames();
await handshake('READY'); // under callgrind: instrumentation goes on
const before = process.cpuUsage();
const t0 = performance.now();
for (const b of inputs) await insertEvents(store.db, b, 'sqlite');
const cpu = process.cpuUsage(before);
const wall = performance.now() - t0;
await handshake('DONE'); // and off again
const frames = checkpoints ? NaN : await walFrames();
const n = batches * perBatch;
console.log(`${tree}: ${perBatch}/batch: per record ${(cpu.user / n).toFixed(2)} µs user, ${(cpu.system / n).toFixed(2)} µs system, ${((wall * 1000) / n).toFixed(2)} µs wall; WAL frames per batch ${(frames / batches).toFixed(2)}`);
await store.close();
rmSync(dir, { recursive: true, force: true });

/** Under callgrind (the child of underCallgrind): tells the parent where it is and waits for its go-ahead. */
async function handshake(mark: string): Promise<void> {
  if (process.env.SIFT_BENCH_CALLGRIND !== 'child') return;
  process.stdout.write(`${mark}\n`);
  // callgrind takes commands only while the program runs: a timer keeps it stepping while stdin is awaited.
  const tick = setInterval(() => undefined, 5);
  await new Promise((r) => process.stdin.once('data', r));
  clearInterval(tick);
}

async function underCallgrind(): Promise<never> {
  const { spawn, execFileSync } = await import('node:child_process');
  const { cpSync, readFileSync, readdirSync } = await import('node:fs');
  const [a, b, perBatchArg = '6', batchesArg = '1000'] = process.argv.slice(2);
  for (const t of [a!, b!]) {
    const out = mkdtempSync(join(tmpdir(), 'sift-audit-write-cg-'));
    const child = spawn('valgrind', ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${join(out, 'cg.%p')}`, process.execPath, '--import', 'tsx', import.meta.filename, t, perBatchArg, batchesArg], {
      env: { ...process.env, SIFT_BENCH_CALLGRIND: 'child' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let text = '';
    const seen = (mark: string) => new Promise<void>((r) => { const on = () => { if (text.includes(mark)) { child.stdout!.off('data', on); r(); } }; child.stdout!.on('data', (d) => { text += d; on(); }); on(); });
    await seen('READY');
    execFileSync('callgrind_control', ['--instr=on', String(child.pid)], { stdio: 'ignore' });
    child.stdin!.write('go\n');
    await seen('DONE');
    execFileSync('callgrind_control', ['--dump', String(child.pid)], { stdio: 'ignore' });
    execFileSync('callgrind_control', ['--instr=off', String(child.pid)], { stdio: 'ignore' });
    child.stdin!.end('go\n');
    await new Promise((r) => child.once('exit', r));
    let instructions = 0;
    for (const f of readdirSync(out)) instructions += Number(/^totals:\s+(\d+)/m.exec(readFileSync(join(out, f), 'utf8'))?.[1] ?? 0);
    // SIFT_BENCH_KEEP=<dir>: the callgrind files are kept there (per tree) for callgrind_annotate.
    if (process.env.SIFT_BENCH_KEEP) cpSync(out, join(process.env.SIFT_BENCH_KEEP, t.replaceAll('/', '_')), { recursive: true });
    rmSync(out, { recursive: true, force: true });
    console.log(`${t}: ${(instructions / Number(batchesArg) / Number(perBatchArg) / 1000).toFixed(1)}k instructions per record (${perBatchArg}/batch, ${batchesArg} batches); ${text.split('\n').find((l) => l.includes('per record')) ?? ''}`);
  }
  process.exit(0);
}

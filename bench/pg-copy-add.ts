// CopyChunkReader.add over 8,000 synthetic binary COPY rows of ~110-byte messages, <reps> times, for instruction counts
// (two rep counts subtracted):
//   ROOT=<checkout> valgrind --tool=cachegrind --cache-sim=no node --import tsx bench/pg-copy-add.ts <reps>
const root = process.env.ROOT ?? '..';
const reps = Number(process.argv[2] ?? 5);
const { CopyChunkReader } = (await import(`${root}/src/services/logs/table-store/packed.ts`)) as typeof import('../src/services/logs/table-store/packed.js');
const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const rows: Buffer[] = [];
for (let i = 0; i < 8000; i++) {
  const msg = Buffer.from(`{"time":"2026-01-01T00:00:00.000Z","level":"INFO","job":"job-${i % 13}","key":"data/part-${i}.csv","latency":${i % 1000}}`);
  const b = Buffer.alloc(2 + 60 + msg.length);
  let o = 0;
  b.writeInt16BE(6, o); o += 2;
  for (const v of [i, 1, 1000 + i, 5]) { b.writeInt32BE(8, o); b.writeBigInt64BE(BigInt(v), o + 4); o += 12; }
  b.writeInt32BE(4, o); b.writeInt32BE(msg.length + 26, o + 4); o += 8;
  b.writeInt32BE(msg.length, o); o += 4;
  msg.copy(b, o);
  rows.push(b);
}
const trailer = Buffer.from([0xff, 0xff]);
let sink = 0;
for (let r = 0; r < reps; r++) {
  const reader = new CopyChunkReader(8000);
  reader.add(header);
  for (const row of rows) reader.add(row);
  reader.add(trailer);
  sink += reader.finish(true).n;
}
console.log(sink);

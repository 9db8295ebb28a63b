import { backendsCpu, backendsCpuSince } from './pg-cpu.js';
const url = 'postgres://postgres@127.0.0.1:5432/pgread_lab';
const root = process.env.ROOT ?? '/work/wt/pgread';
const { TableEventStore } = await import(`${root}/src/services/logs/table-store/index.ts`);
const { openStore } = await import(`${root}/src/store/index.ts`);
const s = await openStore(url);
const t = new TableEventStore(s.db, true, '123456789012', 'us-east-1', { maxScanEventsPerPage: 10000 });
const which = process.argv[2] ?? 'scan';
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
for (let r = 0; r < Number(process.argv[3] ?? 3); r++) {
  const b0 = await backendsCpu(url); const c0 = cpu(); let n = 0;
  if (which === 'scan') await t.scanEvents('/bench/read', { startTime: 0, endTime: Number.MAX_SAFE_INTEGER }, () => void n++);
  else if (which === 'get') { let tok: string | undefined; while (true) { const p = await t.getEvents('/bench/read', 's-1', { startFromHead: true, nextToken: tok }); n += p.events.length; if (p.nextForwardToken === tok) break; tok = p.nextForwardToken; } }
  else { let tok: string | undefined; do { const p = await t.filterEvents('/bench/read', { nextToken: tok }); n += p.events.length; tok = p.nextToken; } while (tok); }
  const node = (cpu() - c0) / n; const be = (backendsCpuSince(b0, await backendsCpu(url)) * 1000) / n;
  console.log(`${root.split('/').pop()} ${which} n=${n} node ${node.toFixed(2)} backend ${be.toFixed(2)} µs/ev`);
}
await s.close();

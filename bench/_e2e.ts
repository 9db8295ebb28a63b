import { Session } from 'node:inspector/promises';
import { writeFileSync, readdirSync, createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileScanner } from '../src/detect/index.js';
import { scanObject } from '../src/scan/index.js';
const dir = process.argv[2]; const prof = process.argv.includes('prof');
const scanner = compileScanner({ managedSelector: 'ALL' });
const session = new Session(); session.connect();
if (prof) { await session.post('Profiler.enable'); await session.post('Profiler.start'); }
const u0 = process.cpuUsage(); let bytes = 0, found = 0;
for (const f of readdirSync(dir).sort()) { const p = join(dir, f); const size = statSync(p).size; bytes += size;
  const r = await scanObject({ key: p, size, stream: createReadStream(p, { highWaterMark: Number(process.env.HWM ?? 65536) }) }, scanner); found += r.detections.reduce((n, d) => n + d.count, 0); }
const u = process.cpuUsage(u0); const s = (u.user + u.system) / 1e6;
if (prof) { const { profile } = await session.post('Profiler.stop'); writeFileSync(`/tmp/det/e2e.cpuprofile`, JSON.stringify(profile)); }
console.log(dir, (bytes / 1e6 / s).toFixed(1), 'MB/s CPU', found, 'found');

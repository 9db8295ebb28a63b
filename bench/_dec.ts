import { readdirSync, createReadStream, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileScanner } from '../src/detect/index.js';
import { scanObject } from '../src/scan/index.js';
const dir = process.argv[2];
const scanner = compileScanner({ managedSelector: 'ALL' });
const nul = { scan: () => [] };
const files = readdirSync(dir).sort().map((f) => join(dir, f));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
for (let round = 0; round < 2; round++) {
  let t = cpu(), bytes = 0;
  for (const p of files) { const txt = readFileSync(p, 'utf8'); bytes += txt.length; scanner.scan(txt); }
  const a = cpu() - t;
  t = cpu();
  for (const p of files) { const size = statSync(p).size; await scanObject({ key: p, size, stream: createReadStream(p) }, nul as any); }
  const b = cpu() - t;
  t = cpu();
  for (const p of files) { const size = statSync(p).size; await scanObject({ key: p, size, stream: createReadStream(p) }, scanner); }
  const c = cpu() - t;
  console.log(`readFile+scan ${(bytes / 1e6 / a).toFixed(0)} MB/s | extract only ${(bytes / 1e6 / b).toFixed(0)} MB/s | scanObject ${(bytes / 1e6 / c).toFixed(0)} MB/s`);
}

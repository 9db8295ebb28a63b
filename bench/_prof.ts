import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { compileScanner } from '../src/detect/index.js';
import { generateCorpus } from './corpus/generate.js';
const sel = process.argv.includes('rec') ? {} : { managedSelector: 'ALL' as const };
const sift = compileScanner(sel);
const prof = process.argv.includes('prof');
const session = new Session(); session.connect();
for (const sensitive of [true, false]) {
  const docs = [...generateCorpus({ totalChars: 20e6, docChars: 5000, seed: sensitive ? 1 : 2, sensitive })].map((d) => ({ ...d, text: Buffer.from(d.text).toString() }));
  for (const d of docs.slice(0, 2000)) sift.scan(d.text);
  if (prof) { await session.post('Profiler.enable'); await session.post('Profiler.start'); }
  const u0 = process.cpuUsage(); let n = 0, chars = 0;
  for (let k = 0; k < 2; k++) for (const d of docs) { n += sift.scan(d.text).length; chars += d.text.length; }
  const u = process.cpuUsage(u0); const s = (u.user + u.system) / 1e6;
  if (prof) { const { profile } = await session.post('Profiler.stop'); writeFileSync(`/tmp/det/${sensitive ? 'mixed' : 'clean'}.cpuprofile`, JSON.stringify(profile)); }
  console.log(sensitive ? 'mixed' : 'clean', (chars / 1e6 / s).toFixed(1), 'MB/s', n / 2);
}

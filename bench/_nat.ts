import { compileScanner } from '../src/detect/index.js';
import { nativeCandidates } from '../src/detect/engine/native.js';
import { generateCorpus } from './corpus/generate.js';
const s: any = compileScanner({ managedSelector: 'ALL' });
const pf = s.parts.prefilter; const lib = nativeCandidates()!; const h = pf.native.handle;
const docs = [...generateCorpus({ totalChars: 20e6, docChars: 5000, seed: 2, sensitive: false })].map((d) => Buffer.from(d.text).toString());
const ev = new Int32Array(1 << 20);
for (const [name, texts] of [['corpus', docs], ['spaces', docs.map((d) => ' '.repeat(d.length))], ['xxx', docs.map((d) => 'q'.repeat(d.length))]] as const) {
  let c = 0, e = 0; const t0 = performance.now();
  for (const d of texts) { e += lib.scan(h, d, ev); c += d.length; }
  console.log(name, (c / 1e6 / ((performance.now() - t0) / 1000)).toFixed(0), 'MB/s events', e);
}
{
  const N = 20000; let t0 = performance.now();
  for (let i = 0; i < N; i++) lib.scan(h, '', ev);
  console.log('empty call us', ((performance.now() - t0) * 1000 / N).toFixed(2));
  const small = new Int32Array(300);
  t0 = performance.now();
  for (let i = 0; i < N; i++) lib.scan(h, '', small);
  console.log('empty call small ev us', ((performance.now() - t0) * 1000 / N).toFixed(2));
  const flat = Buffer.from('a'.repeat(5000)).toString();
  t0 = performance.now();
  for (let i = 0; i < N; i++) lib.scan(h, flat, small);
  console.log('5000 a flat us', ((performance.now() - t0) * 1000 / N).toFixed(2));
}

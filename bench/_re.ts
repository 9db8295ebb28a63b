import { generateCorpus } from './corpus/generate.js';
const docs = [...generateCorpus({ totalChars: 20e6, docChars: 5000, seed: 2, sensitive: false })];
const srcs = [String.raw`\b[0-9]{4}[ -]?[0-9]{4}`, String.raw`\b[A-Z]{2}[0-9]{2}[ -]?[0-9A-Z]{4}[ -]?[0-9A-Z]{4}`, String.raw`\+[1-9][0-9]?[0-9]?[ .(-]{0,2}[0-9]`, String.raw`\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16}\b`,
 String.raw`[0-9]{4}`, String.raw`[0-9]`, String.raw`[A-Z][0-9]`, String.raw`\+`, String.raw`[0-9]{4}[ -]?[0-9]{4}`, String.raw`(?:[0-9]{4}[ -]?[0-9]{4}|\+[1-9]|[A-Z]{2}[0-9]{2})`, 'AKIA|ASIA'];
for (const s of srcs) {
  const re = new RegExp(s, 'g');
  let hits = 0; const t0 = performance.now(); let c = 0;
  for (const d of docs) { re.lastIndex = 0; let m; while ((m = re.exec(d.text)) !== null) { hits++; re.lastIndex = m.index + 1; } c += d.text.length; }
  console.log(((c / 1e6) / ((performance.now() - t0) / 1000)).toFixed(0).padStart(6), 'MB/s', hits, s);
}
// plain loop
{ const t0 = performance.now(); let c = 0, x = 0; for (const d of docs) { const t = d.text; for (let i = 0; i < t.length; i++) { x += t.charCodeAt(i) & 1; } c += t.length; } console.log('charCodeAt loop', ((c / 1e6) / ((performance.now() - t0) / 1000)).toFixed(0), x); }

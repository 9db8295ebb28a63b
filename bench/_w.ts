import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileScanner } from '../src/detect/index.js';
const s: any = compileScanner({ managedSelector: 'ALL' });
const pf = s.parts.prefilter; const rules = s.parts.rules;
const perRule = new Map<string, number>(); const perLit = new Map<string, number>();
const dir = process.argv[2]; let chars = 0;
for (const f of readdirSync(dir).sort().slice(0, 60)) {
  const text = readFileSync(join(dir, f), 'utf8'); chars += text.length;
  pf.run(text, (r: number) => perRule.set(rules[r].id, (perRule.get(rules[r].id) ?? 0) + 1));
  pf.automaton?.scan(text, (p: number, a: number, b: number) => { const l = pf.literals[p].text; if (a === 0 || !/[A-Za-z0-9]/.test(text[a - 1])) perLit.set(l, (perLit.get(l) ?? 0) + 1); });
}
console.log('chars', chars);
console.log([...perRule].sort((a, b) => b[1] - a[1]).slice(0, 15));
console.log([...perLit].sort((a, b) => b[1] - a[1]).slice(0, 25));

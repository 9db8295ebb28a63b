// The house rules of DESIGN.md, checked: which part may import which, imports across parts only through a part's
// index.ts, and no import cycles between files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

/** part → parts it may import (common is always allowed). */
const ALLOWED: Record<string, string[]> = {
  common: [],
  models: [],
  protocol: ['models'],
  detect: [],
  extract: [],
  store: [],
  queue: [],
  storage: ['store'],
  iam: ['store'],
  audit: ['store', 'storage', 'models'],
  scan: ['extract', 'detect', 'storage'],
  // jobs/ takes Macie's wire shapes from the generated model instead of retyping them.
  findings: ['store', 'models', 'detect'],
  jobs: ['store', 'queue', 'storage', 'scan', 'detect', 'findings', 'models'],
  services: ['models', 'store', 'storage', 'iam', 'audit', 'jobs', 'findings', 'scan', 'detect', 'extract', 'queue', 'protocol'],
  // gateway/app.ts is the composition root of the server: it opens the store and the object storage it hands to services.
  gateway: ['protocol', 'iam', 'audit', 'services', 'models', 'store', 'storage'],
  cli: ['*'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    // Tests, contract suites and test helpers (test-*.ts) may reach into the parts they exercise.
    return p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.contract.ts') && !name.startsWith('test-') ? [p] : [];
  });
}

const partOf = (file: string) => relative(SRC, file).split('/')[0]!;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out.map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
}

const all = files(SRC);

describe('architecture', () => {
  it('each part imports only the parts DESIGN.md allows, through their index.ts', () => {
    const problems: string[] = [];
    for (const file of all) {
      const from = partOf(file);
      for (const target of importsOf(file)) {
        const to = partOf(target);
        if (to === from) continue;
        const allowed = ALLOWED[from];
        if (!allowed) {
          problems.push(`${relative(SRC, file)}: part '${from}' is not in DESIGN.md's table`);
          continue;
        }
        if (to !== 'common' && !allowed.includes('*') && !allowed.includes(to)) problems.push(`${relative(SRC, file)} → ${relative(SRC, target)}: '${from}' may not import '${to}'`);
        const rel = relative(SRC, target);
        const throughIndex = rel.endsWith('/index.ts') || to === 'models' || rel === 'services/types.ts' || from === 'cli';
        if (!throughIndex && to !== 'common') problems.push(`${relative(SRC, file)} → ${rel}: import another part through its index.ts`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(all.map((f) => [f, importsOf(f).filter((t) => all.includes(t))]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].map((x) => relative(SRC, x)).join(' → '));
        return;
      }
      state.set(f, 'visiting');
      for (const t of graph.get(f) ?? []) visit(t, [...stack, f]);
      state.set(f, 'done');
    };
    for (const f of all) visit(f, []);
    expect(cycles).toEqual([]);
  });
});

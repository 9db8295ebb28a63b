// A strict reader of Prometheus text exposition (format 0.0.4): every line is a # HELP, a # TYPE or a well-formed
// sample (name, escaped label values, a float); every sample belongs to a family declared once by # TYPE with the
// suffixes its type allows; label sets are unique; histograms have cumulative buckets ending in +Inf equal to their
// _count, with a _sum. (parse-prometheus-text-format was tried first: it drops the labels, _sum and _count of
// labelled histograms, so it cannot check them.)

export interface Sample {
  labels: Record<string, string>;
  value: number;
  /** Histograms: bucket upper bound → cumulative count, and the series' sum and count. */
  buckets?: Map<number, number>;
  sum?: number;
  count?: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:\\[\\"n]|[^"\\])*)"(,|$)/y;

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const m = LABEL.exec(text);
    if (!m || m.index !== start) throw new Error(`bad labels: ${line}`);
    if (m[1]! in labels) throw new Error(`label repeated: ${line}`);
    labels[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_s, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

// As Prometheus reads them (Go's ParseFloat): NaN and Inf in any case (prom-client writes an empty mean as `Nan`).
function parseValue(text: string, line: string): number {
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`bad value: ${line}`);
  return Number(text);
}

export function parsePrometheus(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  for (const line of text.slice(0, -1).split('\n')) {
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      const f = families.get(type[1]!);
      if (f?.samples.length) throw new Error(`# TYPE after samples: ${line}`);
      if (f && f.type !== 'untyped') throw new Error(`family typed twice: ${line}`);
      families.set(type[1]!, { name: type[1]!, type: type[2] as Family['type'], help: f?.help, samples: [] });
      continue;
    }
    const help = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line);
    if (help) {
      const f = families.get(help[1]!) ?? { name: help[1]!, type: 'untyped' as const, samples: [] };
      f.help = help[2]!;
      families.set(help[1]!, f);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue; // empty lines and other comments are ignored (the format's rule)
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a Prometheus text line: ${JSON.stringify(line)}`);
    const labels = m[2] ? parseLabels(m[2], line) : {};
    const value = parseValue(m[3]!, line);
    const key = `${m[1]}{${Object.entries(labels).sort().map(([k, v]) => `${k}=${v}`).join(',')}}`;
    if (seen.has(key)) throw new Error(`duplicate series: ${line}`);
    seen.add(key);
    const suffix = /_(bucket|sum|count)$/.exec(m[1]!);
    const base = suffix ? m[1]!.slice(0, -suffix[0].length) : m[1]!;
    const family = families.get(m[1]!)?.type !== undefined && !(suffix && ['histogram', 'summary'].includes(families.get(base)?.type ?? '')) ? families.get(m[1]!)! : families.get(base);
    if (!family || (family.type === 'untyped' && !families.has(m[1]!))) throw new Error(`sample without a # TYPE: ${line}`);
    if (family.name === m[1]) {
      if (family.type === 'histogram') throw new Error(`histogram sample without a suffix: ${line}`);
      family.samples.push({ labels, value });
      continue;
    }
    if (family.type !== 'histogram' && family.type !== 'summary') throw new Error(`suffix on a ${family.type}: ${line}`);
    if (suffix![1] === 'bucket' && family.type !== 'histogram') throw new Error(`bucket on a summary: ${line}`);
    const { le, ...rest } = labels;
    const id = JSON.stringify(Object.entries(rest).sort());
    let s = family.samples.find((x) => JSON.stringify(Object.entries(x.labels).sort()) === id);
    if (!s) family.samples.push((s = { labels: rest, value: NaN, buckets: new Map() }));
    if (suffix![1] === 'bucket') {
      if (le === undefined) throw new Error(`bucket without le: ${line}`);
      s.buckets!.set(parseValue(le, line), value);
    } else if (suffix![1] === 'sum') s.sum = value;
    else s.count = value;
  }
  for (const f of families.values()) {
    if (f.type !== 'histogram') continue;
    for (const s of f.samples) {
      const bounds = [...s.buckets!.entries()].sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < bounds.length; i++) if (bounds[i]![1] < bounds[i - 1]![1]) throw new Error(`${f.name}: buckets not cumulative`);
      const inf = bounds.at(-1);
      if (!inf || inf[0] !== Infinity || inf[1] !== s.count) throw new Error(`${f.name}: +Inf bucket missing or not equal to _count`);
      if (s.sum === undefined) throw new Error(`${f.name}: no _sum`);
    }
  }
  return families;
}

// Matches a REST request (method, path, query) to an operation by the model's `http.requestUri` templates, for
// restJson1 and restXml. Labels `{name}` take one path segment, `{name+}` the rest of the path; a `?a&b=c` suffix
// requires those query parameters. The most specific template wins (most literal segments, then most query keys).
import type { ServiceSchema } from '../models/index.js';

interface Route {
  operation: string;
  method: string;
  segments: { literal?: string; label?: string; greedy?: boolean }[];
  query: { key: string; value?: string }[];
  score: number;
  trailingSlash: boolean;
}

export interface RestMatch {
  operation: string;
  labels: Record<string, string>;
}

export class RestRouter {
  private readonly routes: Route[];
  // The routes of each method, in the same (score) order: a call tries only its own method's templates.
  private readonly byMethod = new Map<string, Route[]>();

  constructor(schema: ServiceSchema) {
    this.routes = Object.entries(schema.operations).map(([operation, op]) => compile(operation, op.http.method, op.http.requestUri));
    this.routes.sort((a, b) => b.score - a.score);
    for (const route of this.routes) {
      const same = this.byMethod.get(route.method);
      if (same) same.push(route);
      else this.byMethod.set(route.method, [route]);
    }
  }

  /** `path` is the raw (still percent-encoded) path; labels come back decoded. */
  match(method: string, path: string, query: URLSearchParams): RestMatch | undefined {
    const routes = this.byMethod.get(method);
    if (!routes) return undefined;
    const parts = splitPath(path);
    for (const route of routes) {
      const labels = matchSegments(route, parts);
      if (!labels) continue;
      if (!route.query.every((q) => query.has(q.key) && (q.value === undefined || query.get(q.key) === q.value))) continue;
      return { operation: route.operation, labels };
    }
    return undefined;
  }

  /** True when some operation exists for this path under another method (for 405-style errors). */
  hasPath(path: string): boolean {
    const parts = splitPath(path);
    return this.routes.some((r) => matchSegments(r, parts) !== undefined);
  }
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

function compile(operation: string, method: string, uri: string): Route {
  const [pathPart, queryPart] = uri.split('?', 2) as [string, string | undefined];
  const segments = splitPath(pathPart).map((seg) => {
    const m = /^\{([^}+]+)(\+)?\}$/.exec(seg);
    return m ? { label: m[1]!, greedy: Boolean(m[2]) } : { literal: seg };
  });
  const query = (queryPart ?? '')
    .split('&')
    .filter(Boolean)
    .map((kv) => {
      const [key, value] = kv.split('=', 2) as [string, string | undefined];
      return { key, value };
    });
  const literals = segments.filter((s) => s.literal !== undefined).length;
  const score = literals * 100 + segments.length * 10 + query.length * 5 + (segments.some((s) => s.greedy) ? 0 : 1);
  return { operation, method, segments, query, score, trailingSlash: pathPart.endsWith('/') && pathPart.length > 1 };
}

function matchSegments(route: Route, parts: string[]): Record<string, string> | undefined {
  // Made on the first label: most templates a call tries fail on a literal segment, and need none.
  let labels: Record<string, string> | undefined;
  let i = 0;
  for (let s = 0; s < route.segments.length; s++) {
    const seg = route.segments[s]!;
    if (seg.greedy) {
      const rest = parts.slice(i);
      if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) return undefined;
      (labels ??= {})[seg.label!] = rest.map(safeDecode).join('/');
      return s === route.segments.length - 1 ? labels : undefined;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.literal !== undefined) {
      if (part !== seg.literal) return undefined;
    } else {
      if (part === '') return undefined;
      (labels ??= {})[seg.label!] = safeDecode(part);
    }
    i++;
  }
  if (i < parts.length && !(i === parts.length - 1 && parts[i] === '')) return undefined;
  return labels ?? {};
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

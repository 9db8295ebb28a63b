// The router's templates grouped by method, labels made only on a match: every REST model's templates, filled and
// mutated at random, route to the same operation with the same labels (key order included) as the router before.
import { describe, expect, it } from 'vitest';
import { schemas } from '../models/index.js';
import { RestRouter } from './rest-router.js';
import { ReferenceRestRouter } from './rest-router.reference.test-helper.js';

// A small deterministic generator (mulberry32), so a failure replays.
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'name', 'x%20y', '%E2%9C%93', '%zz', '', 'jobs', 'findings', 'v1', '..', '.', 'a+b', '%2F'];
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'];

function requests(schema: (typeof schemas)[string], random: () => number): { method: string; path: string; query: URLSearchParams }[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const out: { method: string; path: string; query: URLSearchParams }[] = [];
  for (const op of Object.values(schema.operations)) {
    const [pathPart, queryPart = ''] = op.http.requestUri.split('?', 2) as [string, string?];
    for (let n = 0; n < 12; n++) {
      let path = pathPart.replace(/\{[^}]+\}/g, () => (random() < 0.2 ? `${pick(PIECES)}/${pick(PIECES)}` : pick(PIECES)));
      const r = random();
      if (r < 0.1) path += '/';
      else if (r < 0.2) path += `/${pick(PIECES)}`;
      else if (r < 0.3) path = path.split('/').slice(0, -1).join('/') || '/';
      else if (r < 0.35) path = `/${path}`;
      const query = new URLSearchParams(random() < 0.7 ? queryPart : '');
      if (random() < 0.2) query.append(pick(['uploads', 'tagging', 'acl', 'versionId', 'list-type']), random() < 0.5 ? '' : '2');
      out.push({ method: random() < 0.8 ? op.http.method : pick(METHODS), path, query });
    }
  }
  return out;
}

describe('RestRouter', () => {
  const rest = Object.entries(schemas).filter(([, s]) => Object.values(s.operations).some((op) => op.http?.requestUri && op.http.requestUri !== '/'));

  it('covers the REST models', () => {
    expect(rest.map(([name]) => name)).toEqual(expect.arrayContaining(['macie2', 's3']));
  });

  for (const [name, schema] of rest) {
    it(`routes ${name}'s requests as the router before did`, () => {
      const router = new RestRouter(schema);
      const reference = new ReferenceRestRouter(schema);
      let matched = 0;
      for (const seed of [1, 2, 3]) {
        for (const req of requests(schema, rng(seed))) {
          const got = router.match(req.method, req.path, req.query);
          const want = reference.match(req.method, req.path, req.query);
          expect(got && { operation: got.operation, labels: Object.entries(got.labels) }, `${req.method} ${req.path}?${req.query}`).toEqual(want && { operation: want.operation, labels: Object.entries(want.labels) });
          if (got) matched++;
          expect(router.hasPath(req.path)).toBe(reference.hasPath(req.path));
        }
      }
      expect(matched).toBeGreaterThan(Object.keys(schema.operations).length);
    });
  }

  it('gives each match its own labels object', () => {
    const router = new RestRouter(schemas.macie2!);
    const a = router.match('GET', '/macie', new URLSearchParams())!;
    const b = router.match('GET', '/macie', new URLSearchParams())!;
    expect(a.operation).toBe('GetMacieSession');
    expect(a.labels).toEqual({});
    expect(a.labels).not.toBe(b.labels);
  });
});

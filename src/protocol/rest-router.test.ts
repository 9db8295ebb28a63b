// The router's templates grouped by method, labels made only on a match: every REST model's templates, filled and
// mutated at random, route to the same operation with the same labels (key order included), and `hasPath` answers
// the same, as the router before that change: the answers' SHA-256 per model was recorded from it (gateway7,
// with the previous router in place: SIFT_ROUTER_PRINT=1 prints them).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { schemas } from '../models/index.js';
import { RestRouter } from './rest-router.js';

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

const RECORDED: Record<string, string> = {
  macie2: '0f3970b47b5bf507b6861244e8829985c95f25980394eb0dd6f6f8353cb454ec',
  s3: '3c68d34a502cfb621ca0a574c8781b7a47c392affc2948694b339fd1630e61c6',
  account: '86fb59d35e9153077506d033c3da014aa08054a91deef91b2a22d14003b43a41',
};

describe('RestRouter', () => {
  const rest = Object.entries(schemas).filter(([, s]) => Object.values(s.operations).some((op) => op.http?.requestUri && op.http.requestUri !== '/'));

  it('covers the REST models', () => {
    expect(rest.map(([name]) => name)).toEqual(expect.arrayContaining(['macie2', 's3']));
  });

  for (const [name, schema] of rest) {
    it(`routes ${name}'s requests as the router before did`, () => {
      const router = new RestRouter(schema);
      const answers: unknown[] = [];
      let matched = 0;
      for (const seed of [1, 2, 3]) {
        for (const req of requests(schema, rng(seed))) {
          const got = router.match(req.method, req.path, req.query);
          answers.push([req.method, req.path, String(req.query), got ? got.operation : null, got ? Object.entries(got.labels) : null, router.hasPath(req.path)]);
          if (got) matched++;
        }
      }
      const digest = createHash('sha256').update(JSON.stringify(answers)).digest('hex');
      if (process.env.SIFT_ROUTER_PRINT) console.log(`${name}: '${digest}',`);
      expect(digest).toBe(RECORDED[name]);
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

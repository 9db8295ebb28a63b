// The gateway's per-call shortcuts give what the regular expressions they replaced gave (gwreply): the credential
// of the Authorization header (route.ts `headerCredential`, was /Credential=([^,\s]+)/) and the UUID check of the
// audit event id (event-id.ts `isLowerHexUuid`, was /^[0-9a-f]{8}-…-[0-9a-f]{12}$/), on random mutations of real inputs.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headerCredential } from '../protocol/route.js';
import { isLowerHexUuid, timeOrderedEventId } from '../audit/event-id.js';

// A small deterministic generator, so a failure names its seed.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that matter to either reading: separators, every kind of JavaScript white space, near misses.
const SPECIAL = [',', ' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\u001f', '\u0021', '=', '/', 'C', 'Credential=', 'Credential', 'credential=', 'é', '😀', 'a', '0', '-', 'g', 'A', 'F'];

function mutate(base: string, random: () => number): string {
  let s = base;
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (s.length + 1));
    const piece = SPECIAL[Math.floor(random() * SPECIAL.length)]!;
    const kind = random();
    if (kind < 0.4) s = s.slice(0, at) + piece + s.slice(at);
    else if (kind < 0.7) s = s.slice(0, at) + piece + s.slice(at + 1);
    else s = s.slice(0, at) + s.slice(at + 1 + Math.floor(random() * 3));
  }
  return s;
}

describe('headerCredential', () => {
  const regex = (auth: string) => /Credential=([^,\s]+)/.exec(auth)?.[1];
  const header = 'AWS4-HMAC-SHA256 Credential=AKIABENCHMARKKEY0001/20260101/us-east-1/macie2/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

  it('reads what the regular expression read, on the SDK header and 30,000 mutations of it', () => {
    const cases = ['', 'Credential=', 'Credential=,Credential=x', 'Credential= Credential=y/z', 'xCredential=a b', 'Credential=\u2028Credential=\u00a0q', 'Credential==', header];
    const random = rng(18);
    for (let i = 0; i < 30_000; i++) cases.push(mutate(header, random));
    let found = 0;
    for (const auth of cases) {
      expect(headerCredential(auth), JSON.stringify(auth)).toBe(regex(auth));
      if (regex(auth) !== undefined) found++;
    }
    // Both outcomes are exercised.
    expect(found).toBeGreaterThan(1000);
    expect(cases.length - found).toBeGreaterThan(100);
  });

  it('stops at every character \\s matches, and only at those', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const auth = `Credential=ab${String.fromCharCode(c)}cd`;
      expect(headerCredential(auth), `U+${c.toString(16)}`).toBe(regex(auth));
    }
  });
});

describe('isLowerHexUuid', () => {
  const regex = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s);

  it('accepts what the regular expression accepted, on random UUIDs and 30,000 mutations of them', () => {
    const random = rng(7);
    const cases = ['', '-'.repeat(36), `${randomUUID()}\n`, randomUUID().toUpperCase()];
    for (let i = 0; i < 30_000; i++) {
      const u = randomUUID();
      cases.push(u, mutate(u, random));
    }
    let accepted = 0;
    for (const s of cases) {
      expect(isLowerHexUuid(s), JSON.stringify(s)).toBe(regex(s));
      if (regex(s)) accepted++;
    }
    expect(accepted).toBeGreaterThan(30_000);
    expect(cases.length - accepted).toBeGreaterThan(5_000);
  });

  it('every character at every position', () => {
    const u = randomUUID();
    for (let at = 0; at < 36; at++) {
      for (let c = 0; c < 128; c++) {
        const s = u.slice(0, at) + String.fromCharCode(c) + u.slice(at + 1);
        expect(isLowerHexUuid(s)).toBe(regex(s));
      }
    }
  });

  it('timeOrderedEventId still refuses what is not a UUID', () => {
    expect(() => timeOrderedEventId(0, 'not-a-uuid')).toThrow(/not a UUID/);
    expect(() => timeOrderedEventId(0, randomUUID().toUpperCase())).toThrow(/not a UUID/);
  });
});

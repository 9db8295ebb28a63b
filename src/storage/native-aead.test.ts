// The native object cipher (native/aead.c) against node:crypto: the same chunk format byte for byte, each opens what
// the other sealed, both refuse tampered files, the slab pool never hands one slab to two writers, and SIFT_NATIVE=0
// (or a tree without the addon) still seals and opens with node:crypto.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CHUNK_BYTES, ChunkSealer, ObjectTamperedError, TAG_BYTES, decryptBatches, decryptRange, plainStats, releasePlain, sealedSize, releaseSealed, slabStats } from './object-cipher.js';
import { nativeAead, type NativeAead } from './native-aead.js';

const dir = mkdtempSync(join(tmpdir(), 'sift-aead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const addon = nativeAead();

type Way = { name: string; native: NativeAead | null; slabs?: boolean };

/** Seals `plain` fed in `piece`-byte pieces; the sealed bytes are copied out as they come (then slabs go back). */
function seal(plain: Buffer, key: Buffer, way: Way, piece = 7919): Buffer {
  const sealer = new ChunkSealer(key, { native: way.native, slabs: way.slabs });
  const out: Buffer[] = [];
  const take = (b: Buffer) => {
    out.push(Buffer.from(b));
    releaseSealed([b]);
  };
  for (let at = 0; at < plain.length; at += piece) sealer.update(plain.subarray(at, at + piece), take);
  sealer.end(take);
  return Buffer.concat(out);
}

async function open(file: string, key: Buffer, size: number, from: number, to: number, native: NativeAead | null): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of decryptRange(file, key, size, from, to, native)) out.push(b);
  return Buffer.concat(out);
}

function fileOf(bytes: Buffer): string {
  const file = join(dir, `f${n++}`);
  writeFileSync(file, bytes);
  return file;
}

describe('the native object cipher', () => {
  it('is built and loads when its build output is there (a missing OpenSSL symbol would fail here)', () => {
    const built = existsSync(new URL('../../build/Release/sift_aead.node', import.meta.url));
    if (built && process.env.SIFT_NATIVE !== '0') expect(addon).toBeDefined();
  });

  describe.runIf(addon !== undefined)('against node:crypto', () => {
    const ways: Way[] = [
      { name: 'node:crypto', native: null },
      { name: 'native', native: addon! },
      { name: 'native into slabs', native: addon!, slabs: true },
    ];

    it('seals byte for byte as node:crypto does, and each opens what the other sealed, whole and by range', async () => {
      for (const size of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 17, 40 * CHUNK_BYTES + 5]) {
        const key = randomBytes(32);
        const plain = randomBytes(size);
        const sealed = ways.map((w) => seal(plain, key, w));
        expect(sealed[0]!.length).toBe(sealedSize(size));
        for (const s of sealed.slice(1)) expect(s.equals(sealed[0]!)).toBe(true);
        if (size === 0) continue;
        const file = fileOf(sealed[0]!);
        for (const native of [null, addon!]) {
          expect((await open(file, key, size, 0, size - 1, native)).equals(plain)).toBe(true);
          for (const [from, to] of [[0, 0], [size - 1, size - 1], [CHUNK_BYTES - 2, CHUNK_BYTES + 2], [5, size - 3], [32 * CHUNK_BYTES - 1, 33 * CHUNK_BYTES]] as const) {
            if (from > to || to >= size) continue;
            expect((await open(file, key, size, from, to, native)).equals(plain.subarray(from, to + 1))).toBe(true);
          }
        }
      }
    });

    it('seals a chunk that arrives in many small pieces (more than one call takes) the same', () => {
      const key = randomBytes(32);
      const plain = randomBytes(2 * CHUNK_BYTES + 999);
      expect(seal(plain, key, ways[1]!, 100).equals(seal(plain, key, ways[0]!, 100))).toBe(true);
      expect(seal(plain, key, ways[2]!, 1 << 20).equals(seal(plain, key, ways[0]!))).toBe(true);
    });

    it('refuses, both ways, a flipped byte, a flipped tag, swapped or dropped chunks, a cut or a wrong key', async () => {
      const size = 3 * CHUNK_BYTES + 100;
      const key = randomBytes(32);
      const plain = randomBytes(size);
      const stride = CHUNK_BYTES + TAG_BYTES;
      for (const sealer of ways) {
        const original = seal(plain, key, sealer);
        const flipped = Buffer.from(original);
        flipped[stride + 3] ^= 0x80;
        const tag = Buffer.from(original);
        tag[stride - 1] ^= 1;
        const swapped = Buffer.concat([original.subarray(stride, 2 * stride), original.subarray(0, stride), original.subarray(2 * stride)]);
        for (const native of [null, addon!]) {
          const attempt = (bytes: Buffer, k = key, plainSize = size) =>
            open(fileOf(bytes), k, plainSize, 0, plainSize - 1, native).then(
              () => 'read',
              (e) => (e instanceof ObjectTamperedError ? 'refused' : String(e)),
            );
          expect(await attempt(flipped)).toBe('refused');
          expect(await attempt(tag)).toBe('refused');
          expect(await attempt(swapped)).toBe('refused');
          expect(await attempt(original.subarray(0, original.length - 1))).toBe('refused');
          expect(await attempt(original.subarray(0, 2 * stride), key, 2 * CHUNK_BYTES)).toBe('refused');
          expect(await attempt(original, randomBytes(32))).toBe('refused');
          expect(await attempt(original)).toBe('read');
        }
      }
    });

    it('reuses a slab once it is given back, never one still in use, and never one given back twice', () => {
      const key = randomBytes(32);
      const a = randomBytes(20 * CHUNK_BYTES);
      const reusedBefore = slabStats.reused;
      seal(a, key, ways[2]!); // gives every slab back as soon as it is copied
      seal(a, key, ways[2]!);
      expect(slabStats.reused).toBeGreaterThan(reusedBefore);
      // Slabs given back twice (and a foreign buffer) must not be handed to two writers at once.
      const held: Buffer[] = [];
      const first = new ChunkSealer(key, { native: addon!, slabs: true });
      first.update(a, (b) => held.push(b));
      first.end((b) => held.push(b));
      releaseSealed(held);
      releaseSealed(held);
      releaseSealed([Buffer.alloc(16 * (CHUNK_BYTES + TAG_BYTES))]);
      const x = randomBytes(40 * CHUNK_BYTES);
      const y = randomBytes(40 * CHUNK_BYTES);
      const outX: Buffer[] = [];
      const outY: Buffer[] = [];
      const sx = new ChunkSealer(key, { native: addon!, slabs: true });
      const sy = new ChunkSealer(key, { native: addon!, slabs: true });
      for (let at = 0; at < x.length; at += 65_000) {
        sx.update(x.subarray(at, at + 65_000), (b) => outX.push(b));
        sy.update(y.subarray(at, at + 65_000), (b) => outY.push(b));
      }
      sx.end((b) => outX.push(b));
      sy.end((b) => outY.push(b));
      expect(Buffer.concat(outX).equals(seal(x, key, ways[0]!))).toBe(true);
      expect(Buffer.concat(outY).equals(seal(y, key, ways[0]!))).toBe(true);
    });

    it('opens into reused batch buffers for a reader that gives them back, never one still in use or given back twice', async () => {
      const key = randomBytes(32);
      const size = 200 * CHUNK_BYTES + 9;
      const plains = [randomBytes(size), randomBytes(size)];
      const files = plains.map((p) => fileOf(seal(p, key, ways[0]!)));
      const readAll = async (i: number, give: (b: Buffer) => void, recycled = () => true) => {
        const out: Buffer[] = [];
        for await (const batch of decryptBatches(files[i]!, key, size, 0, size - 1, addon!, recycled)) for (const b of batch) give((out.push(Buffer.from(b)), b));
        return Buffer.concat(out);
      };
      const reusedBefore = plainStats.reused;
      expect((await readAll(0, (b) => releasePlain(b))).equals(plains[0]!)).toBe(true);
      expect(plainStats.reused).toBeGreaterThan(reusedBefore);
      // A reader that does not give them back gets fresh buffers (nothing it holds is reused).
      const freshBefore = plainStats.fresh + plainStats.reused;
      await readAll(1, () => undefined, () => false);
      expect(plainStats.fresh + plainStats.reused).toBe(freshBefore);
      // Pieces given back twice must not be handed to two readers at once: two readers that keep theirs.
      const kept: Buffer[][] = [[], []];
      await readAll(0, (b) => (releasePlain(b), releasePlain(b)));
      const a = decryptBatches(files[0]!, key, size, 0, size - 1, addon!, () => true);
      const b = decryptBatches(files[1]!, key, size, 0, size - 1, addon!, () => true);
      for (;;) {
        const [x, y] = [await a.next(), await b.next()];
        if (x.done || y.done) break;
        kept[0]!.push(...x.value);
        kept[1]!.push(...y.value);
      }
      expect(Buffer.concat(kept[0]!).equals(plains[0]!)).toBe(true);
      expect(Buffer.concat(kept[1]!).equals(plains[1]!)).toBe(true);
    });

    it('rejects arguments that would write or read out of bounds', () => {
      const ctx = addon!.context(randomBytes(32), true);
      expect(() => addon!.seal(ctx, 0, true, Buffer.alloc(100), Buffer.alloc(115), 0)).toThrow(RangeError);
      expect(() => addon!.seal(ctx, 0, true, Buffer.alloc(100), Buffer.alloc(200), 90)).toThrow(RangeError);
      expect(() => addon!.seal(addon!.context(randomBytes(32), false), 0, true, Buffer.alloc(1), Buffer.alloc(17), 0)).toThrow(TypeError);
      expect(() => addon!.seal({}, 0, true, Buffer.alloc(1), Buffer.alloc(17), 0)).toThrow(TypeError);
      expect(() => addon!.context(Buffer.alloc(16), true)).toThrow(TypeError);
      const opener = addon!.context(randomBytes(32), false);
      expect(() => addon!.open(opener, 0, true, Buffer.alloc(100), 0, 90, Buffer.alloc(90), 0)).toThrow(RangeError);
      const both = Buffer.alloc(300);
      expect(() => addon!.open(opener, 0, true, both, 0, 100, both, 50)).toThrow(RangeError);
    });
  });

  describe.runIf(addon !== undefined)('CRC32C and CRC64NVME', () => {
    it('give the published check values of "123456789" and the JavaScript tables\' values, in pieces, on the pool too', async () => {
      const { createChecksum } = await import('../protocol/rest-xml-s3.js');
      const check = Buffer.from('123456789');
      const data = randomBytes((1 << 20) + 13);
      for (const [alg, kind, published] of [['crc32c', 1, 'e3069283'], ['crc64nvme', 2, 'ae8b14860a799888']] as const) {
        const state = new Uint8Array(9);
        addon!.crcUpdate(kind, state, check.subarray(0, 2));
        addon!.crcUpdate(kind, state, check.subarray(2));
        expect(Buffer.from(addon!.crcValue(kind, state)).toString('hex')).toBe(published);
        const js = createChecksum(alg)!;
        js.update(data);
        // Pieces shorter than a word, empty, and unaligned ones.
        const first = new Uint8Array(9);
        addon!.crcUpdate(kind, first, data.subarray(0, 1));
        addon!.crcUpdate(kind, first, data.subarray(1, 1));
        addon!.crcUpdate(kind, first, data.subarray(1));
        expect(Buffer.from(addon!.crcValue(kind, first)).toString('base64')).toBe(js.digest());
        const h = addon!.md5(kind);
        await new Promise<void>((resolve, reject) => addon!.md5Update(h, [data.subarray(0, 3), data.subarray(3)], (err) => (err ? reject(err) : resolve())));
        const both = createChecksum(alg)!;
        both.update(data);
        expect(Buffer.from(addon!.md5Crc(h, kind)).toString('base64')).toBe(both.digest());
        expect(() => addon!.md5Crc(h, 3 - kind)).toThrow(TypeError); // not asked for
      }
      // CRC32C by the tables too, where the CPU's crc32 instruction is otherwise used (SIFT_CRC32C_TABLES, read at load).
      const data2 = Buffer.alloc(100_003, 0).map((_, i) => (i * 2654435761) >>> 24);
      const script = `const a = require(${JSON.stringify(new URL('../../build/Release/sift_aead.node', import.meta.url).pathname)});
        const s = new Uint8Array(9); const d = Buffer.alloc(100003).map((_, i) => (i * 2654435761) >>> 24);
        a.crcUpdate(1, s, d.subarray(0, 5)); a.crcUpdate(1, s, d.subarray(5)); process.stdout.write(Buffer.from(a.crcValue(1, s)).toString('base64'));`;
      const tables = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, SIFT_CRC32C_TABLES: '1' } }).toString();
      const js = createChecksum('crc32c')!;
      js.update(data2);
      expect(tables).toBe(js.digest());
      expect(() => addon!.crcUpdate(1, new Uint8Array(8), check)).toThrow(TypeError);
      expect(() => addon!.crcUpdate(4, new Uint8Array(9), check)).toThrow(TypeError);
      expect(() => addon!.md5(8)).toThrow(TypeError);
    });
  });
});

describe('with SIFT_NATIVE=0', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('does not load the addon, and seals and opens with node:crypto the files the native cipher reads', async () => {
    vi.stubEnv('SIFT_NATIVE', '0');
    vi.resetModules();
    const fresh = await import('./native-aead.js');
    expect(fresh.nativeAead()).toBeUndefined();
    const cipher = await import('./object-cipher.js');
    const key = randomBytes(32);
    const plain = randomBytes(5 * CHUNK_BYTES + 3);
    const sealer = new cipher.ChunkSealer(key, { slabs: true });
    const out: Buffer[] = [];
    for (let at = 0; at < plain.length; at += 10_000) sealer.update(plain.subarray(at, at + 10_000), (b) => out.push(Buffer.from(b)));
    sealer.end((b) => out.push(Buffer.from(b)));
    const file = fileOf(Buffer.concat(out));
    const read: Buffer[] = [];
    for await (const b of cipher.decryptRange(file, key, plain.length, 0, plain.length - 1)) read.push(b);
    expect(Buffer.concat(read).equals(plain)).toBe(true);
    if (addon) {
      expect(readFileSync(file).equals(seal(plain, key, { name: 'native', native: addon }))).toBe(true);
      expect((await open(file, key, plain.length, 0, plain.length - 1, addon)).equals(plain)).toBe(true);
    }
  });
});

/**
 * ZIP, streamed through its local file headers (no central directory, no temp file: the stream is read once,
 * front to back, in bounded memory). Members with sizes in the local header are read by count; members written
 * with a data descriptor (flag bit 3) are delimited by finding the descriptor whose compressed-size field equals
 * the bytes seen so far — a check that stray "PK\x07\x08" bytes inside the data cannot pass by chance.
 * Stored (0) and deflated (8) members are read; encrypted members or other methods are reported unreadable.
 * Known limitation of streaming: entries only listed in the central directory (never in a local header) are not seen.
 */
import type { ArchiveMember } from './archive.js';
import { ByteReader, concatBytes } from './bytes.js';
import { countExpanded, inflateGuarded, type ExpansionBudget } from './inflate.js';
import { ExtractError, type ByteSource } from './types.js';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const ZIP64_END = 0x06064b50;
const DATA_DESCRIPTOR = 0x08074b50;

export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

const u16 = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, at: number): number => u32(b, at) + u32(b, at + 4) * 2 ** 32;

/** MS-DOS date and time → Date (UTC is as good as any: the format has no zone). */
function dosDate(date: number, time: number): Date | undefined {
  if (date === 0) return undefined;
  return new Date(Date.UTC(1980 + (date >> 9), ((date >> 5) & 15) - 1, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2));
}

export async function* readZipMembers(source: ByteSource, budget: ExpansionBudget): AsyncGenerator<ArchiveMember> {
  const reader = new ByteReader(source);
  try {
    for (let index = 0; ; index++) {
      const sigBytes = await reader.read(4);
      if (sigBytes.length === 0) return;
      if (sigBytes.length < 4) throw new ExtractError('MALFORMED_FILE', 'truncated zip file', true);
      const sig = u32(sigBytes, 0);
      if (sig === CENTRAL_HEADER || sig === END_OF_CENTRAL || sig === ZIP64_END) return; // members are done
      if (sig === DATA_DESCRIPTOR && index === 0) continue; // spanned-archive marker
      if (sig !== LOCAL_HEADER) {
        throw new ExtractError('MALFORMED_FILE', index === 0 ? 'not a zip file' : `bad zip local header signature after member ${index}`, true);
      }
      const fixed = await reader.read(26);
      if (fixed.length < 26) throw new ExtractError('MALFORMED_FILE', 'truncated zip local header', true);
      const flags = u16(fixed, 2);
      const method = u16(fixed, 4);
      const lastModified = dosDate(u16(fixed, 8), u16(fixed, 6));
      let compressedSize = u32(fixed, 14);
      let size = u32(fixed, 18);
      const nameLength = u16(fixed, 22);
      const extraLength = u16(fixed, 24);
      const nameBytes = await reader.read(nameLength);
      const extra = await reader.read(extraLength);
      if (nameBytes.length < nameLength || extra.length < extraLength) throw new ExtractError('MALFORMED_FILE', 'truncated zip local header', true);
      const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
      const zip64 = findZip64(extra);
      if (zip64) {
        let at = 0;
        if (size === 0xffffffff && zip64.length >= at + 8) (size = u64(zip64, at)), (at += 8);
        if (compressedSize === 0xffffffff && zip64.length >= at + 8) compressedSize = u64(zip64, at);
      }
      const hasDescriptor = (flags & 0x08) !== 0;
      const encrypted = (flags & 0x01) !== 0;

      // Raw member bytes: by count, or up to the data descriptor.
      let remaining = hasDescriptor ? -1 : compressedSize;
      const raw = hasDescriptor ? untilDescriptor(reader, zip64 !== undefined) : byCount(reader, compressedSize, (left) => (remaining = left));

      if (name.endsWith('/')) {
        // A directory entry: nothing to read.
        if (hasDescriptor) for await (const _ of raw) { /* drain */ }
        else await reader.skip(compressedSize);
        continue;
      }
      const unreadable = encrypted
        ? { reason: 'INVALID_ENCRYPTION' as const, message: `${name} is encrypted` }
        : method !== 0 && method !== 8
          ? { reason: 'UNSUPPORTED_FILE_TYPE_EXCEPTION' as const, message: `${name} uses compression method ${method}` }
          : undefined;
      if (unreadable && hasDescriptor) {
        // Without a length and without a readable body there is no safe way to find the next member.
        throw new ExtractError('ARCHIVE_CONTAINS_UNPROCESSED_FILES', `${unreadable.message}; cannot read past it`, true);
      }
      const content = unreadable ? emptyStream() : method === 8 ? inflateGuarded(raw, 'deflate-raw', budget, name) : countExpanded(raw, budget, name);
      yield { name, ...(hasDescriptor ? {} : { size }), ...(lastModified ? { lastModified } : {}), ...(unreadable ? { unreadable } : {}), content };
      // Whatever the consumer left unread is skipped here.
      if (hasDescriptor) {
        for await (const _ of raw) {
          /* drain to the descriptor */
        }
      } else {
        await reader.skip(remaining);
      }
    }
  } finally {
    await reader.close();
  }
}

function findZip64(extra: Uint8Array): Uint8Array | undefined {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = u16(extra, at);
    const length = u16(extra, at + 2);
    if (id === 0x0001) return extra.subarray(at + 4, at + 4 + length);
    at += 4 + length;
  }
  return undefined;
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {}

/** Exactly `count` bytes from the reader; reports how many are left so an early stop can skip them. */
async function* byCount(reader: ByteReader, count: number, left: (n: number) => void): AsyncGenerator<Uint8Array> {
  let remaining = count;
  while (remaining > 0) {
    const chunk = await reader.readSome(Math.min(remaining, 1 << 16));
    if (chunk.length === 0) throw new ExtractError('MALFORMED_FILE', 'zip member data is truncated', true);
    remaining -= chunk.length;
    left(remaining);
    yield chunk;
  }
}

/**
 * Member bytes up to a data descriptor. A descriptor is accepted where its compressed-size field equals the number
 * of bytes before it (with or without the optional signature). Memory: one chunk plus a few bytes of carry.
 * Returns an iterable that can be iterated again to drain it after the consumer stopped.
 */
function untilDescriptor(reader: ByteReader, zip64: boolean): AsyncIterable<Uint8Array> {
  let seen = 0; // member bytes handed out
  let done = false;
  const sizeBytes = zip64 ? 8 : 4;
  // signature(4) + crc(4) + csize + usize
  const withSig = 8 + 2 * sizeBytes;
  const noSig = 4 + 2 * sizeBytes;
  const readSize = (b: Uint8Array, at: number): number => (zip64 ? u64(b, at) : u32(b, at));
  const isHeader = (b: Uint8Array, at: number): boolean => {
    const sig = u32(b, at);
    return sig === LOCAL_HEADER || sig === CENTRAL_HEADER || sig === END_OF_CENTRAL || sig === ZIP64_END;
  };

  async function* gen(): AsyncGenerator<Uint8Array> {
    let carry = new Uint8Array(0);
    while (!done) {
      const chunk = await reader.readSome(1 << 16);
      if (chunk.length === 0) throw new ExtractError('MALFORMED_FILE', 'zip member data descriptor not found', true);
      const buf = carry.length ? concatBytes([carry, chunk]) : chunk;
      // Look for a descriptor at each position p (p = bytes of buf before it).
      let safe = Math.max(0, buf.length - (withSig + 4)); // positions below `safe` can be fully checked now
      for (let p = 0; p < buf.length - 3; p++) {
        if (p >= safe) break;
        const sigAt = buf[p] === 0x50 && buf[p + 1] === 0x4b && buf[p + 2] === 7 && buf[p + 3] === 8;
        if (sigAt && readSize(buf, p + 8) === seen + p && isHeaderOrEnd(buf, p + withSig)) {
          if (p > 0) yield buf.subarray(0, p);
          seen += p;
          reader.unread(buf.slice(p + withSig));
          done = true;
          return;
        }
        if (!sigAt && buf[p + noSig] === 0x50 && buf[p + noSig + 1] === 0x4b && readSize(buf, p + 4) === seen + p && isHeader(buf, p + noSig)) {
          if (p > 0) yield buf.subarray(0, p);
          seen += p;
          reader.unread(buf.slice(p + noSig));
          done = true;
          return;
        }
      }
      if (safe > 0) {
        yield buf.subarray(0, safe);
        seen += safe;
      }
      carry = buf.slice(safe);
      safe = 0;
    }
  }
  function isHeaderOrEnd(b: Uint8Array, at: number): boolean {
    return at + 4 > b.length ? false : isHeader(b, at);
  }
  let live: AsyncGenerator<Uint8Array> | undefined;
  return {
    [Symbol.asyncIterator]: () => {
      live ??= gen();
      const it = live;
      // Each iteration continues the same generator; `return()` from an abandoned loop must not end it.
      return { next: () => it.next(), return: async () => ({ done: true, value: undefined }) };
    },
  };
}

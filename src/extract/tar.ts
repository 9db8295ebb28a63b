/**
 * TAR (ustar, pax and GNU long names), read through the same pull reader as zip: 512-byte headers, member bodies by
 * count, padding skipped. Only regular files are members; links, devices and directories are passed over.
 */
import type { ArchiveMember } from './archive.js';
import { ByteReader } from './bytes.js';
import { countExpanded, type ExpansionBudget } from './inflate.js';
import { ExtractError, type ByteSource } from './types.js';

const BLOCK = 512;
const MAX_META_BYTES = 1 << 20; // pax / long-name records are small; anything bigger is not a tar we trust

export function isTar(head: Uint8Array): boolean {
  if (head.length < BLOCK) return false;
  const magic = String.fromCharCode(...head.subarray(257, 262));
  if (magic === 'ustar') return true;
  // Old (v7) tar: no magic, but the header checksum must add up.
  return checksumOk(head.subarray(0, BLOCK));
}

function checksumOk(header: Uint8Array): boolean {
  const stored = parseOctal(header.subarray(148, 156));
  if (stored === undefined) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum === stored;
}

function parseOctal(field: Uint8Array): number | undefined {
  // GNU base-256 for sizes ≥ 8 GiB.
  if (field[0] & 0x80) {
    let n = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i];
    return n;
  }
  const text = String.fromCharCode(...field).replace(/\0.*$/s, '').trim();
  if (!/^[0-7]+$/.test(text)) return text === '' ? 0 : undefined;
  return parseInt(text, 8);
}

function cString(field: Uint8Array): string {
  const end = field.indexOf(0);
  return new TextDecoder('utf-8').decode(end === -1 ? field : field.subarray(0, end));
}

function parsePax(body: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const text = new TextDecoder('utf-8').decode(body);
  for (const line of text.split('\n')) {
    const m = /^\d+ ([^=]+)=(.*)$/s.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

export async function* readTarMembers(source: ByteSource, budget: ExpansionBudget): AsyncGenerator<ArchiveMember> {
  const reader = new ByteReader(source);
  let longName: string | undefined;
  let pax: Record<string, string> = {};
  try {
    for (;;) {
      const header = await reader.read(BLOCK);
      if (header.length === 0) return;
      if (header.length < BLOCK) throw new ExtractError('MALFORMED_FILE', 'truncated tar header', true);
      if (header.every((b) => b === 0)) return; // end-of-archive marker
      if (!checksumOk(header)) throw new ExtractError('MALFORMED_FILE', 'bad tar header checksum', true);
      const size = parseOctal(header.subarray(124, 136));
      if (size === undefined) throw new ExtractError('MALFORMED_FILE', 'bad tar size field', true);
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      const type = String.fromCharCode(header[156] || 0x30);

      if (type === 'x' || type === 'g' || type === 'L') {
        if (size > MAX_META_BYTES) throw new ExtractError('MALFORMED_FILE', 'tar metadata record too large', true);
        const body = await reader.read(padded);
        if (body.length < padded) throw new ExtractError('MALFORMED_FILE', 'truncated tar metadata', true);
        if (type === 'x') pax = parsePax(body.subarray(0, size));
        if (type === 'L') longName = cString(body.subarray(0, size));
        continue;
      }
      const prefix = header[257] === 0x75 ? cString(header.subarray(345, 500)) : '';
      const baseName = cString(header.subarray(0, 100));
      const name = pax.path ?? longName ?? (prefix ? `${prefix}/${baseName}` : baseName);
      const memberSize = pax.size !== undefined && /^\d+$/.test(pax.size) ? Number(pax.size) : size;
      const mtime = parseOctal(header.subarray(136, 148));
      longName = undefined;
      pax = {};
      const bodyPadded = Math.ceil(memberSize / BLOCK) * BLOCK;
      if ((type !== '0' && type !== '\0' && type !== '7') || name.endsWith('/')) {
        await reader.skip(bodyPadded);
        continue;
      }
      let remaining = memberSize;
      const raw = (async function* () {
        while (remaining > 0) {
          const chunk = await reader.readSome(Math.min(remaining, 1 << 16));
          if (chunk.length === 0) throw new ExtractError('MALFORMED_FILE', 'tar member data is truncated', true);
          remaining -= chunk.length;
          yield chunk;
        }
      })();
      yield {
        name,
        size: memberSize,
        ...(mtime ? { lastModified: new Date(mtime * 1000) } : {}),
        content: countExpanded(raw, budget, name),
      };
      await reader.skip(remaining + (bodyPadded - memberSize));
    }
  } finally {
    await reader.close();
  }
}

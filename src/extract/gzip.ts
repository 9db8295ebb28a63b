/**
 * GNU zip: one member, named from the gzip header's FNAME or the object name without `.gz`/`.gzip` (`.tgz` →
 * `.tar`). Concatenated gzip members decompress as one stream, as gunzip does.
 */
import type { ArchiveMember } from './archive.js';
import { inflateGuarded, type ExpansionBudget } from './inflate.js';
import type { ByteSource } from './types.js';
import { bytesOf } from './bytes.js';

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The member name for a gzip object: the header's FNAME if present, else the outer name without its extension. */
export function gzipMemberName(outerName: string, head: Uint8Array): string {
  const fromHeader = headerFileName(head);
  if (fromHeader) return fromHeader;
  const base = outerName.split('/').pop() ?? outerName;
  if (/\.tgz$/i.test(base)) return base.replace(/\.tgz$/i, '.tar');
  return base.replace(/\.(gz|gzip)$/i, '');
}

function headerFileName(head: Uint8Array): string | undefined {
  if (!isGzip(head) || head.length < 10) return undefined;
  const flags = head[3];
  let at = 10;
  if (flags & 0x04) {
    if (head.length < at + 2) return undefined;
    at += 2 + (head[at] | (head[at + 1] << 8));
  }
  if (!(flags & 0x08)) return undefined;
  const end = head.indexOf(0, at);
  if (end === -1) return undefined;
  // FNAME is ISO 8859-1; keep only the last path element.
  const name = new TextDecoder('latin1').decode(head.subarray(at, end));
  return name.split(/[\\/]/).pop() || undefined;
}

export async function* readGzipMembers(source: ByteSource, outerName: string, head: Uint8Array, budget: ExpansionBudget): AsyncGenerator<ArchiveMember> {
  const name = gzipMemberName(outerName, head);
  yield { name, content: inflateGuarded(bytesOf(source), 'gzip', budget, name) };
}

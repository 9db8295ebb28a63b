/**
 * The zip layer of Office Open XML files (xlsx, docx): the package's parts the reader asks for, decompressed through
 * the same guarded zip reader as archives (zip.ts, inflate.ts), so bombs are stopped the same way. The limits are
 * Macie's OOXML ones: the expansion ratio (ScanLimits.maxExpansionRatio) gives OOXML_UNCOMPRESSED_RATIO_EXCEEDS_LIMIT
 * and the total uncompressed XML (maxOoxmlExpandedBytes) OOXML_UNCOMPRESSED_SIZE_EXCEEDS_LIMIT.
 */
import type { ScanLimits } from '../common/index.js';
import { concatBytes } from './bytes.js';
import { newBudget } from './inflate.js';
import { ExtractError, type ByteSource } from './types.js';
import { readZipMembers } from './zip.js';

export type OoxmlLimits = Pick<ScanLimits, 'maxExpansionRatio' | 'maxOoxmlExpandedBytes' | 'maxArchiveMembers' | 'maxArchiveDepth'>;

const utf8 = new TextDecoder('utf-8');

/** The wanted parts' text by part name (without a leading slash). Parts not wanted are skipped unread. */
export async function readOoxmlParts(source: ByteSource, limits: OoxmlLimits, wanted: (name: string) => boolean, label: string): Promise<Map<string, string>> {
  const budget = newBudget({ ...limits, maxExpandedBytes: limits.maxOoxmlExpandedBytes });
  const parts = new Map<string, string>();
  let members = 0;
  try {
    for await (const member of readZipMembers(source, budget)) {
      if (++members > limits.maxArchiveMembers) throw new ExtractError('MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT', `${label} has more than ${limits.maxArchiveMembers} parts`);
      const name = member.name.replace(/^\/+/, '');
      if (!wanted(name)) continue;
      if (member.unreadable) throw new ExtractError('MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT', `${label}: ${member.unreadable.message}`);
      const chunks: Uint8Array[] = [];
      for await (const chunk of member.content) chunks.push(chunk);
      parts.set(name, utf8.decode(concatBytes(chunks)));
    }
  } catch (err) {
    if (err instanceof ExtractError) {
      if (err.reason === 'ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT') {
        // inflate.ts: a total-bytes stop is object-wide, a ratio stop is not.
        throw err.stopsObject
          ? new ExtractError('OOXML_UNCOMPRESSED_SIZE_EXCEEDS_LIMIT', `${label}: uncompressed parts exceed ${limits.maxOoxmlExpandedBytes} bytes`)
          : new ExtractError('OOXML_UNCOMPRESSED_RATIO_EXCEEDS_LIMIT', `${label}: ${err.message}`);
      }
      if (err.reason === 'MALFORMED_FILE') throw new ExtractError('MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT', `${label}: ${err.message}`);
      throw err;
    }
    throw new ExtractError('MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT', `${label}: ${(err as Error)?.message ?? String(err)}`);
  }
  return parts;
}

/** Resolves a relationship target against the folder of the part that holds the relationships. */
export function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').filter(Boolean);
  for (const step of target.split('/')) {
    if (step === '..') parts.pop();
    else if (step !== '.' && step !== '') parts.push(step);
  }
  return parts.join('/');
}

/** `Id → Target` of a `.rels` part. */
export function relationships(xml: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!xml) return out;
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[1])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[1])?.[1];
    if (id && target) out.set(id, decodeXmlAttr(target));
  }
  return out;
}

export function decodeXmlAttr(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    switch (e) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
      default: {
        const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      }
    }
  });
}

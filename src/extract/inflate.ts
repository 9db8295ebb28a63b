/**
 * Guarded decompression for gzip and zip members: input is fed in small slices so one slice can never inflate into
 * more than a few MB, and after each slice the member's expansion ratio and the object's total expanded bytes are
 * checked (ScanLimits.maxExpansionRatio, maxExpandedBytes). A bomb is stopped after a bounded amount of work.
 */
import { Readable } from 'node:stream';
import { createGunzip, createInflateRaw } from 'node:zlib';
import type { ScanLimits } from '../common/index.js';
import { ExtractError } from './types.js';

/** Shared by everything extracted from one object. */
export interface ExpansionBudget {
  readonly limits: Pick<ScanLimits, 'maxExpansionRatio' | 'maxExpandedBytes' | 'maxArchiveMembers' | 'maxArchiveDepth'>;
  expandedBytes: number;
  members: number;
}

export function newBudget(limits: ExpansionBudget['limits']): ExpansionBudget {
  return { limits, expandedBytes: 0, members: 0 };
}

/** Small members legitimately reach high ratios (a page of spaces); the ratio is judged past this much output. */
export const RATIO_CHECK_FLOOR_BYTES = 1 << 20;
/** Input is written in slices this big: at most ~1032× this comes out of one write (deflate's ceiling). */
const SLICE_BYTES = 4096;

/** Counts bytes that leave a container (stored zip members, tar members) against the object's total. */
export async function* countExpanded(content: AsyncIterable<Uint8Array>, budget: ExpansionBudget, label: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of content) {
    budget.expandedBytes += chunk.length;
    checkTotal(budget, label);
    yield chunk;
  }
}

export async function* inflateGuarded(
  compressed: AsyncIterable<Uint8Array>,
  kind: 'deflate-raw' | 'gzip',
  budget: ExpansionBudget,
  label: string,
): AsyncGenerator<Uint8Array> {
  // Native zlib (fast, and it reports truncated input). The input side is pulled from `compressed` one chunk at a
  // time and never concurrently with our own return(), so a container can safely skip the member's rest afterwards.
  const it = compressed[Symbol.asyncIterator]();
  let inBytes = 0;
  let outBytes = 0;
  let pulling: Promise<void> | undefined;
  let rest: Uint8Array | undefined; // the part of the last pulled chunk not yet handed to zlib
  const input = new Readable({
    highWaterMark: SLICE_BYTES,
    read() {
      // One slice per call, so input counted here is input zlib is about to inflate (the ratio stays honest).
      if (rest && rest.length > 0) {
        const slice = rest.subarray(0, SLICE_BYTES);
        rest = rest.subarray(slice.length);
        inBytes += slice.length;
        input.push(slice);
        return;
      }
      if (pulling) return;
      pulling = (async () => {
        try {
          const next = await it.next();
          if (next.done) input.push(null);
          else {
            const slice = next.value.subarray(0, SLICE_BYTES);
            rest = next.value.subarray(slice.length);
            inBytes += slice.length;
            input.push(slice);
          }
        } catch (err) {
          input.destroy(err as Error);
        } finally {
          pulling = undefined;
        }
      })();
    },
  });
  const engine = kind === 'gzip' ? createGunzip() : createInflateRaw();
  input.on('error', (err) => engine.destroy(err));
  input.pipe(engine);
  try {
    for await (const out of engine as AsyncIterable<Buffer>) {
      outBytes += out.length;
      budget.expandedBytes += out.length;
      if (outBytes > RATIO_CHECK_FLOOR_BYTES && outBytes > inBytes * budget.limits.maxExpansionRatio) {
        throw new ExtractError(
          'ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT',
          `${label} expands more than ${budget.limits.maxExpansionRatio}:1 (${outBytes} bytes from ${inBytes})`,
        );
      }
      checkTotal(budget, label);
      yield out;
    }
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw new ExtractError('MALFORMED_FILE', `${label}: corrupt compressed data (${(err as Error).message})`, true);
  } finally {
    input.unpipe(engine);
    engine.destroy();
    input.destroy();
    await pulling;
    await it.return?.();
  }
}

function checkTotal(budget: ExpansionBudget, label: string): void {
  if (budget.expandedBytes > budget.limits.maxExpandedBytes) {
    throw new ExtractError(
      'ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT',
      `extracted data exceeds ${budget.limits.maxExpandedBytes} bytes (at ${label})`,
      true,
      true,
    );
  }
}

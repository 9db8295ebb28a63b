/**
 * Apache Avro object container files (avsc's block decoder): every datum of every block, with the null, deflate and
 * snappy codecs; each leaf value a segment at Macie's `records` location (recordIndex = datum number from 0, jsonPath
 * of the field). Unions of one type and null are unwrapped (avsc's `wrapUnions: 'auto'`), so paths name fields only.
 * Bounds: streamed block by block; a compressed block may not inflate past maxExpansionRatio times its size (nor
 * past maxDocumentBytes); records nest at most maxJsonDepth deep.
 */
import avro from 'avsc';
import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import { compressors } from 'hyparquet-compressors';
import type { ScanLimits } from '../common/index.js';
import { bytesOf } from './bytes.js';
import { RATIO_CHECK_FLOOR_BYTES } from './inflate.js';
import type { ValueLimits } from './long-values.js';
import { RecordPaths, walkValue } from './record-walk.js';
import { ExtractError, type ByteSource, type Segment } from './types.js';

type Limits = Pick<ScanLimits, 'maxDocumentBytes' | 'maxExpansionRatio' | 'maxJsonDepth'> & ValueLimits;
type Callback = (err: Error | null, out?: Buffer) => void;

/** Snappy's preamble: the uncompressed length as a little-endian base-128 varint. */
function snappyLength(input: Uint8Array): number {
  let length = 0;
  for (let i = 0, shift = 1; i < 5 && i < input.length; i++, shift *= 128) {
    length += (input[i] & 0x7f) * shift;
    if ((input[i] & 0x80) === 0) return length;
  }
  return -1;
}

function codecs(limits: Limits): Record<string, (buffer: Buffer, callback: Callback) => void> {
  const cap = (compressed: number): number => Math.min(limits.maxDocumentBytes, Math.max(RATIO_CHECK_FLOOR_BYTES, compressed * limits.maxExpansionRatio));
  return {
    null: (buffer, callback) => callback(null, buffer),
    deflate: (buffer, callback) => {
      try {
        callback(null, inflateRawSync(buffer, { maxOutputLength: cap(buffer.length) }));
      } catch (err) {
        callback(new ExtractError('UNABLE_TO_PARSE_FILE', `avro: deflate block: ${(err as Error).message}`));
      }
    },
    snappy: (buffer, callback) => {
      // Avro's snappy blocks end with the CRC-32 of the uncompressed data (4 bytes).
      try {
        const body = buffer.subarray(0, buffer.length - 4);
        const length = snappyLength(body);
        if (length < 0 || length > cap(buffer.length)) throw new Error(`declares ${length} bytes from ${buffer.length}`);
        const out = compressors.SNAPPY!(body, length);
        callback(null, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
      } catch (err) {
        callback(new ExtractError('UNABLE_TO_PARSE_FILE', `avro: snappy block: ${(err as Error).message}`));
      }
    },
  };
}

export async function* readAvro(source: ByteSource, limits: Limits): AsyncGenerator<Segment> {
  const decoder = new avro.streams.BlockDecoder({ codecs: codecs(limits) as never });
  const input = Readable.from(bytesOf(source));
  let failure: Error | undefined;
  input.on('error', (err) => decoder.destroy(err));
  let sawHeader = false;
  decoder.on('metadata', () => (sawHeader = true));
  input.pipe(decoder);
  let recordIndex = 0;
  const paths = new RecordPaths();
  const out: Segment[] = [];
  try {
    for await (const datum of decoder as AsyncIterable<unknown>) {
      walkValue(out, datum, recordIndex++, '$', paths.root, 0, limits.maxJsonDepth, limits, paths);
      for (const segment of out) yield segment;
      out.length = 0;
    }
    // avsc ends quietly when the last block is cut short; its reader's leftover bytes tell (avsc 5.7 internals).
    const tap = (decoder as unknown as { _tap?: { buf?: Uint8Array; pos?: number } })._tap;
    if (!sawHeader) failure = new Error('the file ends inside its header');
    else if (tap?.buf && typeof tap.pos === 'number' && tap.buf.length > tap.pos) failure = new Error(`the file ends inside a block (${tap.buf.length - tap.pos} bytes left over)`);
  } catch (err) {
    failure = err as Error;
  } finally {
    input.unpipe(decoder);
    input.destroy();
    decoder.destroy();
  }
  if (failure) {
    if (failure instanceof ExtractError) throw new ExtractError(failure.reason, failure.message, recordIndex > 0);
    throw new ExtractError('UNABLE_TO_PARSE_FILE', `avro: ${failure.message.slice(0, 200)}`, recordIndex > 0);
  }
}

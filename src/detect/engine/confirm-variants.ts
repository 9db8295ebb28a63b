// For tests of the checks the candidate pass makes (card, IBAN): the whole catalog's scanner in four variants, native
// or JavaScript pass, with or without the checks, sharing everything else, so their windows and detections compare.
import { compileScanner } from '../index.js';
import { Prefilter, type PrefilterInput } from './prefilter.js';
import { CompiledScanner, type CompiledParts } from './scan.js';

export interface ConfirmVariants {
  /** The whole catalog's compiled parts and its prefilter's input, as compiled. */
  parts: CompiledParts;
  input: PrefilterInput;
  nativeConfirm: CompiledScanner;
  jsConfirm: CompiledScanner;
  nativeAll: CompiledScanner;
  jsAll: CompiledScanner;
}

export function confirmVariants(): ConfirmVariants {
  const parts = (compileScanner({ managedSelector: 'ALL' }) as unknown as { parts: CompiledParts }).parts;
  const input: PrefilterInput = parts.prefilter.input;
  const scannerWith = (over: Partial<PrefilterInput>): CompiledScanner => new CompiledScanner({ ...parts, prefilter: new Prefilter({ ...input, ...over }) });
  return {
    parts,
    input,
    nativeConfirm: scannerWith({}),
    jsConfirm: scannerWith({ useNative: false }),
    nativeAll: scannerWith({ confirmShapes: false }),
    jsAll: scannerWith({ useNative: false, confirmShapes: false }),
  };
}

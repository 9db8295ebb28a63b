/** The tables a scanner's prefilter gives the native addon, kept from its compile call (for the native-* benches). */
import type { NativeCandidates } from '../../src/detect/engine/native.js';

export type CompileArgs = Parameters<NativeCandidates['compile']>;

/** Compiles a whole-catalog scanner with `compileScanner` (of any tree) and returns what it passed `lib.compile`. */
export function catalogTables(lib: NativeCandidates, compileScanner: (options: { managedSelector: 'ALL' }) => { scan(text: string): unknown }): CompileArgs {
  const open = lib as { -readonly [K in keyof NativeCandidates]: NativeCandidates[K] };
  const compile = open.compile;
  let args: CompileArgs | undefined;
  open.compile = (...a: CompileArgs) => {
    args = a;
    return compile(...a);
  };
  try {
    compileScanner({ managedSelector: 'ALL' }).scan('warm up'); // the prefilter compiles its automaton on a first scan
  } finally {
    open.compile = compile;
  }
  if (!args) throw new Error('the prefilter did not compile a native automaton');
  return args;
}

// The scan bundle as one classic script for bin/sift.js's V8 code cache (issue 12, start-up; src/cli/code-cache.ts):
// Node 20 keeps no code cache for ES modules, only for `vm.Script`, so this is the same entry bundled as CommonJS and
// wrapped in a function expression. Differences from the ES module bundle (scan.mjs), each forced by the format:
// - no chunks: the lazily loaded readers are in the one file, initialized on their first `import()` as before;
// - packages that are ES modules (postal-mime, hyparquet, htmlparser2, ...) are bundled, since a CommonJS `require()`
//   of one is ERR_REQUIRE_ESM on Node 20; esbuild picks the same files the ES module bundle's `import` resolves to.
//   CommonJS packages (cfb, avsc, word-extractor) stay external and are `require()`d from node_modules;
// - a dynamic `import()` of a package (pdfjs-dist, cli-progress) becomes a call of the wrapper's `__siftImport`, which
//   the loader answers with its own `import()`: Node 20 gives a script's `import()` a loader only through the
//   `importModuleDynamically` option, which functions restored from a code cache lose (ERR_VM_DYNAMIC_IMPORT_CALLBACK_
//   MISSING, measured on 20.20) and whose main-context form prints an ExperimentalWarning;
// - `import.meta` is the wrapper's last parameter, whose `url` is the ES module bundle's (same directory), so the
//   paths derived from it (the native addons in build/Release, the stored automata) are the same, and a scan worker
//   (`new Worker(new URL(import.meta.url))`) starts on the ES module bundle.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The wrapper's parameters, in the order src/cli/code-cache.ts passes them. */
export const SCRIPT_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname', '__siftImportMeta', '__siftImport'];

/** Whether a resolved file is an ES module, as Node decides it: by extension, else by the nearest package.json's type. */
function isEsModule(file) {
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type === 'module';
    } catch {
      if (dirname(dir) === dir) return false;
    }
  }
}

/** Keeps CommonJS packages and dynamic imports of packages external; ES module packages are bundled. */
const esModulePackagesBundled = {
  name: 'es-module-packages-bundled',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      if (args.kind === 'dynamic-import') return { external: true };
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      if (found.errors.length > 0 || found.external) return undefined;
      return isEsModule(found.path) ? undefined : { external: true };
    });
  },
};

/** Bundles `entry` into the wrapped script's source text. */
export async function bundleScanScript(esbuild, entry) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'import.meta': '__siftImportMeta' },
    plugins: [esModulePackagesBundled],
    metafile: true,
    logLevel: 'warning',
  });
  let code = result.outputFiles[0].text;
  // esbuild prints a dynamic import of an external package as `import("specifier")`, the specifier as written.
  for (const { path, kind } of Object.values(result.metafile.outputs)[0].imports) {
    if (kind !== 'dynamic-import' || !/^[^./]/.test(path)) continue;
    const call = `import(${JSON.stringify(path)})`;
    if (!code.includes(call)) throw new Error(`bundle-scan: ${call} not found in the scan script`);
    code = code.replaceAll(call, `__siftImport(${JSON.stringify(path)})`);
  }
  // (esbuild prints its own calls with double quotes; packages' JSDoc types name modules in single quotes.)
  if (/\bimport\("/.test(code)) throw new Error('bundle-scan: the scan script has an import() the loader would not answer');
  return `(function (${SCRIPT_PARAMETERS.join(', ')}) {${code}\n})`;
}

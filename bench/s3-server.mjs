// The S3 benchmark's server: Sift's compiled server (dist/, `npm run build`) on a data directory, with encryption at
// rest on (default) or, with --plaintext, off — an internal switch that exists for this comparison only (objects
// written that way report no encryption). Prints the endpoint as `AWS_ENDPOINT_URL=…` once ready.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// SIFT_BENCH_ROOT: another checkout's compiled server (before/after comparisons).
const root = process.env.SIFT_BENCH_ROOT ? new URL(`file://${process.env.SIFT_BENCH_ROOT}/`) : new URL('..', import.meta.url);
const { loadConfig } = await import(new URL('dist/common/index.js', root).href);
const { createSift } = await import(new URL('dist/gateway/index.js', root).href);

const [dataDir, mode] = process.argv.slice(2);
const config = loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'error' });
const sift = await createSift({ config, encryptAtRest: mode !== '--plaintext' });
process.stdout.write(`AWS_ENDPOINT_URL=${await sift.listen()}\n`);
process.on('SIGTERM', () => void sift.close().then(() => process.exit(0)));

// The S3 benchmark's server: Sift's compiled server (dist/, `npm run build`) on a data directory, with encryption at
// rest on (default) or, with --plaintext, off — an internal switch that exists for this comparison only (objects
// written that way report no encryption). Prints the endpoint as `AWS_ENDPOINT_URL=…` once ready.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { loadConfig } = await import('../dist/common/index.js');
const { createSift } = await import('../dist/gateway/index.js');

const [dataDir, mode] = process.argv.slice(2);
const config = loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'error' });
const sift = await createSift({ config, encryptAtRest: mode !== '--plaintext' });
process.stdout.write(`AWS_ENDPOINT_URL=${await sift.listen()}\n`);
process.on('SIGTERM', () => void sift.close().then(() => process.exit(0)));

// SigV4 parse + verify of one signed GetMacieSession request, in process, CPU per call: the gateway's signature work
// alone, A/B between two built trees (alternated processes), for changes too small for the whole-server figure.
//   npx tsx bench/gateway-sigv4-ab.ts <treeA> <treeB> [rounds]
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { treeAb } from './tree-ab.js';

await treeAb({
  file: import.meta.filename,
  label: 'parse+verify',
  iterations: 200_000,
  async setup(tree) {
    const sig = await import(`${tree}/dist/protocol/sigv4/index.js`);
    const creds = { accessKeyId: 'AKIABENCHMARKKEY0001', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0000' };
    const signed = await new SignatureV4({ service: 'macie2', region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({
      method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 4566, path: '/macie', headers: { host: '127.0.0.1:4566', 'content-type': 'application/json' },
    });
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const req = { method: 'GET', path: '/macie', rawQuery: '', headers };
    const now = new Date();
    return (n) => {
      for (let i = 0; i < n; i++) {
        const parsed = sig.parseSignature(req, now, { dialect: 'rest-json' });
        sig.verifySignature(parsed, creds, req, sig.EMPTY_SHA256);
      }
    };
  },
});

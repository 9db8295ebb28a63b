// SigV4 parse + verify of one signed GetMacieSession request, in process, CPU per call: the gateway's signature work
// alone, A/B between two built trees (alternated processes), for changes too small for the whole-server figure.
//   npx tsx bench/gateway-sigv4-ab.ts <treeA> <treeB> [rounds]
import { execFileSync } from 'node:child_process';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

const N = 200_000;
if (process.argv[2] === '--child') {
  const tree = process.argv[3]!;
  const sig = await import(`${tree}/dist/protocol/sigv4/index.js`);
  const creds = { accessKeyId: 'AKIABENCHMARKKEY0001', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0000' };
  const signed = await new SignatureV4({ service: 'macie2', region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({
    method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 4566, path: '/macie', headers: { host: '127.0.0.1:4566', 'content-type': 'application/json' },
  });
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const req = { method: 'GET', path: '/macie', rawQuery: '', headers };
  const now = new Date();
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      const parsed = sig.parseSignature(req, now, { dialect: 'rest-json' });
      sig.verifySignature(parsed, creds, req, sig.EMPTY_SHA256);
    }
  };
  run(N); // warm-up
  const before = process.cpuUsage();
  run(N);
  const used = process.cpuUsage(before);
  console.log(((used.user + used.system) / N).toFixed(3));
} else {
  const [a, b, rounds = '3'] = process.argv.slice(2);
  const results: Record<string, number[]> = { [a!]: [], [b!]: [] };
  for (let r = 0; r < Number(rounds); r++) {
    for (const tree of [a!, b!]) {
      results[tree]!.push(Number(execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--child', tree], { encoding: 'utf8' }).trim()));
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  for (const tree of [a!, b!]) console.log(`${tree}: µs CPU per parse+verify ${results[tree]!.map((x) => x.toFixed(2)).join(' / ')} (median ${median(results[tree]!).toFixed(2)})`);
}

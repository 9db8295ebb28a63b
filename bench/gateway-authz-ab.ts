// IAM authorization of one GetMacieSession call by the account's root user (the gateway bench's caller), in process,
// CPU per call: A/B between two built trees (alternated processes), for changes too small for the whole-server figure.
//   npx tsx bench/gateway-authz-ab.ts <treeA> <treeB> [rounds]
import { execFileSync } from 'node:child_process';

const N = 1_000_000;
if (process.argv[2] === '--child') {
  const tree = process.argv[3]!;
  const { authorizeRequest } = await import(`${tree}/dist/iam/authorize.js`);
  const clock = { now: () => new Date(), nowMs: () => Date.now() };
  const principal = { type: 'Root', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root', principalId: '123456789012', accessKeyId: 'AKIABENCHMARKKEY0001' };
  const credential = { secretAccessKey: 'benchmark', policies: [], principal };
  const ctx = { principal, accountId: '123456789012', region: 'us-east-1', requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 'aws-sdk-js/3' };
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      if (!authorizeRequest({ ctx, credential, action: 'macie2:GetMacieSession', resource: '*', context: {} }).allowed) throw new Error('denied');
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
  for (const tree of [a!, b!]) console.log(`${tree}: µs CPU per authorization ${results[tree]!.map((x) => x.toFixed(2)).join(' / ')} (median ${median(results[tree]!).toFixed(2)})`);
}

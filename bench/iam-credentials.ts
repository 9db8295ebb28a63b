// Benchmark (prints figures, asserts nothing): the CPU cost of a password hash (scrypt, what CreateLoginProfile,
// UpdateLoginProfile and ChangePassword pay per password, and per remembered password under reuse prevention), and
// of GenerateCredentialReport for an account of many users, each with a password and two access keys.
//   npx tsx bench/iam-credentials.ts [users=1000] [hashes=20]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, MasterKey, randomIds, type RequestContext } from '../src/common/index.js';
import { openStore } from '../src/store/index.js';
import { AccountAliases, AccountFacts, CredentialReports, hashPassword, IamDirectory, LoginProfiles, MfaDevices, ServerCertificates, UserCredentials } from '../src/iam/index.js';
import { accountOps } from '../src/services/iam/ops/account.js';

const users = Number(process.argv[2] ?? 1000);
const hashes = Number(process.argv[3] ?? 20);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

const c0 = cpu();
const t0 = performance.now();
for (let i = 0; i < hashes; i++) await hashPassword(`Password-${i}!`);
console.log(`hashPassword: ${((cpu() - c0) / hashes).toFixed(1)} ms CPU, ${((performance.now() - t0) / hashes).toFixed(1)} ms wall per hash (${hashes} hashes)`);

const dir = mkdtempSync(join(tmpdir(), 'sift-bench-iamcred-'));
const store = await openStore(join(dir, 'sift.db'));
const clock = new ManualClock(Date.UTC(2026, 2, 1));
const account = '111122223333';
const directory = new IamDirectory(store.db, clock, randomIds, MasterKey.generate().secretBox('bench'));
const logins = new LoginProfiles(store.db, clock);
const hash = await hashPassword('Shared-Passw0rd');
await directory.ensureAccount(account);
for (let i = 0; i < users; i++) {
  const name = `user-${i}`;
  await directory.createUser(account, name);
  await directory.createAccessKey(account, name);
  await directory.createAccessKey(account, name);
  await logins.create(account, name, hash, false);
}
const ops = accountOps({
  directory, mfa: new MfaDevices(store.db, clock), logins, credentials: new UserCredentials(store.db, clock), aliases: new AccountAliases(store.db, clock),
  reports: new CredentialReports(store.db), facts: new AccountFacts(store.db), serverCertificates: new ServerCertificates(store.db, clock), clock,
});
const ctx = { accountId: account, region: 'us-east-1', clock } as unknown as RequestContext;
const runs = 5;
const c1 = cpu();
const t1 = performance.now();
for (let i = 0; i < runs; i++) {
  clock.advance(5 * 3600_000); // each run past the previous report's four hours, so it is built again
  await ops.generateCredentialReport(ctx);
}
console.log(`GenerateCredentialReport, ${users} users × (password + 2 keys): ${((cpu() - c1) / runs).toFixed(1)} ms CPU, ${((performance.now() - t1) / runs).toFixed(1)} ms wall per report (${runs} runs)`);
const report = await ops.getCredentialReport(ctx);
console.log(`report size: ${report.Content!.length} bytes, ${Buffer.from(report.Content!).toString().split('\n').length - 1} rows`);
await store.close();
rmSync(dir, { recursive: true, force: true });

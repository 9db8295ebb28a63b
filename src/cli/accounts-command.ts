// `sift accounts create|isolate|restore|list`: operator commands on the accounts of an installation. `create` makes a
// standalone account (no organization) and prints its root keys once; `isolate` is the local stand-in for AWS
// isolating an account (its resources can't be reached: a job skips its buckets with ACCOUNT_ISOLATED).
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, randomIds, systemClock } from '../common/index.js';
import { openStore } from '../store/index.js';
import { AccountRegistry, IamDirectory, IamVersion } from '../iam/index.js';
import { loadMasterKey, sealDataDir, verifyMasterKey } from '../gateway/index.js';

interface CommonOpts {
  dataDir?: string;
  databaseUrl?: string;
}

async function withAccounts<T>(opts: CommonOpts, fn: (accounts: AccountRegistry) => Promise<T>): Promise<T> {
  const config = loadConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  sealDataDir(config.dataDir);
  const masterKey = loadMasterKey(config.dataDir, config.masterKey);
  const store = await openStore(config.databaseUrl ?? join(config.dataDir, 'sift.db'));
  try {
    await verifyMasterKey(store.db, masterKey);
    // The same sealing context as the server's directory, so the server can open the keys written here.
    // Every change moves IAM's counter in the store, so running servers see it on their next call.
    const version = new IamVersion(store.db);
    const changed = () => version.bump();
    const directory = new IamDirectory(store.db, systemClock, randomIds, masterKey.secretBox('sift/iam/access-key-secrets'), changed);
    return await fn(new AccountRegistry(store.db, directory, systemClock, randomIds, changed));
  } finally {
    await store.close();
  }
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export function registerAccountsCommand(program: Command): Command {
  const accounts = program.command('accounts').description('Create, isolate and list accounts');
  const common = (c: Command) => c.option('--data-dir <dir>', 'data directory').option('--database-url <url>', 'postgres:// URL instead of the SQLite file');
  common(
    accounts
      .command('create')
      .description('Create a standalone account and print its root access key (shown once)')
      .requiredOption('--name <name>', 'account name (1-50 characters)')
      .requiredOption('--email <email>', 'root user email (unique)'),
  ).action(async (o: CommonOpts & { name: string; email: string }) => {
    if (o.name.length < 1 || o.name.length > 50) program.error('--name must be 1 to 50 characters');
    if (!EMAIL.test(o.email) || o.email.length > 64) program.error('--email must be an email address of at most 64 characters');
    try {
      const created = await withAccounts(o, async (registry) => {
        if (await registry.emailInUse(o.email)) throw new Error(`an account with email ${o.email} already exists`);
        return registry.create(o.name, o.email);
      });
      process.stdout.write(
        [
          `account ${created.profile.accountId} (${created.profile.name}, ${created.profile.email})`,
          `AWS_ACCESS_KEY_ID=${created.rootKey.accessKeyId}`,
          `AWS_SECRET_ACCESS_KEY=${created.rootKey.secretAccessKey}`,
          '',
        ].join('\n'),
      );
    } catch (err) {
      program.error((err as Error).message);
    }
  });
  for (const [name, isolated, text] of [
    ['isolate', true, 'Isolate an account: jobs skip its buckets (ACCOUNT_ISOLATED)'],
    ['restore', false, 'End an account’s isolation'],
  ] as const) {
    common(accounts.command(`${name} <accountId>`).description(text)).action(async (accountId: string, o: CommonOpts) => {
      if (!/^\d{12}$/.test(accountId)) program.error('the account id is 12 digits');
      const found = await withAccounts(o, (registry) => registry.setIsolated(accountId, isolated));
      if (!found) program.error(`no account ${accountId}`);
      process.stdout.write(`account ${accountId} ${isolated ? 'isolated' : 'no longer isolated'}\n`);
    });
  }
  common(accounts.command('list').description('List accounts with their state')).action(async (o: CommonOpts) => {
    const rows = await withAccounts(o, async (registry) => {
      const out: string[] = [];
      for (const id of await registry.accountIds()) {
        const p = (await registry.profile(id))!;
        out.push(`${p.accountId}\t${p.state}${p.isolated ? ' ISOLATED' : ''}\t${p.name}\t${p.email}`);
      }
      return out;
    });
    process.stdout.write(rows.map((r) => r + '\n').join(''));
  });
  return accounts;
}

// `sift storage bind|unbind|list`: binds an account to an external S3 endpoint (AWS S3, MinIO, Ceph, another Sift),
// persisted in the store, so that its buckets are read from there. Secrets are never printed.
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, systemClock } from '../common/index.js';
import { openStore } from '../store/index.js';
import { StorageBindings } from '../storage/index.js';
import { loadMasterKey, sealDataDir, verifyMasterKey } from '../gateway/index.js';

interface CommonOpts {
  dataDir?: string;
  databaseUrl?: string;
}

async function withBindings<T>(opts: CommonOpts, fn: (b: StorageBindings) => Promise<T>): Promise<T> {
  const config = loadConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  sealDataDir(config.dataDir);
  const masterKey = loadMasterKey(config.dataDir, config.masterKey);
  const store = await openStore(config.databaseUrl ?? join(config.dataDir, 'sift.db'));
  try {
    await verifyMasterKey(store.db, masterKey);
    return await fn(StorageBindings.withMasterKey(store.db, systemClock, masterKey));
  } finally {
    await store.close();
  }
}

export function registerStorageCommand(program: Command): Command {
  const storage = program.command('storage').description('Bind accounts to external S3 endpoints as data sources');
  storage
    .command('bind')
    .description('Read an account’s buckets from an S3-compatible endpoint')
    .requiredOption('--account <id>', '12-digit account id')
    .requiredOption('--endpoint <url>', 'endpoint URL, e.g. https://s3.eu-west-1.amazonaws.com or http://minio:9000')
    .option('--region <region>', 'signing region', 'us-east-1')
    .option('--access-key-id <id>', 'access key id (default: $AWS_ACCESS_KEY_ID)')
    .option('--secret-access-key <secret>', 'secret access key (default: $AWS_SECRET_ACCESS_KEY)')
    .option('--session-token <token>', 'session token (default: $AWS_SESSION_TOKEN)')
    .option('--path-style', 'use path-style addressing (MinIO, Ceph, Sift)', false)
    .option('--data-dir <dir>', 'data directory')
    .option('--database-url <url>', 'postgres:// URL instead of the SQLite file')
    .action(async (o: CommonOpts & { account: string; endpoint: string; region: string; accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; pathStyle: boolean }) => {
      const accessKeyId = o.accessKeyId ?? process.env.AWS_ACCESS_KEY_ID;
      const secretAccessKey = o.secretAccessKey ?? process.env.AWS_SECRET_ACCESS_KEY;
      if (!accessKeyId || !secretAccessKey) program.error('credentials are required: --access-key-id/--secret-access-key or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY');
      try {
        const b = await withBindings(o, (bindings) =>
          bindings.bind(o.account, { endpoint: o.endpoint, region: o.region, accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, sessionToken: o.sessionToken ?? process.env.AWS_SESSION_TOKEN, forcePathStyle: o.pathStyle }),
        );
        process.stdout.write(`account ${b.accountId} now reads buckets from ${b.endpoint} (${b.region}${b.forcePathStyle ? ', path-style' : ''})\n`);
      } catch (err) {
        program.error((err as Error).message);
      }
    });
  storage
    .command('unbind')
    .description('Read an account’s buckets from the embedded store again')
    .requiredOption('--account <id>', '12-digit account id')
    .option('--data-dir <dir>', 'data directory')
    .option('--database-url <url>', 'postgres:// URL instead of the SQLite file')
    .action(async (o: CommonOpts & { account: string }) => {
      const removed = await withBindings(o, (b) => b.unbind(o.account));
      process.stdout.write(removed ? `account ${o.account} unbound\n` : `account ${o.account} was not bound\n`);
    });
  storage
    .command('list')
    .description('List bound accounts')
    .option('--data-dir <dir>', 'data directory')
    .option('--database-url <url>', 'postgres:// URL instead of the SQLite file')
    .action(async (o: CommonOpts) => {
      const all = await withBindings(o, (b) => b.list());
      for (const b of all) process.stdout.write(`${b.accountId}\t${b.endpoint}\t${b.region}\t${b.forcePathStyle ? 'path-style' : 'virtual-host'}\t${b.accessKeyId}\n`);
    });
  return storage;
}

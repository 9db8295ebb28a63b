// `sift worker`: a process that takes work items (job runs and their units, Macie's periodic passes) from the
// shared queue on Redis, with the state in PostgreSQL; any number of them run beside `sift serve --no-workers`.
import type { Command } from 'commander';
import { loadConfig } from '../common/index.js';
import { createSift } from '../gateway/index.js';
import { WORKER_ID } from '../queue/index.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('take work (classification job runs, scheduled passes) from the shared queue: needs SIFT_REDIS_URL and SIFT_DATABASE_URL')
    .option('--data-dir <dir>', 'data directory shared with the API processes: master key and stored objects (env SIFT_DATA_DIR)')
    .option('--database-url <url>', 'postgres://… shared with the API processes (env SIFT_DATABASE_URL)')
    .option('--redis-url <url>', 'redis://host:port/db of the shared queue (env SIFT_REDIS_URL)')
    .action(async (opts: { dataDir?: string; databaseUrl?: string; redisUrl?: string }) => {
      const config = loadConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, redisUrl: opts.redisUrl });
      if (!config.redisUrl) throw new Error('sift worker needs SIFT_REDIS_URL (or --redis-url): the queue it shares with the API processes');
      if (!config.databaseUrl?.startsWith('postgres')) throw new Error('sift worker needs SIFT_DATABASE_URL=postgres://… (or --database-url): the database it shares with the API processes');
      const sift = await createSift({ config, role: 'worker' });
      sift.startWorker();
      process.stdout.write(`Sift worker ${WORKER_ID} is taking work from the queue (prefix ${config.redisPrefix}). Stop with Ctrl-C.\n`);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`\n${signal}: finishing the items in hand…\n`);
        await sift.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}

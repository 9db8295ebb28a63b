// `sift serve`: every service on one port, ready-to-paste AWS_* lines, graceful shutdown on SIGTERM/SIGINT.
import type { Command } from 'commander';
import { loadConfig } from '../common/index.js';
import { consoleBuilt, createSift } from '../gateway/index.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the Sift server: Macie2, S3, KMS, CloudWatch Logs, CloudWatch, CloudTrail, IAM, STS, Organizations and Account on one port')
    .option('--host <host>', 'address to listen on (env SIFT_HOST)')
    .option('--port <port>', 'port to listen on, 0 for any free port (env SIFT_PORT)')
    .option('--data-dir <dir>', 'data directory (env SIFT_DATA_DIR)')
    .option('--database-url <url>', 'postgres://… to keep state in PostgreSQL (env SIFT_DATABASE_URL)')
    .option('--region <region>', 'default region shown in the AWS_* lines (env SIFT_REGION)')
    .option('--redis-url <url>', 'redis://… to share work with `sift worker` processes through a queue (env SIFT_REDIS_URL)')
    .option('--no-workers', 'serve requests only: work goes to the shared queue for `sift worker` processes (needs SIFT_REDIS_URL)')
    .action(async (opts: { host?: string; port?: string; dataDir?: string; databaseUrl?: string; region?: string; redisUrl?: string; workers: boolean }) => {
      const config = loadConfig({ host: opts.host, port: opts.port, dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, region: opts.region, redisUrl: opts.redisUrl });
      if (!opts.workers && !config.redisUrl) throw new Error('sift serve --no-workers needs SIFT_REDIS_URL (or --redis-url): the queue `sift worker` processes take work from');
      const started = Date.now();
      const sift = await createSift({ config, role: opts.workers ? 'all' : 'api' });
      const endpoint = await sift.listen();
      const lines = [
        `Sift is ready at ${endpoint} (${Date.now() - started} ms; data in ${config.dataDir})`,
        '',
        'Paste these lines into your shell to use the AWS CLI or an SDK against Sift:',
        `export AWS_ENDPOINT_URL=${endpoint}`,
        `export AWS_ACCESS_KEY_ID=${sift.root.accessKeyId}`,
        // The secret is shown once, on the start that generated it; it is kept only sealed in the database.
        sift.root.generated
          ? `export AWS_SECRET_ACCESS_KEY=${sift.root.secretAccessKey}`
          : '# AWS_SECRET_ACCESS_KEY: the root secret printed when it was generated (or SIFT_ROOT_SECRET_ACCESS_KEY); it is not shown again',
        `export AWS_REGION=${config.region}`,
        `export AWS_DEFAULT_REGION=${config.region}`,
        '',
        consoleBuilt()
          ? `Web console: ${endpoint}/console/ (sign in with an access key pair, such as the one above)`
          : 'Web console: not built (run npm run build); the API works without it',
        `Account ${sift.root.accountId}. Stop with Ctrl-C.`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        // close() logs the drain (JSON on stderr): no new calls, in-flight ones finish, the audit trail is flushed.
        if (config.logLevel === 'info' || config.logLevel === 'debug') process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'shutting down', signal }) + '\n');
        await sift.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}

// The `sift` command. Each subcommand's module (and what it pulls in: the AWS SDK, the database, the server) is
// imported only when that subcommand runs, so `sift scan` starts without loading the server.
import type { Command } from 'commander';
import { parseScanArgs } from './scan-args.js';

type Register = (program: Command) => void;

const commands: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./serve-command.js')).registerServeCommand,
  scan: async () => (await import('./scan-command.js')).registerScanCommand,
  storage: async () => (await import('./storage-command.js')).registerStorageCommand,
  demo: async () => (await import('./demo-command.js')).registerDemoCommand,
  accounts: async () => (await import('./accounts-command.js')).registerAccountsCommand,
  worker: async () => (await import('./worker-command.js')).registerWorkerCommand,
};

/** The program with the named subcommand only, or with all of them (help, unknown names). */
export async function buildProgram(only?: string): Promise<Command> {
  const { Command } = await import('commander');
  const program = new Command();
  program.name('sift').description('Self-hosted sensitive data discovery, wire-compatible with Amazon Macie').version('0.1.0');
  const names = only !== undefined && only in commands ? [only] : Object.keys(commands);
  for (const register of await Promise.all(names.map((n) => commands[n]!()))) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `sift scan` with plain arguments starts without commander (scan-args.ts); anything else is commander's.
  if (argv[2] === 'scan') {
    const scan = parseScanArgs(argv.slice(3));
    if (scan) {
      const { runScan } = await import('./scan-command.js');
      process.exitCode = await runScan(scan.paths, scan.opts);
      return;
    }
  }
  await (await buildProgram(argv[2])).parseAsync(argv);
}

// The `sift` command.
import { Command } from 'commander';
import { registerServeCommand } from './serve-command.js';
import { registerScanCommand } from './scan-command.js';
import { registerStorageCommand } from './storage-command.js';
import { registerDemoCommand } from './demo-command.js';

export function buildProgram(): Command {
  const program = new Command();
  program.name('sift').description('Self-hosted sensitive data discovery, wire-compatible with Amazon Macie').version('0.1.0');
  registerServeCommand(program);
  registerScanCommand(program);
  registerStorageCommand(program);
  registerDemoCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}


// `sift scan`'s fast argument reading must mean exactly what commander would, or leave the line to commander.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseScanArgs, type ScanArgs } from './scan-args.js';
import { registerScanCommand } from './scan-command.js';

/** What commander hands the scan action for these arguments. */
async function viaCommander(args: string[]): Promise<ScanArgs> {
  const program = new Command();
  program.exitOverride();
  registerScanCommand(program);
  let got: ScanArgs | undefined;
  program.commands[0].exitOverride().action((paths: string[], opts: ScanArgs['opts']) => {
    got = { paths, opts: { ...opts } };
  });
  await program.parseAsync(['scan', ...args], { from: 'user' });
  if (!got) throw new Error('no action');
  return got;
}

describe('sift scan arguments without commander', () => {
  const lines = [
    ['a.txt'],
    ['--json', 'dir'],
    ['dir', '--json', '--identifiers', 'ALL'],
    ['--identifiers=ALL', 'x', 'y', '--json'],
    ['--identifiers', 'SSN,CREDIT_CARD_NUMBER', '--custom', 'c.json', '--allow-list', 'a.txt', 'p'],
    ['--allow-list=w.txt', '--identifiers', 'A', '--identifiers', 'B', 'p'],
    ['-', '--json'],
    ['--custom=', 'p'],
  ];
  it.each(lines)('reads %j as commander does', async (...args) => {
    const fast = parseScanArgs(args);
    expect(fast).toBeDefined();
    expect(fast).toEqual(await viaCommander(args));
  });

  it.each([
    [['--help']], [['-h', 'x']], [['--', '-odd-name']], [['--jsn', 'x']], [['--json=yes', 'x']], [['--identifiers']],
    [['--identifiers', '--json', 'x']], [['-x', 'p']], [['--json']], [[]],
  ])('leaves %j to commander', (args) => {
    expect(parseScanArgs(args)).toBeUndefined();
  });
});

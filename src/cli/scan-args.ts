/**
 * `sift scan`'s arguments read without commander, for the common invocations only: commander (and child_process,
 * which it loads) is about 35 ms of CPU and 600 page faults of a 0.3 s scan of one small file. Anything this does not
 * recognise exactly (help, `--`, an unknown or abbreviated option, a missing value, a path that starts with `-`) returns
 * undefined and the command line goes to commander as before, so usage errors and help read as they always did.
 */
export interface ScanArgs {
  paths: string[];
  opts: { json?: boolean; identifiers?: string; custom?: string; allowList?: string };
}

const VALUED = { '--identifiers': 'identifiers', '--custom': 'custom', '--allow-list': 'allowList' } as const;

export function parseScanArgs(args: readonly string[]): ScanArgs | undefined {
  const paths: string[] = [];
  const opts: ScanArgs['opts'] = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    if (arg === '--json') {
      opts.json = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!Object.hasOwn(VALUED, name)) return undefined;
    const key = VALUED[name as keyof typeof VALUED];
    if (eq !== -1) opts[key] = arg.slice(eq + 1);
    else {
      // A value that looks like an option is left to commander's rules.
      const value = args[i + 1];
      if (value === undefined || value.startsWith('-')) return undefined;
      opts[key] = value;
      i++;
    }
  }
  return paths.length > 0 ? { paths, opts } : undefined;
}

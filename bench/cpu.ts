// CPU time of a process (user + system) from /proc (Linux), in milliseconds: on a shared, noisy machine the CPU a
// server spends per call is a steadier figure than calls per second.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces, hence the last ')'): utime is 14th, stime 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Runs `work` and returns its result with the CPU milliseconds `pid` spent meanwhile. */
export async function withCpu<T>(pid: number, work: () => Promise<T>): Promise<T & { cpuMs: number }> {
  const before = cpuMs(pid);
  const result = await work();
  return { ...result, cpuMs: cpuMs(pid) - before };
}

/** CPU milliseconds of `pid`'s main thread alone (its task whose id is the pid): what bounds one event loop's rate. */
export function mainThreadCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

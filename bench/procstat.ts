/** CPU seconds of processes from Linux /proc (undefined elsewhere or when the process is gone). */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Stat {
  ppid: number;
  /** utime + stime of the process itself, seconds. */
  own: number;
  /** cutime + cstime: children it waited for (PostgreSQL backends that exited), seconds. */
  reaped: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return {
      ppid: Number(fields[1]),
      own: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      reaped: (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/** CPU seconds of one process (user + system). */
export function cpuSeconds(pid: number | undefined): number | undefined {
  return pid === undefined ? undefined : stat(pid)?.own;
}

/**
 * CPU seconds of a process and its live descendants, plus the children it reaped: for the
 * PostgreSQL postmaster, whose work happens in one backend process per connection.
 */
export function treeCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const root = stat(pid);
  if (!root) return undefined;
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (!s) continue;
    const list = children.get(s.ppid) ?? [];
    list.push(Number(name));
    children.set(s.ppid, list);
  }
  let total = 0;
  const walk = (p: number) => {
    const s = stat(p);
    if (!s) return;
    total += s.own + s.reaped;
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return total;
}

/** The 1-minute load average, for the report. */
export function loadAverage(): number[] {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return [];
  }
}

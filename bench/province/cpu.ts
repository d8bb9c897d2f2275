/** CPU seconds of a process and its children (the cluster's workers), read from /proc: Linux only, like the bench. */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** utime + stime of one process, seconds, and with `ended` its waited-for children's too; 0 once it is gone. */
function cpuOf(pid: number, ended = false): number {
  try {
    // The command name may hold spaces: the fields after it are counted from the closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (ended ? own + Number(fields[13]) + Number(fields[14]) : own) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

const pids = (): number[] => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);

/** CPU seconds so far of `root` and of each child, by pid. */
export function processTreeCpu(root: number): Map<number, number> {
  const out = new Map<number, number>([[root, cpuOf(root)]]);
  for (const pid of pids()) if (parentOf(pid) === root) out.set(pid, cpuOf(pid));
  return out;
}

/**
 * CPU seconds so far of the PostgreSQL cluster: its postmaster's own and its ended children's (a backend that exits
 * leaves its time there) plus each live child's. Summing only the live processes went down when a backend closed.
 */
export function postgresCpu(): number {
  const postmasters = pids().filter((pid) => commandOf(pid).startsWith('postgres') && !commandOf(parentOf(pid) ?? 0).startsWith('postgres'));
  let sum = 0;
  for (const root of postmasters) {
    sum += cpuOf(root, true);
    for (const pid of pids()) if (parentOf(pid) === root) sum += cpuOf(pid);
  }
  return sum;
}

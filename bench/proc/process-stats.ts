// Readers of /proc for one process: CPU time, resident memory, children, bytes read. Each returns null
// when the process is gone, which happens (a worker exits, the server dies) and is not an error.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

function sysconf(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

/** Clock ticks per second, the unit of utime and stime in /proc/PID/stat. */
export const CLOCK_TICKS = sysconf('CLK_TCK', 100);
export const PAGE_SIZE = sysconf('PAGESIZE', 4096);

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** User plus system CPU time of a process (all its threads), in seconds. */
export function cpuSeconds(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / CLOCK_TICKS : null;
}

export function rssBytes(pid: number): number | null {
  const statm = read(`/proc/${pid}/statm`);
  if (statm === null) return null;
  const pages = Number(statm.split(' ')[1]);
  return Number.isFinite(pages) ? pages * PAGE_SIZE : null;
}

function parentOf(pid: string): number | null {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // Field 4 (ppid) is the second after the command name.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/**
 * The process and all its descendants. Scans /proc for parent links: /proc/PID/task/TID/children needs
 * CONFIG_PROC_CHILDREN, which not every kernel has (this one does not).
 */
export function processTree(rootPid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [rootPid];
  }
  const childrenByParent = new Map<number, number[]>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(entry);
    if (parent === null) continue;
    const siblings = childrenByParent.get(parent) ?? [];
    siblings.push(Number(entry));
    childrenByParent.set(parent, siblings);
  }
  const tree: number[] = [];
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    tree.push(pid);
    pending.push(...(childrenByParent.get(pid) ?? []));
  }
  return tree;
}

/** Bytes the process has read through read-like system calls, sockets included (rchar of /proc/PID/io). */
export function bytesRead(pid: number): number | null {
  const io = read(`/proc/${pid}/io`);
  const match = io === null ? null : /^rchar:\s*(\d+)/m.exec(io);
  return match ? Number(match[1]) : null;
}

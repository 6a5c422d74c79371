// Every process the harness starts goes through spawnTracked(), so an interrupted run can stop them all:
// servers, nginx, the load generator, wrk.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

const running = new Set<ChildProcess>();

/** Grace period between SIGTERM and SIGKILL (servers promise to exit within 2 s). */
export const KILL_AFTER_MS = 3000;

/**
 * Starts a child in its own process group, so a Ctrl-C on the terminal reaches the harness alone and the
 * harness stops its children in order (load first, then servers) instead of all dying at once.
 */
export function spawnTracked(file: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(file, args, { ...options, detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  return child;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Signals the child's whole process group (spawnTracked gives each child its own), so a wrapper such as
 * bash or taskset never leaves the program it started running.
 */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal); // not a group leader after all, or already gone
  }
}

/** SIGTERM, then SIGKILL if it is still there after KILL_AFTER_MS; resolves once it has exited. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const escalate = setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_AFTER_MS);
    child.once('exit', () => {
      clearTimeout(escalate);
      resolve();
    });
    signalGroup(child, signal);
  });
}

/**
 * The last resort when the harness ends without stopping them (an uncaught error, process.exit from a
 * second signal): the children run in process groups of their own, so nothing else would reach them.
 * Synchronous, as an exit handler must be; the servers promise to exit on SIGTERM.
 */
process.on('exit', () => {
  for (const child of running)
    if (!hasExited(child) && child.pid !== undefined) signalGroup(child, 'SIGTERM');
});

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
}

/** Prefix that pins a command to CPUs with taskset, or runs it as is. */
export function pinned(cpus: string | null, file: string, args: readonly string[]): [string, string[]] {
  return cpus === null ? [file, [...args]] : ['taskset', ['-c', cpus, file, ...args]];
}

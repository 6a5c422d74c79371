// Ports for the reference targets, which cannot report the port they bound (nginx, the lesson's server):
// the harness picks a free one, then waits until something accepts on it.
import type { ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { stopChild } from '../proc/children.ts';
import { collectStderr, type RunningTarget, runningProcess, type StartFailure } from './running.ts';

/** A port free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until the port accepts; gives up (false) when `gone()` says the process died, or at the deadline. */
export async function waitUntilAccepting(
  port: number,
  gone: () => boolean,
  signal: AbortSignal,
  timeoutMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (gone() || signal.aborted || Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/**
 * A started reference process, once its port accepts: the running target, or why not (it exited, the run
 * was interrupted, or it never listened). `name` says whose failure it is.
 */
export async function whenAccepting(
  name: string,
  child: ChildProcess,
  port: number,
  signal: AbortSignal,
  onExit: () => void = () => {},
): Promise<RunningTarget | StartFailure> {
  const tail = collectStderr(child);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    onExit();
  });
  if (!(await waitUntilAccepting(port, () => exited, signal))) {
    await stopChild(child);
    const why = exited
      ? `${name} exited before listening`
      : signal.aborted
        ? 'interrupted'
        : `${name} did not listen`;
    return { error: why, stderr: tail() };
  }
  return runningProcess(child, '127.0.0.1', port, tail);
}

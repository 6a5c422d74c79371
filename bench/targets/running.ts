// A started target, whatever kind: where to send load, which process tree to sample, how to stop it.
import type { ChildProcess } from 'node:child_process';
import { hasExited, stopChild } from '../proc/children.ts';

export interface RunningTarget {
  readonly host: string;
  readonly port: number;
  /** Root of the process tree to sample; null for a remote server. */
  readonly pid: number | null;
  isAlive(): boolean;
  /** How it ended ("code 1", "signal SIGKILL"), or null while it runs (always null for a remote server). */
  exitDescription(): string | null;
  stderrTail(): string;
  stop(): Promise<void>;
}

export interface StartFailure {
  readonly error: string;
  readonly stderr: string;
}

const STDERR_TAIL_BYTES = 4000;

/** Keeps the last few KB a process wrote to stderr, for the record when it fails. */
export function collectStderr(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-STDERR_TAIL_BYTES);
  });
  return () => tail;
}

export function runningProcess(
  child: ChildProcess,
  host: string,
  port: number,
  tail: () => string,
): RunningTarget {
  return {
    host,
    port,
    pid: child.pid ?? null,
    isAlive: () => !hasExited(child),
    exitDescription: () =>
      child.signalCode !== null
        ? `signal ${child.signalCode}`
        : child.exitCode !== null
          ? `code ${child.exitCode}`
          : null,
    stderrTail: tail,
    stop: () => stopChild(child),
  };
}

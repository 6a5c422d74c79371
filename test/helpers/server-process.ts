// Starts a target the way the bench does (servers/launch.ts), waits for its ready line, and stops it.
import { type ChildProcess, spawn } from 'node:child_process';
import type { ReadyLine } from '../../servers/core/options.ts';
import { serverCommand } from '../../servers/launch.ts';
import { findTarget, type Target } from '../../servers/registry.ts';

export type Ready = ReadyLine;

export interface RunningServer {
  readonly ready: Ready;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then the exit code (or signal name) once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  readonly exited: Promise<number | string>;
}

export function target(spec: string): Target {
  const t = findTarget(spec);
  if ('error' in t) throw new Error(t.error);
  return t;
}

/** Runs a target to completion or to its ready line; rejects with its stderr when it exits first. */
export function startServer(
  spec: string | Target,
  args: readonly string[] = [],
  timeoutMs = 20_000,
  /** A limit on the process's open files (prlimit), to run it out of descriptors. */
  nofile?: number,
): Promise<RunningServer> {
  const t = typeof spec === 'string' ? target(spec) : spec;
  const command = serverCommand(t, ['--port', '0', ...args]);
  const [file, argv] =
    nofile === undefined
      ? [command.file, command.args]
      : ['prlimit', [`--nofile=${nofile}:${nofile}`, '--', command.file, ...command.args]];
  const child = spawn(file, argv, { cwd: command.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      const ready = JSON.parse(out.slice(0, nl)) as Ready;
      resolve({
        ready,
        port: ready.port,
        child,
        stderr: () => err,
        exited,
        stop(signal: NodeJS.Signals = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready; stderr: ${err.trim()}`));
    });
  });
}

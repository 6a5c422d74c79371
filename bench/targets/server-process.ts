// Starts a registry target through the contract: --port 0, then the one JSON ready line on stdout gives
// the port. No fixed port, no sleep: the server says when it listens.
import { createInterface } from 'node:readline';
import type { ReadyLine } from '../../servers/core/options.ts';
import { serverCommand } from '../../servers/launch.ts';
import type { Target } from '../../servers/registry.ts';
import { pinned, spawnTracked, stopChild } from '../proc/children.ts';
import { collectStderr, type RunningTarget, runningProcess, type StartFailure } from './running.ts';

/** Bun and Deno may compile on first start, and Node's bundle may be rebuilt; usually well under a second. */
export const READY_TIMEOUT_MS = 30_000;

/** The ready line (servers/core/options.ts), or null when the line is not one. */
export function parseReadyLine(line: string): ReadyLine | null {
  try {
    const value = JSON.parse(line) as Partial<ReadyLine>;
    if (value.event === 'ready' && typeof value.port === 'number' && value.port > 0) {
      return { ...(value as ReadyLine), host: typeof value.host === 'string' ? value.host : '127.0.0.1' };
    }
  } catch {
    // Not JSON: the contract says stdout holds only the ready line, so this is a broken server.
  }
  return null;
}

export async function startServerProcess(
  target: Target,
  root: string,
  serverCpus: string | null,
  signal: AbortSignal,
  /** More server flags, for a scenario that needs them (a longer idle timeout). */
  extraArgs: readonly string[] = [],
): Promise<RunningTarget | StartFailure> {
  let command: ReturnType<typeof serverCommand>;
  try {
    command = serverCommand(target, ['--port', '0', '--root', root, ...extraArgs]);
  } catch (e) {
    return { error: (e as Error).message, stderr: '' };
  }
  const [file, args] = pinned(serverCpus, command.file, command.args);
  const child = spawnTracked(file, args, { cwd: command.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = collectStderr(child);

  const outcome = await new Promise<ReadyLine | string>((resolve) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => resolve(`no ready line within ${READY_TIMEOUT_MS / 1000} s`),
      READY_TIMEOUT_MS,
    );
    const done = (value: ReadyLine | string) => {
      clearTimeout(timer);
      lines.close();
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done('interrupted');
    signal.addEventListener('abort', onAbort, { once: true });
    lines.once('line', (line) =>
      done(parseReadyLine(line) ?? `the first line on stdout is not a ready line: ${line}`),
    );
    child.once('exit', (code, exitSignal) =>
      done(`exited (${exitSignal ?? `code ${code}`}) before its ready line`),
    );
    child.once('error', (e) => done(`could not start: ${e.message}`));
  });

  if (typeof outcome === 'string') {
    await stopChild(child);
    return { error: outcome, stderr: tail() };
  }
  // Keep reading stdout so a chatty server never blocks on a full pipe.
  child.stdout!.resume();
  return runningProcess(child, outcome.host, outcome.port, tail);
}

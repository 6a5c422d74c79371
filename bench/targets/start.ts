// Starts any kind of target; a remote one is already running, so "starting" it is only naming it.
import type { BenchTarget } from './catalog.ts';
import { startLesson } from './lesson.ts';
import { startNginx } from './nginx.ts';
import type { RunningTarget, StartFailure } from './running.ts';
import { startServerProcess } from './server-process.ts';

export interface StartContext {
  readonly root: string;
  /** taskset CPU list for the server, or null when not pinning. */
  readonly serverCpus: string | null;
  /** Cores the server may use: nginx gets one worker per core. */
  readonly serverCores: number;
  readonly signal: AbortSignal;
}

function remote(origin: string): RunningTarget {
  const url = new URL(origin);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || 80),
    pid: null,
    isAlive: () => true,
    exitDescription: () => null,
    stderrTail: () => '',
    stop: async () => {},
  };
}

/** What a scenario asks of the server beyond the defaults. */
export interface ServerNeeds {
  /** Keep idle keep-alive connections this long (the idle scenario holds thousands for the whole run). */
  readonly idleTimeoutMs?: number;
}

export function startTarget(
  target: BenchTarget,
  context: StartContext,
  needs: ServerNeeds = {},
): Promise<RunningTarget | StartFailure> {
  switch (target.kind) {
    case 'server': {
      const extra = needs.idleTimeoutMs ? ['--idle-timeout', String(needs.idleTimeoutMs)] : [];
      return startServerProcess(target.target, context.root, context.serverCpus, context.signal, extra);
    }
    case 'nginx':
      return startNginx(
        target.binary,
        context.root,
        context.serverCpus,
        context.serverCores,
        context.signal,
        needs.idleTimeoutMs ? Math.ceil(needs.idleTimeoutMs / 1000) : undefined,
      );
    case 'lesson':
      return startLesson(target.python, context.root, context.serverCpus, context.signal);
    case 'remote':
      return Promise.resolve(remote(target.origin));
  }
}

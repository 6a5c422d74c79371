// The one way a load engine that lives in a process of its own is driven (loadgen on Bun, autocannon on
// Node): started once, pinned to the client cores; commands as JSON lines on its stdin, messages as JSON
// lines on its stdout; one window of load at a time. Keeping the engine apart from the harness means its
// CPU time is the client's alone.
import type { ChildProcess } from 'node:child_process';
import { pinned, spawnTracked, stopChild } from '../proc/children.ts';
import type { EngineCommand, EngineMessage } from './engine-protocol.ts';
import type { LoadHooks, LoadOutcome, LoadSpec } from './types.ts';

const READY_TIMEOUT_MS = 30_000;

/** Reads a process's stdout as messages, one JSON object a line. */
function onMessages(child: ChildProcess, handle: (message: EngineMessage) => void): void {
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim() !== '') handle(JSON.parse(line) as EngineMessage);
    }
  });
}

export interface ChildEngine {
  /** What the process said it runs on. */
  readonly runtime: string;
  /** The process that uses the CPU (taskset and prlimit exec it, so the pid is the engine's own). */
  readonly pid: number;
  load(spec: LoadSpec, hooks: LoadHooks, signal: AbortSignal): Promise<LoadOutcome>;
  close(): Promise<void>;
}

/** Starts `file args` pinned to `clientCpus` and waits for its ready message. */
export async function startChildEngine(
  name: string,
  clientCpus: string | null,
  file: string,
  args: readonly string[],
): Promise<ChildEngine> {
  const [command, commandArgs] = pinned(clientCpus, file, args);
  const child = spawnTracked(command, commandArgs, { stdio: ['pipe', 'pipe', 'inherit'] });
  const listeners = new Set<(message: EngineMessage) => void>();
  onMessages(child, (message) => {
    for (const listener of listeners) listener(message);
  });
  const send = (c: EngineCommand) => child.stdin!.write(`${JSON.stringify(c)}\n`);

  const runtime = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start`)), READY_TIMEOUT_MS);
    const onReady = (message: EngineMessage) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      listeners.delete(onReady);
      child.off('exit', onExit);
      resolve(message.runtime);
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}) before it was ready`));
    };
    listeners.add(onReady);
    child.once('exit', onExit);
  });
  const pid = child.pid!;

  function load(spec: LoadSpec, hooks: LoadHooks, signal: AbortSignal): Promise<LoadOutcome> {
    return new Promise((resolve, reject) => {
      const finish = () => {
        listeners.delete(onMessage);
        child.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
      };
      const onMessage = (message: EngineMessage) => {
        if (message.type === 'started') hooks.onWindowStart?.();
        else if (message.type === 'second') hooks.onSecond?.(message.count);
        else if (message.type === 'idle') {
          void Promise.resolve(hooks.onIdle?.()).then(() => send({ type: 'go' }));
        } else if (message.type === 'done') {
          finish();
          resolve(message.outcome);
        } else if (message.type === 'failed') {
          finish();
          reject(new Error(`${name}: ${message.error}`));
        }
      };
      const onExit = (code: number | null, exitSignal: string | null) => {
        finish();
        reject(new Error(`${name} exited (${exitSignal ?? `code ${code}`}) during a run`));
      };
      // Interrupted: the half-finished window is dropped, so the process can simply go.
      const onAbort = () => {
        finish();
        void stopChild(child, 'SIGKILL');
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      listeners.add(onMessage);
      child.once('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      send({ type: 'run', spec });
      hooks.onStart?.(pid);
    });
  }

  return {
    runtime,
    pid,
    load,
    close: async () => {
      child.stdin!.end();
      await stopChild(child);
    },
  };
}

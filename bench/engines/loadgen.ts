// The default engine: loadgen (loadgen/main.bun.ts), the project's own, on the Bun of devDependencies, in a
// process of its own pinned to the client cores. Started once, it makes one run at a time.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, runtimeBinary } from '../../servers/launch.ts';
import { pinned, spawnTracked, stopChild } from '../proc/children.ts';
import type { EngineCommand, EngineMessage } from './loadgen/protocol.ts';
import type { LoadEngine, LoadHooks, LoadOutcome, LoadSpec } from './types.ts';

const MAIN = fileURLToPath(new URL('./loadgen/main.bun.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
/** Descriptors the process needs beyond its connections: Bun's own, stdio, the expected bodies. */
const SPARE_FILES = 64;

/** The hard limit on open files, which the engine's soft limit is raised to (the idle scenario needs thousands). */
export function hardFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const hard = line?.trim().split(/\s+/)[4];
    if (hard === undefined) return null;
    return hard === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(hard);
  } catch {
    return null;
  }
}

function projectVersion(): string {
  const manifest = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { version: string };
  return manifest.version;
}

/** Reads the process's stdout as messages, one JSON object a line. */
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

export async function startLoadgen(clientCpus: string | null): Promise<LoadEngine> {
  const hardLimit = hardFileLimit();
  const bun = runtimeBinary('bun');
  const withLimit: [string, string[]] =
    hardLimit !== null && hardLimit < Number.MAX_SAFE_INTEGER
      ? ['prlimit', [`--nofile=${hardLimit}:${hardLimit}`, '--', bun, 'run', '--silent', MAIN]]
      : [bun, ['run', '--silent', MAIN]];
  const [file, args] = pinned(clientCpus, withLimit[0], withLimit[1]);
  const child = spawnTracked(file, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const listeners = new Set<(message: EngineMessage) => void>();
  onMessages(child, (message) => {
    for (const listener of listeners) listener(message);
  });
  const command = (c: EngineCommand) => child.stdin!.write(`${JSON.stringify(c)}\n`);

  const runtime = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('loadgen did not start')), READY_TIMEOUT_MS);
    const onReady = (message: EngineMessage) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      listeners.delete(onReady);
      child.off('exit', onExit);
      resolve(message.runtime);
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`loadgen exited (code ${code}) before it was ready`));
    };
    listeners.add(onReady);
    child.once('exit', onExit);
  });
  // The process that uses the CPU: taskset and prlimit exec it, so the pid is the engine's own.
  const pid = child.pid!;

  function run(spec: LoadSpec, hooks: LoadHooks, signal: AbortSignal): Promise<LoadOutcome> {
    return new Promise((resolve, reject) => {
      const finish = () => {
        listeners.delete(onMessage);
        child.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
      };
      const onMessage = (message: EngineMessage) => {
        if (message.type === 'second') hooks.onSecond?.(message.count);
        else if (message.type === 'idle') {
          hooks.onIdle?.();
          command({ type: 'go' });
        } else if (message.type === 'done') {
          finish();
          resolve(message.outcome);
        } else if (message.type === 'failed') {
          finish();
          reject(new Error(`loadgen: ${message.error}`));
        }
      };
      const onExit = (code: number | null, exitSignal: string | null) => {
        finish();
        reject(new Error(`loadgen exited (${exitSignal ?? `code ${code}`}) during a run`));
      };
      // Interrupted: the half-finished repetition is dropped, so the process can simply go.
      const onAbort = () => {
        finish();
        void stopChild(child, 'SIGKILL');
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      listeners.add(onMessage);
      child.once('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      command({ type: 'run', spec });
      hooks.onStart?.(pid);
    });
  }

  return {
    name: 'loadgen',
    version: `${projectVersion()} (${runtime})`,
    // One JavaScript thread drives every connection.
    capacityCores: () => 1,
    cannotMeasure: (spec) => {
      const needed = spec.connections + spec.idleConnections + SPARE_FILES;
      if (hardLimit !== null && needed > hardLimit) {
        return `loadgen needs ${needed} open files and the limit here is ${hardLimit} (raise it with ulimit -Hn)`;
      }
      return null;
    },
    run,
    close: async () => {
      child.stdin!.end();
      await stopChild(child);
    },
  };
}

// A cross-check engine: autocannon's programmatic API, in a process of its own pinned to the client cores.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { pinned, spawnTracked, stopChild } from '../proc/children.ts';
import type { WorkerMessage, WorkerRequest } from './autocannon-worker.ts';
import type { LoadEngine, LoadHooks, LoadOutcome, LoadSpec } from './types.ts';

const WORKER = fileURLToPath(new URL('./autocannon-worker.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

export function autocannonVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = JSON.parse(readFileSync(require.resolve('autocannon/package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the autocannon worker did not start')),
      READY_TIMEOUT_MS,
    );
    const onMessage = (message: WorkerMessage) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the autocannon worker exited (code ${code}) before it was ready`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startAutocannon(clientCpus: string | null): Promise<LoadEngine> {
  // tsx's loader runs the worker's TypeScript, as it runs the harness.
  const [file, args] = pinned(clientCpus, process.execPath, ['--import', 'tsx', WORKER]);
  const child = spawnTracked(file, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await waitForReady(child);
  const pid = child.pid!;

  function run(spec: LoadSpec, hooks: LoadHooks, signal: AbortSignal): Promise<LoadOutcome> {
    return new Promise((resolve, reject) => {
      const finish = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'second') hooks.onSecond?.(message.count);
        else if (message.type === 'done') {
          finish();
          resolve(message.outcome);
        } else if (message.type === 'failed') {
          finish();
          reject(new Error(`autocannon: ${message.error}`));
        }
      };
      const onExit = (code: number | null, exitSignal: string | null) => {
        finish();
        reject(new Error(`the autocannon worker exited (${exitSignal ?? `code ${code}`}) during a run`));
      };
      // Interrupted: the half-finished repetition is dropped, so the worker can simply go.
      const onAbort = () => {
        finish();
        child.kill('SIGKILL');
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      child.on('message', onMessage);
      child.once('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      child.send({ type: 'run', spec } satisfies WorkerRequest);
      hooks.onStart?.(pid);
    });
  }

  return {
    name: 'autocannon',
    version: autocannonVersion(),
    // One JavaScript thread makes the requests, whatever the connection count.
    capacityCores: () => 1,
    cannotMeasure: (spec) =>
      spec.rate !== null
        ? `autocannon has no open-loop mode: it cannot send at a fixed rate and count latency from when each request was due`
        : spec.idleConnections > 0
          ? `autocannon cannot hold idle connections beside its load`
          : spec.expect.framing === 'close'
            ? "autocannon's client waits for a Content-Length or chunked body: an answer that ends when the server closes is never counted"
            : null,
    run,
    close: async () => {
      if (child.connected) child.disconnect();
      await stopChild(child);
    },
  };
}

// What the harness and an engine process say to each other: one JSON object a line, commands on the
// process's stdin, messages on its stdout. The engine's side of it is here too (serveEngineCommands): it
// runs in the engine's process, on Bun or Node, so it touches nothing but stdin and stdout.
import type { LoadOutcome, LoadSpec } from './types.ts';

export type EngineCommand =
  | { readonly type: 'run'; readonly spec: LoadSpec }
  /** After an 'idle' message: the harness has read the server's memory, the load may start. */
  | { readonly type: 'go' };

export type EngineMessage =
  /** Once, when the process is up: what runs the load, for the record ("bun 1.4.5"). */
  | { readonly type: 'ready'; readonly runtime: string }
  /** The measurement window has started now (connections open): the harness starts its CPU accounting. */
  | { readonly type: 'started' }
  /** Complete responses in the second of the window that just ended. */
  | { readonly type: 'second'; readonly count: number }
  /** The idle connections are open and answered; waiting for 'go'. */
  | { readonly type: 'idle'; readonly opened: number }
  | { readonly type: 'done'; readonly outcome: LoadOutcome }
  | { readonly type: 'failed'; readonly error: string };

/**
 * The engine's side: reads commands from stdin, writes messages to stdout, one window at a time. `window`
 * makes one window of load; `waitForGo` resolves once the harness has said 'go'.
 */
export function serveEngineCommands(
  runtime: string,
  window: (spec: LoadSpec, waitForGo: () => Promise<void>) => Promise<LoadOutcome>,
): void {
  let goWaiter: (() => void) | null = null;
  let busy = false;
  let pending = '';
  const say = (message: EngineMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
  const runOne = async (spec: LoadSpec) => {
    busy = true;
    try {
      const outcome = await window(spec, () => new Promise<void>((resolve) => (goWaiter = resolve)));
      say({ type: 'done', outcome });
    } catch (e) {
      say({ type: 'failed', error: (e as Error).message });
    } finally {
      busy = false;
    }
  };
  process.stdin.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim() === '') continue;
      const command = JSON.parse(line) as EngineCommand;
      if (command.type === 'go') {
        goWaiter?.();
        goWaiter = null;
      } else if (busy) say({ type: 'failed', error: 'a run is already under way' });
      else void runOne(command.spec);
    }
  });
  // The harness is gone, or asks us to stop: nothing is left to finish, the sockets close with the process.
  process.stdin.on('end', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
  say({ type: 'ready', runtime });
}

/** What the engine process reports each second and when idle connections are ready. */
export function engineSays(message: EngineMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

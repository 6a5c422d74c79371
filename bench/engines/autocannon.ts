// A cross-check engine: autocannon's programmatic API, in a process of its own pinned to the client cores.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startChildEngine } from './child-engine.ts';
import type { EngineDefinition } from './registry.ts';
import type { LoadEngine } from './types.ts';

const WORKER = fileURLToPath(new URL('./autocannon-worker.ts', import.meta.url));

export function autocannonVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = JSON.parse(readFileSync(require.resolve('autocannon/package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

export async function startAutocannon(clientCpus: string | null): Promise<LoadEngine> {
  // tsx's loader runs the worker's TypeScript, as it runs the harness.
  const child = await startChildEngine('autocannon', clientCpus, process.execPath, [
    '--import',
    'tsx',
    WORKER,
  ]);
  return {
    name: 'autocannon',
    version: autocannonVersion(),
    // One JavaScript thread makes the requests, whatever the connection count.
    capacityCores: () => 1,
    cannotMeasure: () => null,
    load: child.load,
    close: child.close,
  };
}

export const autocannonEngine = {
  name: 'autocannon',
  summary: 'autocannon 9 from npm, a cross-check (closed loop only)',
  locate: () => ({ binary: null }),
  wholeSecondWindows: false,
  lacks: {
    openLoop:
      'autocannon has no open-loop mode: it cannot send at a fixed rate and count latency from when each request was due',
    idleConnections: 'autocannon cannot hold idle connections beside its load',
    answersEndedByClose:
      "autocannon's client waits for a Content-Length or chunked body: an answer that ends when the server closes is never counted",
  },
  start: ({ clientCpus }) => startAutocannon(clientCpus),
} as const satisfies EngineDefinition;
